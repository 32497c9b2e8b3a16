"""Sending convocations with the legal delay and its proof, paper convocations, the chain."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.db import IntegrityError
from django.utils import timezone

from maillage.audit.models import ActionLog
from maillage.meetings.models import (
    Channel,
    Convocation,
    RecipientReason,
    SeatKind,
    SendingProof,
    SittingStatus,
)
from maillage.meetings.services import MeetingError
from maillage.meetings.services import convocations as services
from maillage.people.models import Function
from tests.meetings.factories import (
    AgendaItemFactory,
    SeatFactory,
    SittingFactory,
    council,
    in_days,
)
from tests.people.factories import MandateFactory, PersonFactory


@pytest.fixture
def body(world):
    return council(world.space, members=3)


@pytest.fixture
def sitting(body):
    sitting = SittingFactory(body=body, starts_at=in_days(14))
    AgendaItemFactory(sitting=sitting, position=1, title="Budget primitif 2026")
    return sitting


def send(world, sitting, **kwargs):
    return services.send_convocations(actor=world.agent.user, sitting=sitting, **kwargs)


def paris(year, month, day, hour=18, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def frozen_at(monkeypatch, moment):
    monkeypatch.setattr(timezone, "now", lambda: moment)


# --- Deadline and wording ----------------------------------------------------------------------


def test_the_deadline_of_an_epci_council_on_tuesday_1_march_2022_is_wednesday_23_february(body):
    sitting = SittingFactory(body=body, starts_at=paris(2022, 3, 1), clear_days=5)
    assert services.deadline(sitting) == datetime.date(2022, 2, 23)


def test_the_subject_of_the_email_says_body_day_and_hour_in_french(body):
    body.name = "Conseil communautaire"
    body.save()
    sitting = SittingFactory(body=body, starts_at=paris(2022, 3, 1))
    assert (
        services.convocation_subject(sitting)
        == "Convocation — Conseil communautaire du mardi 1 mars 2022 à 18 h"
    )
    sitting.starts_at = paris(2022, 3, 1, 18, 30)
    assert services.convocation_subject(sitting).endswith("à 18 h 30")


# --- Sending -----------------------------------------------------------------------------------


def test_sending_convenes_every_member_by_email_and_the_sitting_becomes_convened(
    world, sitting, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = send(world, sitting)

    members = [c for c in created if c.reason == RecipientReason.MEMBER]
    assert len(members) == 3
    assert all(c.channel == Channel.EMAIL and c.sent_at for c in created)
    assert all(len(c.token_hash) == 64 for c in created)
    sitting.refresh_from_db()
    assert sitting.status == SittingStatus.CONVENED
    assert sitting.convened_at is not None
    assert len(mailoutbox) == len(created)
    message = mailoutbox[0]
    assert message.subject.startswith("Convocation — Conseil du ")
    assert "1. Budget primitif 2026" in message.body
    assert "/convocations/" in message.body and "seance.ics" in message.body
    assert "Budget primitif 2026" in message.alternatives[0][0]
    assert Convocation.objects.filter(sitting=sitting, delivered_at__isnull=True).count() == 0
    assert ActionLog.objects.filter(action="meetings.send_convocations").count() == 1


def test_only_the_hash_of_the_dossier_link_is_stored(
    world, sitting, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(world, sitting)
    token = mailoutbox[0].body.split("/convocations/")[1].split("/")[0]
    assert not Convocation.objects.filter(token_hash=token).exists()
    assert services.convocation_for_token(token) is not None


def test_a_sitting_that_is_not_in_preparation_is_not_convened_again(world, sitting):
    sitting.status = SittingStatus.CONVENED
    sitting.save()
    with pytest.raises(MeetingError, match="séance en préparation"):
        send(world, sitting)
    assert not Convocation.objects.exists()


def test_a_sitting_with_an_empty_agenda_is_not_convened(world, body):
    sitting = SittingFactory(body=body)
    with pytest.raises(MeetingError, match="ordre du jour est vide"):
        send(world, sitting)
    assert not Convocation.objects.exists()


def test_a_body_without_any_member_is_not_convened(world):
    sitting = SittingFactory(body=council(world.space))
    AgendaItemFactory(sitting=sitting)
    with pytest.raises(MeetingError, match="aucun membre"):
        send(world, sitting)
    assert not Convocation.objects.exists()


def test_sending_after_the_deadline_is_refused_and_says_the_last_day(world, body):
    sitting = SittingFactory(body=body, starts_at=in_days(3), clear_days=5)
    AgendaItemFactory(sitting=sitting)
    with pytest.raises(MeetingError, match="délai de convocation est dépassé"):
        send(world, sitting)
    sitting.refresh_from_db()
    assert sitting.status == SittingStatus.DRAFT and not sitting.urgent
    assert not Convocation.objects.exists()


def test_the_worked_example_sent_on_the_23rd_is_in_time_and_on_the_24th_too_late(
    world, body, monkeypatch
):
    sitting = SittingFactory(body=body, starts_at=paris(2022, 3, 1), clear_days=5)
    AgendaItemFactory(sitting=sitting)
    frozen_at(monkeypatch, paris(2022, 2, 24, 9))
    with pytest.raises(MeetingError, match="mercredi 23 février 2022"):
        send(world, sitting)
    frozen_at(monkeypatch, paris(2022, 2, 23, 23, 30))
    send(world, sitting)
    sitting.refresh_from_db()
    assert sitting.status == SittingStatus.CONVENED


def test_an_urgency_needs_a_reason(world, body):
    sitting = SittingFactory(body=body, starts_at=in_days(3))
    AgendaItemFactory(sitting=sitting)
    with pytest.raises(MeetingError, match="motif de l'urgence"):
        send(world, sitting, urgent=True, urgency_reason="  ")


def test_an_urgency_shortens_the_delay_to_one_clear_day_and_is_reported_at_the_opening(
    world, body, mailoutbox, django_capture_on_commit_callbacks
):
    sitting = SittingFactory(body=body, starts_at=in_days(3))
    AgendaItemFactory(sitting=sitting)
    with django_capture_on_commit_callbacks(execute=True):
        send(world, sitting, urgent=True, urgency_reason="Subvention à voter avant le 31")
    sitting.refresh_from_db()
    assert sitting.urgent and sitting.clear_days == 1
    assert sitting.urgency_reason == "Subvention à voter avant le 31"
    assert sitting.status == SittingStatus.CONVENED
    assert "CONVOCATION EN URGENCE" in mailoutbox[0].body
    assert "Subvention à voter avant le 31" in mailoutbox[0].body


def test_urgent_sitting_on_thursday_15_may_2025_sent_on_the_14th_is_too_late_even_in_urgency(
    world, body, monkeypatch
):
    sitting = SittingFactory(body=body, starts_at=paris(2025, 5, 15), clear_days=5)
    AgendaItemFactory(sitting=sitting)
    frozen_at(monkeypatch, paris(2025, 5, 14, 8))
    with pytest.raises(MeetingError, match="au moins un jour franc.*mardi 13 mai 2025"):
        send(world, sitting, urgent=True, urgency_reason="Inondations")
    sitting.refresh_from_db()
    assert not sitting.urgent and sitting.clear_days == 5
    frozen_at(monkeypatch, paris(2025, 5, 13, 8))
    send(world, sitting, urgent=True, urgency_reason="Inondations")
    sitting.refresh_from_db()
    assert sitting.status == SittingStatus.CONVENED


def test_an_urgency_is_refused_while_the_ordinary_delay_still_holds(world, sitting):
    with pytest.raises(MeetingError, match="délai ordinaire est encore respecté"):
        send(world, sitting, urgent=True, urgency_reason="Pour aller vite")
    sitting.refresh_from_db()
    assert not sitting.urgent


def test_suppleants_and_invited_members_are_convened_with_their_reason(world, body, sitting):
    titulaire = body.seats.first()
    SeatFactory(body=body, kind=SeatKind.SUPPLEANT, substitute_for=titulaire)
    SeatFactory(body=body, kind=SeatKind.INVITE)
    created = send(world, sitting)
    reasons = sorted(c.reason for c in created if c.reason != RecipientReason.COPY)
    assert reasons == ["invite", "membre", "membre", "membre", "suppleant"]


def test_an_epci_council_sends_a_copy_to_municipal_councillors_who_do_not_sit(world, body, sitting):
    councillor = MandateFactory(organisation=world.commune).person
    community = MandateFactory(organisation=world.commune).person
    MandateFactory(
        person=community, organisation=world.epci, function=Function.CONSEILLER_COMMUNAUTAIRE
    )
    created = {c.person_id: c for c in send(world, sitting)}
    assert created[councillor.pk].reason == RecipientReason.COPY
    assert created[world.elu.pk].reason == RecipientReason.COPY  # the mayor, not seated
    assert community.pk not in created
    assert created[body.seats.first().person_id].reason == RecipientReason.MEMBER


def test_a_bureau_sends_no_copies(world):
    from maillage.meetings.models import BodyKind

    bureau = council(world.space, members=2)
    bureau.kind = BodyKind.BUREAU
    bureau.save()
    MandateFactory(organisation=world.commune)
    sitting = SittingFactory(body=bureau)
    AgendaItemFactory(sitting=sitting)
    assert {c.reason for c in send(world, sitting)} == {RecipientReason.MEMBER}


def test_a_158_seat_council_is_sent_without_one_query_per_recipient(
    world, django_assert_max_num_queries
):
    body = council(world.space, members=158)
    sitting = SittingFactory(body=body)
    AgendaItemFactory(sitting=sitting)
    with django_assert_max_num_queries(25):
        created = send(world, sitting)
    assert len([c for c in created if c.reason == RecipientReason.MEMBER]) == 158
    assert SendingProof.objects.count() == len(created)
    assert services.verify_chain().ok


# --- Paper convocations and convening ----------------------------------------------------------


@pytest.fixture
def without_email(body):
    person = PersonFactory(first_name="Paul", last_name="Papier", email="")
    SeatFactory(body=body, person=person)
    return person


def test_a_member_without_email_keeps_the_sitting_in_preparation_and_is_named(
    world, sitting, without_email
):
    created = send(world, sitting)
    paper = next(c for c in created if c.person_id == without_email.pk)
    assert paper.channel == Channel.PAPER and paper.sent_at is None
    sitting.refresh_from_db()
    assert sitting.status == SittingStatus.DRAFT
    (problem,) = services.convening_problems(sitting)
    assert "Paul Papier" in problem and "convocation papier" in problem
    assert not SendingProof.objects.filter(convocation=paper).exists()


def test_recording_the_last_paper_convocation_in_time_convenes_the_sitting(
    world, sitting, without_email
):
    send(world, sitting)
    paper = Convocation.objects.get(person=without_email)
    handed = timezone.now() - datetime.timedelta(minutes=5)
    services.record_paper_convocation(
        actor=world.agent.user, convocation=paper, sent_at=handed, note="Remise en main propre"
    )
    paper.refresh_from_db()
    assert paper.sent_at == handed and paper.paper_note == "Remise en main propre"
    assert paper.proof.previous_hash == SendingProof.objects.order_by("-id")[1].hash
    sitting.refresh_from_db()
    assert sitting.status == SittingStatus.CONVENED
    assert ActionLog.objects.filter(action="meetings.record_paper_convocation").exists()
    assert services.verify_chain().ok


def test_a_paper_convocation_dated_in_the_future_is_refused(world, sitting, without_email):
    send(world, sitting)
    paper = Convocation.objects.get(person=without_email)
    with pytest.raises(MeetingError, match="futur"):
        services.record_paper_convocation(
            actor=world.agent.user,
            convocation=paper,
            sent_at=timezone.now() + datetime.timedelta(hours=1),
        )
    paper.refresh_from_db()
    assert paper.sent_at is None


def test_a_paper_convocation_is_recorded_once_and_an_email_one_never(world, sitting, without_email):
    send(world, sitting)
    paper = Convocation.objects.get(person=without_email)
    services.record_paper_convocation(
        actor=world.agent.user, convocation=paper, sent_at=timezone.now()
    )
    with pytest.raises(MeetingError, match="déjà enregistrée"):
        services.record_paper_convocation(
            actor=world.agent.user, convocation=paper, sent_at=timezone.now()
        )
    by_email = Convocation.objects.filter(channel=Channel.EMAIL).first()
    with pytest.raises(MeetingError, match="par courriel"):
        services.record_paper_convocation(
            actor=world.agent.user, convocation=by_email, sent_at=timezone.now()
        )


def test_a_late_paper_convocation_keeps_the_sitting_in_preparation_and_says_why(
    world, body, without_email, monkeypatch
):
    sitting = SittingFactory(body=body, starts_at=paris(2022, 3, 1))
    AgendaItemFactory(sitting=sitting)
    frozen_at(monkeypatch, paris(2022, 2, 20, 9))
    send(world, sitting)
    frozen_at(monkeypatch, paris(2022, 2, 25, 9))
    paper = Convocation.objects.get(person=without_email)
    services.record_paper_convocation(
        actor=world.agent.user, convocation=paper, sent_at=paris(2022, 2, 24, 17)
    )
    sitting.refresh_from_db()
    assert sitting.status == SittingStatus.DRAFT
    (problem,) = services.convening_problems(sitting)
    assert "après la date limite du mercredi 23 février 2022" in problem


def test_sending_again_convenes_only_the_recipients_added_since(world, body, sitting):
    first = send(world, sitting)
    sitting.status = SittingStatus.DRAFT
    sitting.save()
    with pytest.raises(MeetingError, match="déjà envoyées"):
        send(world, sitting)
    newcomer = SeatFactory(body=body).person
    (again,) = send(world, sitting)
    assert again.person == newcomer
    assert Convocation.objects.count() == len(first) + 1


# --- The proof chain ---------------------------------------------------------------------------


def test_each_link_hashes_the_previous_one_and_the_canonical_record(world, sitting):
    send(world, sitting)
    links = list(SendingProof.objects.order_by("id"))
    assert links[0].previous_hash == "0" * 64
    for before, after in zip(links, links[1:], strict=False):
        assert after.previous_hash == before.hash
    record = json.loads(links[0].payload)
    convocation = links[0].convocation
    assert record["person_id"] == convocation.person_id
    assert record["email"] == convocation.email
    assert record["channel"] == "courriel"
    assert record["sent_at"] == convocation.sent_at.astimezone(datetime.UTC).isoformat()
    assert links[0].payload == json.dumps(
        record, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def test_a_proof_can_be_neither_changed_nor_deleted(world, sitting):
    send(world, sitting)
    link = SendingProof.objects.first()
    with pytest.raises(ValueError):
        link.save()
    with pytest.raises(ValueError):
        link.delete()


def test_the_database_refuses_a_fork_of_the_chain(world, sitting, body):
    send(world, sitting)
    first = SendingProof.objects.order_by("id").first()
    stray = Convocation.objects.create(
        sitting=sitting,
        person=SeatFactory(body=body).person,
        reason=RecipientReason.MEMBER,
        channel=Channel.EMAIL,
        sent_at=timezone.now(),
    )
    with pytest.raises(IntegrityError):
        SendingProof.objects.create(
            convocation=stray, payload="{}", previous_hash=first.previous_hash, hash="f" * 64
        )


def test_a_parallel_sending_that_took_the_head_of_the_chain_is_retried(
    world, sitting, body, monkeypatch
):
    other = SittingFactory(body=body)
    AgendaItemFactory(sitting=other)
    send(world, other)
    real_head = services._chain_head
    calls = []

    def stale_then_real():
        calls.append(1)
        return "0" * 64 if len(calls) == 1 else real_head()

    monkeypatch.setattr(services, "_chain_head", stale_then_real)
    send(world, sitting)
    assert len(calls) == 2
    assert services.verify_chain().ok
    sitting.refresh_from_db()
    assert sitting.status == SittingStatus.CONVENED


def test_a_chain_that_stays_forked_is_refused_in_french_and_changes_nothing(
    world, sitting, body, monkeypatch
):
    other = SittingFactory(body=body)
    AgendaItemFactory(sitting=other)
    send(world, other)
    monkeypatch.setattr(services, "_chain_head", lambda: "0" * 64)
    with pytest.raises(MeetingError, match="réessayez"):
        send(world, sitting)
    assert not sitting.convocations.exists()
    sitting.refresh_from_db()
    assert sitting.status == SittingStatus.DRAFT


def test_verify_convocations_says_the_chain_is_intact(world, sitting, capsys):
    created = send(world, sitting)
    call_command("verify_convocations")
    assert f"Chaîne de preuves intègre : {len(created)} envois vérifiés." in capsys.readouterr().out


def test_tampering_a_sending_time_in_the_database_breaks_verification(world, sitting, capsys):
    send(world, sitting)
    victim = Convocation.objects.order_by("id")[1]
    Convocation.objects.filter(pk=victim.pk).update(
        sent_at=victim.sent_at - datetime.timedelta(days=3)
    )
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_convocations")
    assert exit_info.value.code == 1
    error = capsys.readouterr().err
    assert f"maillon n° {victim.proof.pk}" in error and "la date d'envoi" in error


def test_tampering_a_payload_breaks_verification(world, sitting, capsys):
    send(world, sitting)
    link = SendingProof.objects.order_by("id").first()
    SendingProof.objects.filter(pk=link.pk).update(
        payload=link.payload.replace('"courriel"', '"papier"')
    )
    with pytest.raises(SystemExit):
        call_command("verify_convocations")
    assert "l'empreinte ne correspond pas" in capsys.readouterr().err


def test_changing_an_address_breaks_verification(world, sitting):
    send(world, sitting)
    Convocation.objects.filter(pk=Convocation.objects.first().pk).update(email="autre@x.test")
    report = services.verify_chain()
    assert not report.ok and "l'adresse" in report.reason


def test_a_suppleant_is_told_he_sits_only_if_the_titulaire_is_absent(
    world, body, sitting, mailoutbox, django_capture_on_commit_callbacks
):
    substitute = SeatFactory(
        body=body, kind=SeatKind.SUPPLEANT, substitute_for=body.seats.first()
    ).person
    with django_capture_on_commit_callbacks(execute=True):
        send(world, sitting)
    (message,) = [m for m in mailoutbox if m.to == [substitute.email]]
    assert "en qualité de suppléant" in message.body
    assert "si le titulaire est absent" in message.alternatives[0][0]
