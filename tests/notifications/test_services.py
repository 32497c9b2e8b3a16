from unittest import mock

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from maillage.audit.models import ActionLog
from maillage.notifications import rules, services
from maillage.notifications.models import Frequency, Kind, Notification, Preference
from tests.notifications.factories import NotificationFactory
from tests.people.factories import PersonFactory, person_with_account

pytestmark = pytest.mark.django_db


def notify(person, kind=Kind.THREAD, title="Un nouvel échange", space=None, **kwargs):
    return services.notify(recipients=[person], kind=kind, title=title, space=space, **kwargs)


def choose(person, kind, frequency):
    Preference.objects.update_or_create(person=person, kind=kind, defaults={"frequency": frequency})


# Preferences


def test_mentions_replies_and_meeting_requests_are_immediate_by_default_the_rest_daily():
    assert rules.default_frequency(Kind.MENTION) == Frequency.IMMEDIATE
    assert rules.default_frequency(Kind.REPLY) == Frequency.IMMEDIATE
    assert rules.default_frequency(Kind.MEETING_REQUEST) == Frequency.IMMEDIATE
    assert rules.default_frequency(Kind.SURVEY) == services.DEFAULT_FREQUENCY == Frequency.DAILY


def test_a_persons_choice_overrides_the_default():
    person = PersonFactory()
    choose(person, Kind.MENTION, Frequency.WEEKLY)
    prefs = services.preferences_of(person)
    assert prefs[Kind.MENTION] == Frequency.WEEKLY
    assert prefs[Kind.REPLY] == Frequency.IMMEDIATE
    assert set(prefs) == set(Kind.values)


def test_setting_preferences_records_only_what_changed_and_journals_it(world):
    changed = services.set_preferences(
        actor=world.elu.user,
        person=world.elu,
        choices={Kind.SURVEY: Frequency.DAILY, Kind.POLL: Frequency.NEVER},
    )
    assert changed == {Kind.POLL: Frequency.NEVER}
    assert services.preferences_of(world.elu)[Kind.POLL] == Frequency.NEVER
    assert ActionLog.objects.filter(action="notifications.preferences").count() == 1
    services.set_preferences(
        actor=world.elu.user, person=world.elu, choices={Kind.POLL: Frequency.WEEKLY}
    )
    assert Preference.objects.get(person=world.elu, kind=Kind.POLL).frequency == Frequency.WEEKLY


def test_an_unknown_frequency_is_refused_in_french():
    person = PersonFactory()
    with pytest.raises(services.NotificationError, match="Fréquence inconnue"):
        services.set_preferences(actor=None, person=person, choices={Kind.POLL: "parfois"})
    assert not Preference.objects.exists()


# notify and immediate emails


def test_notify_records_each_recipient_once_and_leaves_out_the_author():
    author, other = PersonFactory(), PersonFactory()
    rows = services.notify(
        recipients=[author, other, other], kind=Kind.COMMENT, title="t", exclude=author
    )
    assert [n.person for n in rows] == [other]


def test_an_immediate_kind_is_emailed_at_once_with_the_french_template(
    django_capture_on_commit_callbacks, world
):
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = notify(
            world.elu, Kind.MENTION, "Ada vous a mentionné", space=world.space, body="**Lisez**"
        )
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [world.elu.email]
    assert email.subject == "[CC du Test] Ada vous a mentionné"
    assert "Bonjour Élise" in email.body
    assert "<strong>Lisez</strong>" in email.alternatives[0][0]
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_a_daily_kind_is_not_emailed_at_once(django_capture_on_commit_callbacks, world):
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = notify(world.elu, Kind.SURVEY)
    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.emailed_at is None


def test_never_means_in_app_only(django_capture_on_commit_callbacks, world):
    choose(world.elu, Kind.MENTION, Frequency.NEVER)
    with django_capture_on_commit_callbacks(execute=True):
        notify(world.elu, Kind.MENTION)
    call_command("send_digests", "--daily")
    call_command("send_digests", "--weekly")
    assert mail.outbox == []
    assert Notification.objects.get().emailed_at is None


def test_an_immediate_notification_is_emailed_once_even_if_delivery_runs_twice(
    django_capture_on_commit_callbacks, world
):
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = notify(world.elu, Kind.MENTION)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_immediate([notification.pk]) == 0
    assert len(mail.outbox) == 1


