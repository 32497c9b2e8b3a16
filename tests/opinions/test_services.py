"""Opinion requests through their services: preparing, sending, recording, correcting,
closing; and every refusal, in French."""

import datetime

import pytest
from django.db import IntegrityError

from maillage.audit.models import ActionLog
from maillage.meetings.models import BodyKind, SeatKind
from maillage.notifications.models import Notification
from maillage.opinions import services
from maillage.opinions.models import Opinion, OpinionRequest, OpinionTarget, Status
from maillage.opinions.rules import Outcome
from maillage.people.models import Function
from tests.meetings.factories import BodyFactory, SeatFactory
from tests.opinions.factories import PNG, draft_request, pdf, sent_request
from tests.people.factories import MandateFactory, PersonFactory, person_with_account
from tests.territories.factories import CommuneFactory

SENT = datetime.date(2025, 3, 15)
pytestmark = pytest.mark.django_db


def bonneville(request, world):
    return request.targets.get(organisation=world.commune)


def record(actor, target, **kwargs):
    kwargs.setdefault("value", "favorable")
    kwargs.setdefault("deliberation_number", "2025-014")
    kwargs.setdefault("deliberation_date", SENT + datetime.timedelta(days=20))
    kwargs.setdefault("today", SENT + datetime.timedelta(days=30))
    return services.record_opinion(actor=actor, target=target, **kwargs)


# --- Preparing and sending -------------------------------------------------------------------


def test_a_request_is_prepared_as_a_draft_with_its_pdf(world):
    request = draft_request(world.space, actor=world.agent.user)
    assert request.status == Status.DRAFT
    assert request.silence == "poursuite"
    assert request.document.read().startswith(b"%PDF")
    assert ActionLog.objects.filter(action="opinions.create", object_id=str(request.pk)).exists()


def test_a_false_pdf_is_refused(world):
    with pytest.raises(services.OpinionError, match="n'est pas un PDF"):
        draft_request(world.space, document=pdf("faux.pdf", PNG))
    assert not OpinionRequest.objects.exists()


def test_a_pdf_over_20_mo_is_refused(world):
    big = pdf("gros.pdf", b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024))
    with pytest.raises(services.OpinionError, match="dépasse 20 Mo"):
        draft_request(world.space, document=big)


def test_a_request_without_title_is_refused(world):
    with pytest.raises(services.OpinionError, match="titre"):
        draft_request(world.space, title="  ")


def test_a_chosen_deadline_needs_a_silence_rule_and_a_date(world):
    with pytest.raises(services.OpinionError, match="date limite"):
        draft_request(world.space, rule="libre", silence="favorable")
    with pytest.raises(services.OpinionError, match="compter le silence"):
        draft_request(world.space, rule="libre", deadline=SENT)


def test_a_body_of_another_space_is_refused(world):
    body = BodyFactory(kind=BodyKind.COMMISSION_DGS, name="DGS ailleurs")
    with pytest.raises(services.OpinionError, match="n'appartient pas à l'espace"):
        draft_request(world.space, audience="instance", body=body, answer_by="personne")


def test_sending_fixes_the_deadline_and_one_target_per_member_with_its_receipt(world):
    request = sent_request(world.space, actor=world.agent.user, sent_on=SENT)
    assert request.status == Status.OPEN
    assert request.deadline == datetime.date(2025, 5, 15)
    targets = request.targets.order_by("name")
    assert [t.name for t in targets] == ["Bonneville", "Marignier"]
    assert {t.received_on for t in targets} == {SENT}


def test_the_mutualisation_report_gives_three_months_and_favourable_silence(world):
    request = sent_request(world.space, rule="rapport_mutualisation", sent_on=SENT)
    assert request.deadline == datetime.date(2025, 6, 15)
    assert request.silence == "favorable"


