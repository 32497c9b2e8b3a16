import re

import pytest
from django.core import mail, signing
from django.utils import timezone

from maillage.audit.models import ActionLog
from maillage.bulletins import emails, services
from maillage.bulletins.audiences import audience_counts, recipients
from maillage.bulletins.models import (
    Audience,
    Bounce,
    Delivery,
    DeliveryStatus,
    IssueStatus,
    OptOut,
    Subscriber,
)
from maillage.people.models import Function
from maillage.referents.services import referents_per_service
from tests.catalogue.factories import make_service
from tests.people.factories import MandateFactory, PersonFactory
from tests.spaces.factories import SpaceFactory

from .factories import make_issue, make_subscriber, referents_of_two_services

pytestmark = pytest.mark.django_db


def addresses(audience_list, world):
    return {r.address for r in recipients(world.space, audience_list)}


@pytest.mark.parametrize(
    "audience, who",
    [
        (Audience.ELUS, ["elu"]),
        (Audience.MAYORS, ["elu"]),
        (Audience.DGS, ["agent"]),
        (Audience.REFERENTS, ["referent"]),
    ],
)
def test_each_audience_is_computed_from_mandates_and_roles(world, audience, who):
    expected = {getattr(world, name).email.lower() for name in who}
    assert addresses([audience], world) == expected


def test_a_councillor_is_an_elu_but_not_a_mayor(world):
    councillor = MandateFactory(
        organisation=world.commune, function=Function.CONSEILLER_MUNICIPAL
    ).person
    assert councillor.email in addresses([Audience.ELUS], world)
    assert councillor.email not in addresses([Audience.MAYORS], world)


def test_someone_elected_elsewhere_is_in_no_audience(world):
    everyone = addresses(list(Audience.values), world)
    assert world.outsider.email not in everyone


def test_an_address_in_several_audiences_is_counted_once(world):
    make_subscriber(world.space, email=world.elu.email.upper())
    found = recipients(world.space, [Audience.SUBSCRIBERS, Audience.ELUS, Audience.MAYORS])
    assert [r.address for r in found].count(world.elu.email.lower()) == 1
    # The mayor's audience wins: the members' edition.
    assert next(r for r in found if r.address == world.elu.email.lower()).audience == "maires"


def test_a_person_without_any_address_is_left_out(world):
    PersonFactory(email="")  # no account either
    MandateFactory(person=PersonFactory(email=""), organisation=world.commune)
    assert "" not in addresses([Audience.ELUS], world)


def test_unconfirmed_and_unsubscribed_subscribers_get_nothing(world):
    make_subscriber(world.space, "ok@example.org")
    make_subscriber(world.space, "pending@example.org", confirmed=False)
    gone = make_subscriber(world.space, "gone@example.org")
    gone.unsubscribed_at = timezone.now()
    gone.save()
    assert addresses([Audience.SUBSCRIBERS], world) == {"ok@example.org"}


def test_sending_queues_each_address_once_and_sends_it(world):
    issue = make_issue(world.space)
    result = services.send_issue(
        actor=world.agent.user,
        issue=issue,
        audiences=[Audience.ELUS, Audience.MAYORS, Audience.DGS],
    )
    assert result.queued == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.elu.email.lower(), world.agent.email.lower()]
    )
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT and issue.sent_at is not None
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert ActionLog.objects.filter(action="bulletins.send").exists()


def test_a_second_send_sends_nothing_to_those_who_received_it(world):
    issue = make_issue(world.space)
    services.send_issue(actor=world.agent.user, issue=issue, audiences=[Audience.ELUS])
    mail.outbox.clear()
    result = services.send_issue(actor=world.agent.user, issue=issue, audiences=[Audience.ELUS])
    assert (result.queued, result.already) == (0, 1)
    assert mail.outbox == []


def test_a_later_send_reaches_only_the_new_audience(world):
    issue = make_issue(world.space)
    services.send_issue(actor=world.agent.user, issue=issue, audiences=[Audience.ELUS])
    mail.outbox.clear()
    services.send_issue(
        actor=world.agent.user, issue=issue, audiences=[Audience.ELUS, Audience.REFERENTS]
    )
    assert [m.to for m in mail.outbox] == [[world.referent.email.lower()]]


def test_the_database_refuses_a_second_delivery_to_the_same_address(world):
    from django.db import IntegrityError, transaction

    issue = make_issue(world.space)
    Delivery.objects.create(issue=issue, address="a@example.org", audience=Audience.ELUS)
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(issue=issue, address="a@example.org", audience=Audience.DGS)