def test_every_email_carries_the_one_click_unsubscribe_headers(
    django_capture_on_commit_callbacks, world
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(world.elu, Kind.MENTION)
    headers = mail.outbox[0].extra_headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = headers["List-Unsubscribe"]
    assert link.startswith("<http") and "/notifications/desabonnement/" in link
    assert link[1:-1] in mail.outbox[0].body


def test_a_person_without_any_address_gets_no_email_but_keeps_the_notification(
    django_capture_on_commit_callbacks,
):
    person = PersonFactory(email="")
    with django_capture_on_commit_callbacks(execute=True):
        notify(person, Kind.MENTION)
    assert mail.outbox == []
    assert Notification.objects.filter(person=person).count() == 1


def test_the_account_address_is_used_when_the_person_has_none(django_capture_on_commit_callbacks):
    person = person_with_account()
    person.email = ""
    person.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(person, Kind.MENTION)
    assert mail.outbox[0].to == [person.user.email]


# Digests


def test_a_daily_digest_lists_the_notifications_grouped_by_space_and_kind(
    django_capture_on_commit_callbacks, world
):
    person = world.elu
    NotificationFactory(person=person, kind=Kind.SURVEY, title="Enquête A", space=world.space)
    NotificationFactory(person=person, kind=Kind.THREAD, title="Fil B", space=world.space)
    NotificationFactory(person=person, kind=Kind.SURVEY, title="Enquête C", space=world.space)
    NotificationFactory(person=person, kind=Kind.POLL, title="Hors espace D")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_digests(Frequency.DAILY) == 1
    [email] = mail.outbox
    assert email.subject == "Votre résumé quotidien : 4 notifications"
    body = email.body
    # Spaces alphabetically (outside any space last), kinds in their order, oldest first.
    assert (
        body.index("CC du Test — Nouveaux échanges")
        < body.index("Fil B")
        < body.index("CC du Test — Enquêtes")
        < body.index("Enquête A")
        < body.index("Enquête C")
        < body.index("Hors espace — Sondages")
        < body.index("Hors espace D")
    )
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0


def test_the_daily_digest_leaves_weekly_and_immediate_kinds_alone(
    django_capture_on_commit_callbacks, world
):
    choose(world.elu, Kind.POLL, Frequency.WEEKLY)
    daily = NotificationFactory(person=world.elu, kind=Kind.SURVEY)
    weekly = NotificationFactory(person=world.elu, kind=Kind.POLL)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_digests(Frequency.DAILY)
    daily.refresh_from_db(), weekly.refresh_from_db()
    assert daily.emailed_at is not None and weekly.emailed_at is None
    with django_capture_on_commit_callbacks(execute=True):
        services.send_digests(Frequency.WEEKLY)
    weekly.refresh_from_db()
    assert weekly.emailed_at is not None
    assert [e.subject for e in mail.outbox] == [
        "Votre résumé quotidien : 1 notification",
        "Votre résumé hebdomadaire : 1 notification",
    ]


def test_a_digest_is_never_empty(django_capture_on_commit_callbacks, world):
    NotificationFactory(person=world.elu, kind=Kind.MENTION)  # immediate, not in a digest
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_digests(Frequency.DAILY) == 0
    assert mail.outbox == []


def test_a_digest_is_never_sent_twice(django_capture_on_commit_callbacks, world):
    NotificationFactory(person=world.elu, kind=Kind.SURVEY)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", "--daily")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", "--daily")
    assert len(mail.outbox) == 1


def test_two_digest_runs_at_once_never_send_the_same_notification_twice(
    django_capture_on_commit_callbacks, world
):
    """Run B lists its candidates, run A sends everything, then run B claims: it finds the
    rows already taken and sends nothing (no duplicate, no empty digest)."""
    people = [world.elu, world.agent, world.admin]
    for person in people:
        NotificationFactory.create_batch(2, person=person, kind=Kind.SURVEY)
    candidates_b = services.digest_candidates(Frequency.DAILY)
    assert sorted(candidates_b) == sorted(p.pk for p in people)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_digests(Frequency.DAILY) == 3  # run A
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_digest_batch(candidates_b, Frequency.DAILY) == 0  # run B
    assert sorted(e.to[0] for e in mail.outbox) == sorted(p.email for p in people)


def test_a_digest_claims_rows_with_skip_locked():
    """The claim asks the database to skip rows another run holds (PostgreSQL)."""
    queryset = services.with_frequency(Notification.objects.all())
    with mock.patch.object(type(queryset), "select_for_update", autospec=True) as lock:
        lock.return_value = queryset.none()
        services._claim(queryset)
    assert lock.call_args.kwargs == {"skip_locked": True, "of": ("self",)}


def test_the_digest_command_refuses_without_a_frequency():
    with pytest.raises(CommandError, match="--daily --weekly"):
        call_command("send_digests")


# Unsubscribing


def test_a_valid_token_names_the_person_and_the_kind():
    person = PersonFactory()
    token = services.unsubscribe_token(person, Kind.POLL)
    assert services.read_unsubscribe_token(token) == (person, Kind.POLL)


def test_a_tampered_token_is_refused():
    person = PersonFactory()
    token = services.unsubscribe_token(person, Kind.POLL)
    with pytest.raises(services.BadToken, match="n'est pas valide"):
        services.read_unsubscribe_token(token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))


def test_a_token_older_than_a_year_has_expired():
    person = PersonFactory()
    with mock.patch("django.core.signing.time.time", return_value=1_000_000_000):
        token = services.unsubscribe_token(person, Kind.POLL)
    with pytest.raises(services.ExpiredToken, match="expiré"):
        services.read_unsubscribe_token(token)


def test_unsubscribing_from_one_kind_sets_it_to_never_and_journals_it():
    person = PersonFactory()
    services.unsubscribe(person=person, scope=Kind.MENTION)
    prefs = services.preferences_of(person)
    assert prefs[Kind.MENTION] == Frequency.NEVER
    assert prefs[Kind.REPLY] == Frequency.IMMEDIATE
    assert ActionLog.objects.get().action == "notifications.unsubscribe"


def test_unsubscribing_from_the_daily_digest_stops_only_the_kinds_it_carried():
    person = PersonFactory()
    services.unsubscribe(person=person, scope=Frequency.DAILY)
    prefs = services.preferences_of(person)
    assert prefs[Kind.SURVEY] == Frequency.NEVER
    assert prefs[Kind.MENTION] == Frequency.IMMEDIATE


def test_unsubscribing_from_everything_sets_every_kind_to_never():
    person = PersonFactory()
    services.unsubscribe(person=person, scope=services.ALL)
    assert set(services.preferences_of(person).values()) == {Frequency.NEVER}