def test_sending_notifies_the_mayor_and_the_referent_of_each_member(world):
    MandateFactory(organisation=world.commune, function=Function.ADJOINT)
    sent_request(world.space, actor=world.agent.user, sent_on=SENT)
    told = set(Notification.objects.filter(kind="avis").values_list("person_id", flat=True))
    assert told == {world.elu.pk, world.referent.pk}


def test_a_request_is_sent_only_once(world):
    request = sent_request(world.space, sent_on=SENT)
    with pytest.raises(services.OpinionError, match="déjà envoyée"):
        services.send_request(actor=None, request=request, today=SENT)
    assert request.targets.count() == 2


def test_one_target_per_request_and_organisation_is_a_database_rule(world):
    request = sent_request(world.space, sent_on=SENT)
    with pytest.raises(IntegrityError):
        OpinionTarget.objects.create(
            request=request, organisation=world.commune, name="x", received_on=SENT
        )


def test_a_chosen_deadline_before_the_sending_is_refused_at_sending(world):
    request = draft_request(
        world.space, rule="libre", silence="sans_avis", deadline=datetime.date(2025, 3, 1)
    )
    with pytest.raises(services.OpinionError, match="doit venir après l'envoi"):
        services.send_request(actor=None, request=request, today=SENT)
    request.refresh_from_db()
    assert request.status == Status.DRAFT


def test_a_space_without_members_cannot_send(world):
    world.space.members.all().delete()
    request = draft_request(world.space)
    with pytest.raises(services.OpinionError, match="aucune organisation membre"):
        services.send_request(actor=None, request=request, today=SENT)


def test_a_sent_request_is_no_longer_edited(world):
    request = sent_request(world.space, sent_on=SENT)
    with pytest.raises(services.OpinionError, match="ne se modifie plus"):
        services.update_request(actor=None, request=request, title="Autre titre")


# --- Recording opinions -----------------------------------------------------------------------


def test_the_mayor_records_the_opinion_of_the_council(world):
    request = sent_request(world.space, sent_on=SENT)
    opinion = record(world.elu.user, bonneville(request, world), deliberation_pdf=pdf("d.pdf"))
    assert opinion.value == "favorable"
    assert opinion.capacity == "executif"
    assert opinion.recorded_by_name == "Élise Maire"
    assert opinion.deliberation_pdf.read().startswith(b"%PDF")
    assert ActionLog.objects.filter(action="opinions.record").count() == 1


def test_the_referent_of_the_organisation_records_it(world):
    request = sent_request(world.space, sent_on=SENT)
    opinion = record(world.referent.user, bonneville(request, world))
    assert opinion.capacity == "referent"


def test_an_agent_records_it_on_the_councils_behalf(world):
    request = sent_request(world.space, sent_on=SENT)
    marignier = request.targets.exclude(organisation=world.commune).get()
    opinion = record(world.agent.user, marignier)
    assert opinion.capacity == "agent"


def test_the_mayor_of_another_member_is_refused(world):
    request = sent_request(world.space, sent_on=SENT)
    marignier = request.targets.exclude(organisation=world.commune).get()
    with pytest.raises(services.OpinionError, match="maire \\(ou le président\\) de Marignier"):
        record(world.elu.user, marignier)
    assert not Opinion.objects.exists()


def test_a_referent_of_another_organisation_is_refused(world):
    request = sent_request(world.space, sent_on=SENT)
    marignier = request.targets.exclude(organisation=world.commune).get()
    with pytest.raises(services.OpinionError, match="référent de l'espace"):
        record(world.referent.user, marignier)


@pytest.mark.parametrize("who", ["outsider", "deputy"])
def test_someone_who_is_not_the_mayor_nor_the_referent_is_refused(world, who):
    request = sent_request(world.space, sent_on=SENT)
    if who == "deputy":
        person = person_with_account()
        MandateFactory(person=person, organisation=world.commune, function=Function.ADJOINT)
    else:
        person = world.outsider
    with pytest.raises(services.OpinionError, match="est enregistré par"):
        record(person.user, bonneville(request, world))