def test_a_batch_run_twice_sends_nothing_twice(world):
    from maillage.bulletins.tasks import send_deliveries

    issue = make_issue(world.space)
    services.send_issue(actor=world.agent.user, issue=issue, audiences=[Audience.ELUS])
    ids = list(Delivery.objects.values_list("pk", flat=True))
    assert send_deliveries(ids) == 0
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "audiences, message",
    [
        ([], "Choisissez au moins une liste"),
        ([Audience.SUBSCRIBERS], "Aucun destinataire"),
    ],
)
def test_a_send_that_would_reach_nobody_is_refused_and_the_issue_stays_a_draft(
    world, audiences, message
):
    issue = make_issue(world.space)
    with pytest.raises(services.BulletinError, match=message):
        services.send_issue(actor=world.agent.user, issue=issue, audiences=audiences)
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT


def test_an_empty_issue_is_not_sent(world):
    issue = make_issue(world.space, sections=[])
    with pytest.raises(services.BulletinError, match="vide"):
        services.send_issue(actor=world.agent.user, issue=issue, audiences=[Audience.ELUS])


def test_nothing_is_sent_to_a_bounced_or_unsubscribed_address(world):
    Bounce.objects.create(address=world.elu.email.lower())
    OptOut.objects.create(space=world.space, address=world.agent.email.lower())
    issue = make_issue(world.space)
    result = services.send_issue(
        actor=world.agent.user,
        issue=issue,
        audiences=[Audience.ELUS, Audience.DGS, Audience.REFERENTS],
    )
    assert (result.queued, result.bounced, result.unsubscribed) == (1, 1, 1)
    assert [m.to for m in mail.outbox] == [[world.referent.email.lower()]]


def test_members_get_the_members_sections_and_subscribers_do_not(world):
    make_subscriber(world.space, "citoyen@example.org")
    issue = make_issue(
        world.space,
        sections=[("Pour tous", "Public.", False), ("Entre nous", "Secret des membres.", True)],
    )
    services.send_issue(
        actor=world.agent.user, issue=issue, audiences=[Audience.MAYORS, Audience.SUBSCRIBERS]
    )
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "Secret des membres" in by_address[world.elu.email.lower()].body
    assert "Secret des membres" not in by_address["citoyen@example.org"].body
    html = by_address["citoyen@example.org"].alternatives[0][0]
    assert "Secret des membres" not in html and "Public." in html