def test_an_ended_mayor_mandate_gives_no_right(world):
    request = sent_request(world.space, sent_on=SENT)
    world.elu.mandates.update(end_date=SENT)
    with pytest.raises(services.OpinionError, match="est enregistré par"):
        record(world.elu.user, bonneville(request, world))


def test_reservations_without_text_are_refused(world):
    request = sent_request(world.space, sent_on=SENT)
    with pytest.raises(services.OpinionError, match="énonce ses réserves"):
        record(world.elu.user, bonneville(request, world), value="reserves", comment="  ")


def test_an_unfavourable_opinion_without_reasons_is_refused(world):
    request = sent_request(world.space, sent_on=SENT)
    with pytest.raises(services.OpinionError, match="motifs"):
        record(world.elu.user, bonneville(request, world), value="defavorable")


def test_a_council_opinion_names_its_deliberation(world):
    request = sent_request(world.space, sent_on=SENT)
    with pytest.raises(services.OpinionError, match="numéro et sa date"):
        record(world.elu.user, bonneville(request, world), deliberation_number="")


def test_a_false_deliberation_pdf_is_refused(world):
    request = sent_request(world.space, sent_on=SENT)
    with pytest.raises(services.OpinionError, match="La délibération n'est pas un PDF"):
        record(world.elu.user, bonneville(request, world), deliberation_pdf=pdf("d.pdf", PNG))
    assert not Opinion.objects.exists()


def test_an_opinion_on_the_last_day_is_accepted_and_the_next_day_refused(world):
    request = sent_request(world.space, sent_on=SENT)
    target = bonneville(request, world)
    record(world.elu.user, target, today=datetime.date(2025, 5, 15))
    with pytest.raises(services.OpinionError, match="a expiré le 15 mai 2025") as refusal:
        record(
            world.elu.user,
            target,
            value="defavorable",
            comment="Non.",
            today=datetime.date(2025, 5, 16),
        )
    assert "la procédure se poursuit" in str(refusal.value)
    assert Opinion.objects.get().value == "favorable"


def test_a_second_opinion_is_a_correction_kept_in_the_log(world):
    request = sent_request(world.space, sent_on=SENT)
    target = bonneville(request, world)
    record(world.elu.user, target)
    corrected = record(
        world.referent.user, target, value="reserves", comment="Sous réserve du **budget**."
    )
    assert Opinion.objects.count() == 1
    assert corrected.value == "reserves"
    assert corrected.corrections == 1
    assert corrected.recorded_by_name == "Rémi Référent"
    log = ActionLog.objects.get(action="opinions.correct")
    assert log.data["before"]["value"] == "favorable"
    assert log.data["before"]["recorded_by_name"] == "Élise Maire"


def test_a_correction_after_the_deadline_is_refused(world):
    request = sent_request(world.space, rule="rapport_mutualisation", sent_on=SENT)
    target = bonneville(request, world)
    record(world.elu.user, target)
    with pytest.raises(services.OpinionError, match="réputé favorable"):
        record(world.elu.user, target, today=datetime.date(2025, 6, 16))


def test_no_opinion_on_a_draft(world):
    request = draft_request(world.space)
    target = OpinionTarget.objects.create(
        request=request, organisation=world.commune, name="Bonneville", received_on=SENT
    )
    with pytest.raises(services.OpinionError, match="pas encore envoyée"):
        record(world.agent.user, target)


def test_one_opinion_per_target_is_a_database_rule(world):
    request = sent_request(world.space, sent_on=SENT)
    opinion = record(world.elu.user, bonneville(request, world))
    opinion.pk = None
    with pytest.raises(IntegrityError):
        opinion.save()


# --- Bodies -----------------------------------------------------------------------------------


def dgs_commission(world):
    body = BodyFactory(space=world.space, kind=BodyKind.COMMISSION_DGS, name="Commission des DGS")
    dgs_one = person_with_account(first_name="Dora", last_name="Dgs")
    dgs_two = PersonFactory(first_name="Denis", last_name="Dgs")
    SeatFactory(body=body, person=dgs_one, organisation=world.commune)
    SeatFactory(body=body, person=dgs_two, organisation=CommuneFactory(name="Cluses"))
    SeatFactory(body=body, person=PersonFactory(), kind=SeatKind.INVITE)
    return body, dgs_one, dgs_two


def test_a_body_is_asked_person_by_person(world):
    body, dgs_one, dgs_two = dgs_commission(world)
    request = sent_request(
        world.space, audience="instance", body=body, answer_by="personne", sent_on=SENT
    )
    assert set(request.targets.values_list("person_id", flat=True)) == {dgs_one.pk, dgs_two.pk}
    told = set(Notification.objects.values_list("person_id", flat=True))
    assert told == {dgs_one.pk, dgs_two.pk}
    mine = request.targets.get(person=dgs_one)
    opinion = record(dgs_one.user, mine, deliberation_number="", deliberation_date=None)
    assert opinion.capacity == "membre"
    other = request.targets.get(person=dgs_two)
    with pytest.raises(services.OpinionError, match="Denis Dgs"):
        record(dgs_one.user, other, deliberation_number="", deliberation_date=None)


def test_a_body_is_asked_organisation_by_organisation(world):
    body, dgs_one, _ = dgs_commission(world)
    request = sent_request(
        world.space, audience="instance", body=body, answer_by="organisation", sent_on=SENT
    )
    assert sorted(request.targets.values_list("name", flat=True)) == ["Bonneville", "Cluses"]
    target = request.targets.get(organisation=world.commune)
    opinion = record(dgs_one.user, target, deliberation_number="", deliberation_date=None)
    assert opinion.capacity == "membre"


def test_a_body_without_titulaires_cannot_be_asked(world):
    body = BodyFactory(space=world.space, kind=BodyKind.COMMISSION_DGS, name="Vide")
    request = draft_request(world.space, audience="instance", body=body, answer_by="personne")
    with pytest.raises(services.OpinionError, match="Personne ne siège"):
        services.send_request(actor=None, request=request, today=SENT)


# --- Totals and closing -----------------------------------------------------------------------


def test_silence_counts_as_the_rule_says_only_after_the_deadline(world):
    request = sent_request(world.space, rule="rapport_mutualisation", sent_on=SENT)
    record(world.elu.user, bonneville(request, world), value="defavorable", comment="Non.")
    during = services.summary(request, today=datetime.date(2025, 6, 15))
    assert during.count(Outcome.PENDING) == 1
    after = services.summary(request, today=datetime.date(2025, 6, 16))
    assert after.count(Outcome.SILENCE_FAVOURABLE) == 1
    assert after.count(Outcome.UNFAVOURABLE) == 1
    assert after.population == 2000
    assert not Opinion.objects.filter(target__organisation__name="Marignier").exists()


def test_closing_before_the_deadline_is_refused(world):
    request = sent_request(world.space, sent_on=SENT)
    with pytest.raises(services.OpinionError, match="jusqu'au 15 mai 2025 inclus"):
        services.close_request(request=request, today=datetime.date(2025, 5, 15))


def test_closing_notifies_the_agents_and_admins_with_the_totals(world):
    request = sent_request(world.space, sent_on=SENT)
    record(world.elu.user, bonneville(request, world))
    Notification.objects.all().delete()
    closed = services.close_due_requests(today=datetime.date(2025, 5, 16))
    assert closed == [request]
    request.refresh_from_db()
    assert request.status == Status.CLOSED
    notes = Notification.objects.all()
    assert {n.person_id for n in notes} == {world.agent.pk, world.admin.pk}
    assert "Pas d'avis rendu, la procédure se poursuit : 1 (50%)" in notes[0].body
    assert services.close_due_requests(today=datetime.date(2025, 5, 17)) == []