def test_each_email_carries_its_own_one_click_unsubscribe(world):
    issue = make_issue(world.space)
    services.send_issue(actor=world.agent.user, issue=issue, audiences=[Audience.MAYORS])
    message = mail.outbox[0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert url in message.body
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert services.read_unsubscribe_token(token) == (world.space.pk, world.elu.email.lower())


def test_the_figures_count_sent_bounced_and_unsubscribed_since(world):
    issue = make_issue(world.space)
    services.send_issue(
        actor=world.agent.user,
        issue=issue,
        audiences=[Audience.ELUS, Audience.DGS, Audience.REFERENTS],
    )
    services.record_bounces(addresses=[world.elu.email])
    services.unsubscribe(space=world.space, address=world.agent.email)
    issue.refresh_from_db()
    figures = services.delivery_figures(issue)
    assert figures["total"] == 3
    assert figures[DeliveryStatus.SENT] == 2
    assert figures[DeliveryStatus.BOUNCED] == 1
    assert figures["unsubscribed_since"] == 1


def test_recording_bounces_ignores_what_is_not_an_address_and_counts_repeats(world):
    assert services.record_bounces(
        addresses=["a@example.org", "pas une adresse", "A@example.org "]
    ) == (2, 1)
    assert Bounce.objects.get().count == 2


def test_double_opt_in_sends_a_confirmation_and_nothing_else_until_confirmed(world):
    subscriber = services.subscribe(space=world.space, email=" Citoyen@Example.org ")
    assert subscriber.email == "citoyen@example.org" and not subscriber.is_active
    assert len(mail.outbox) == 1 and "Confirmez" in mail.outbox[0].subject
    assert audience_counts(world.space)[Audience.SUBSCRIBERS] == 0
    # The token is dated to the second: read it from the email rather than making another.
    token = re.search(r"/bulletin/confirmer/([^/\s]+)/", mail.outbox[0].body).group(1)
    assert services.confirm_subscription(token=token) == subscriber
    assert audience_counts(world.space)[Audience.SUBSCRIBERS] == 1


def test_asking_again_soon_does_not_send_a_second_confirmation(world):
    services.subscribe(space=world.space, email="c@example.org")
    services.subscribe(space=world.space, email="C@example.org")
    assert len(mail.outbox) == 1
    assert Subscriber.objects.count() == 1


@pytest.mark.parametrize(
    "email, message",
    [("pas-une-adresse", "pas valide"), ("rebond@example.org", "en erreur")],
)
def test_a_bad_or_bouncing_address_cannot_subscribe(world, email, message):
    Bounce.objects.create(address="rebond@example.org")
    with pytest.raises(services.BulletinError, match=message):
        services.subscribe(space=world.space, email=email)
    assert mail.outbox == []


def test_an_altered_or_expired_confirmation_link_is_refused(world, settings):
    subscriber = services.subscribe(space=world.space, email="c@example.org")
    with pytest.raises(services.BulletinError, match="pas valide"):
        services.confirm_subscription(token=emails.confirm_token(subscriber) + "x")
    old = signing.TimestampSigner(salt=emails.CONFIRM_SALT)
    token = emails.confirm_token(subscriber)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(emails, "CONFIRM_MAX_AGE", -1)
        with pytest.raises(services.BulletinError, match="expiré"):
            services.confirm_subscription(token=token)
    assert old is not None


def test_unsubscribing_stops_a_subscriber_and_resubscribing_needs_a_new_confirmation(world):
    subscriber = make_subscriber(world.space, "c@example.org")
    assert services.unsubscribe(space=world.space, address="c@example.org") is True
    assert services.unsubscribe(space=world.space, address="c@example.org") is False
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None
    assert audience_counts(world.space)[Audience.SUBSCRIBERS] == 0
    services.subscribe(space=world.space, email="c@example.org")
    assert audience_counts(world.space)[Audience.SUBSCRIBERS] == 0
    services.confirm_subscription(token=emails.confirm_token(subscriber))
    assert audience_counts(world.space)[Audience.SUBSCRIBERS] == 1
    assert not OptOut.objects.exists()


def test_an_altered_unsubscribe_link_is_refused():
    with pytest.raises(services.BulletinError):
        services.read_unsubscribe_token("abc")


def test_the_record_bounces_command_reads_one_address_per_line(world, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    issue = make_issue(world.space)
    services.send_issue(actor=world.agent.user, issue=issue, audiences=[Audience.MAYORS])
    path = tmp_path / "rebonds.txt"
    path.write_text(f"# rebonds du jour\n{world.elu.email.upper()}\n\nn'importe quoi\n")
    out = StringIO()
    call_command("record_bounces", str(path), "--reason", "boîte inexistante", stdout=out)
    assert "1 adresse(s) marquée(s) en erreur, 1 ligne(s) ignorée(s)" in out.getvalue()
    assert Delivery.objects.get().status == DeliveryStatus.BOUNCED
    mail.outbox.clear()
    services.send_issue(
        actor=world.agent.user,
        issue=make_issue(world.space, number=9, sent=False),
        audiences=[Audience.MAYORS, Audience.DGS],
    )
    assert [m.to for m in mail.outbox] == [[world.agent.email.lower()]]


# --- Référents of some services only -------------------------------------------------------


def test_the_referents_of_some_services_only_receive_the_issue(world):
    dpo, gis, second = referents_of_two_services(world)
    issue = make_issue(world.space)
    result = services.send_issue(
        actor=world.agent.user, issue=issue, audiences=[Audience.REFERENTS], services=[gis]
    )
    assert result.queued == 1
    assert [m.to for m in mail.outbox] == [[second.email.lower()]]
    log = ActionLog.objects.get(action="bulletins.send")
    assert log.data["services"] == ["SIG mutualisé"]
    # Later, all the référents: only the one left out receives it.
    mail.outbox.clear()
    services.send_issue(actor=world.agent.user, issue=issue, audiences=[Audience.REFERENTS])
    assert [m.to for m in mail.outbox] == [[world.referent.email.lower()]]


def test_services_without_the_referents_list_or_of_another_space_are_refused(world):
    dpo, _gis, _second = referents_of_two_services(world)
    issue = make_issue(world.space)
    with pytest.raises(services.BulletinError, match="cochez aussi la liste"):
        services.send_issue(
            actor=world.agent.user, issue=issue, audiences=[Audience.ELUS], services=[dpo]
        )
    elsewhere = make_service(SpaceFactory(), world.admin, name="Ailleurs")
    with pytest.raises(services.BulletinError, match="pas un service de cet espace"):
        services.send_issue(
            actor=world.agent.user,
            issue=issue,
            audiences=[Audience.REFERENTS],
            services=[elsewhere],
        )
    assert mail.outbox == [] and Delivery.objects.count() == 0
    issue.refresh_from_db()
    assert issue.is_draft


def test_referents_per_service_counts_each_services_referents_in_one_query(
    world, django_assert_num_queries
):
    dpo, gis, _second = referents_of_two_services(world)
    with django_assert_num_queries(1):
        counted = referents_per_service(world.space)
    assert counted == [(dpo, 1), (gis, 1)]
