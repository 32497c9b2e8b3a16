"""Telling people: `notify` is what every capability calls; delivery by email (immediately or
in digests) follows each person's preferences."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Case, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from maillage.audit.services import log_action
from maillage.people.models import Person

from . import rules
from .models import Frequency, Kind, Notification, Preference

DEFAULT_FREQUENCY = rules.DEFAULT_FREQUENCY
DEFAULT_FREQUENCIES = rules.DEFAULT_FREQUENCIES
UNSUBSCRIBE_SALT = "maillage.notifications.unsubscribe"
# (choice) An unsubscribe link works for a year: long enough for an old email, short enough
# that a leaked link does not work forever.
UNSUBSCRIBE_MAX_AGE = 365 * 24 * 3600
ALL = "tout"
DIGEST_BATCH = 200


class NotificationError(Exception):
    """A refusal, in French, shown as it is."""


class BadToken(NotificationError):
    pass


class ExpiredToken(NotificationError):
    pass


def notify(
    *,
    recipients: Iterable[Person],
    kind: Kind | str,
    title: str,
    url: str = "",
    body: str = "",
    space=None,
    exclude: Person | None = None,
) -> list[Notification]:
    """Record one in-app notification per recipient (each person once; `exclude` — usually
    the author — is left out). Call it inside the service's transaction; the email follows
    each person's preference for this kind."""
    seen: set[int] = set()
    rows = []
    for person in recipients:
        if person.pk in seen or (exclude is not None and person.pk == exclude.pk):
            continue
        seen.add(person.pk)
        rows.append(
            Notification(
                person=person, space=space, kind=kind, title=title[:300], body=body, url=url
            )
        )
    created = Notification.objects.bulk_create(rows)
    if created:
        ids = [n.pk for n in created]
        transaction.on_commit(lambda: _after_commit(ids))
    return created


# Preferences


def preferences_of(person: Person) -> dict[str, str]:
    """Every kind with the frequency that applies to the person (choice or default)."""
    chosen = dict(person.notification_preferences.values_list("kind", "frequency"))
    return rules.frequencies(chosen)


def _save_frequencies(person: Person, choices: dict[str, str]) -> dict[str, str]:
    """Upsert the person's choices; returns what changed (kind → new frequency)."""
    current = preferences_of(person)
    changed = {kind: f for kind, f in choices.items() if current.get(kind) != f}
    existing = {p.kind: p for p in person.notification_preferences.all()}
    for kind, frequency in changed.items():
        if kind in existing:
            Preference.objects.filter(pk=existing[kind].pk).update(frequency=frequency)
        else:
            Preference.objects.create(person=person, kind=kind, frequency=frequency)
    return changed


def set_preferences(*, actor, person: Person, choices: dict[str, str]) -> dict[str, str]:
    """Record how the person wants each kind by email. Unknown kinds or frequencies are
    refused; returns the kinds that changed."""
    for kind, frequency in choices.items():
        if kind not in Kind.values:
            raise NotificationError(f"Type de notification inconnu : {kind}.")
        if frequency not in Frequency.values:
            raise NotificationError(f"Fréquence inconnue : {frequency}.")
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=person.pk).first()
        changed = _save_frequencies(person, choices)
        if changed:
            log_action(actor=actor, action="notifications.preferences", obj=person, data=changed)
    return changed


# Unsubscribing from the email itself


def unsubscribe_token(person: Person, scope: str = ALL) -> str:
    """A signed, dated token naming the person and what to stop: one kind, one digest
    frequency (every kind sent in that digest), or everything (`ALL`)."""
    return signing.dumps({"p": person.pk, "s": scope}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(person: Person, scope: str = ALL) -> str:
    path = reverse("notifications:unsubscribe", args=[unsubscribe_token(person, scope)])
    return f"{settings.SITE_URL}{path}"


def read_unsubscribe_token(token: str) -> tuple[Person, str]:
    """The person and scope of a token; `BadToken` if altered or unknown, `ExpiredToken` if
    older than a year."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.SignatureExpired as error:
        raise ExpiredToken(
            "Ce lien de désabonnement a expiré. Connectez-vous et choisissez vos notifications "
            "dans « Mon espace »."
        ) from error
    except signing.BadSignature as error:
        raise BadToken("Ce lien de désabonnement n'est pas valide (il a été modifié).") from error
    scope = data.get("s") if isinstance(data, dict) else None
    valid = {ALL, *Kind.values, *rules.DIGEST_FREQUENCIES}
    person = Person.objects.filter(pk=data.get("p")).first() if scope in valid else None
    if person is None:
        raise BadToken("Ce lien de désabonnement ne correspond à aucune personne.")
    return person, scope


def scope_kinds(person: Person, scope: str) -> list[str]:
    """The kinds a scope stops: one kind, every kind, or the kinds sent in a digest."""
    if scope == ALL:
        return list(Kind.values)
    if scope in Kind.values:
        return [scope]
    return [kind for kind, f in preferences_of(person).items() if f == scope]


def scope_label(person: Person, scope: str) -> str:
    """In French, what a scope stops."""
    if scope == ALL:
        return "tous les courriels de notification"
    if scope in Kind.values:
        return f"les courriels « {Kind(scope).label} »"
    return f"le {Frequency(scope).label.lower()}"


def unsubscribe(*, person: Person, scope: str) -> list[str]:
    """Set to « jamais » the kinds of the scope (in-app notifications go on); returns them."""
    with transaction.atomic():
        kinds = scope_kinds(person, scope)
        changed = _save_frequencies(person, dict.fromkeys(kinds, Frequency.NEVER))
        log_action(
            actor=person.user,
            action="notifications.unsubscribe",
            obj=person,
            data={"scope": scope, "kinds": sorted(changed)},
        )
    return kinds


# Reading in the app


def mark_read(*, person: Person, notification_id: int) -> bool:
    """Mark one of the person's notifications as read (not journaled: reading is no
    decision). False if it is not theirs."""
    updated = Notification.objects.filter(
        pk=notification_id, person=person, read_at__isnull=True
    ).update(read_at=timezone.now())
    return bool(updated) or Notification.objects.filter(pk=notification_id, person=person).exists()


def mark_all_read(*, person: Person) -> int:
    return Notification.objects.filter(person=person, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# Email delivery


def with_frequency(queryset):
    """Annotate each notification with the frequency that applies to its person and kind."""
    chosen = Preference.objects.filter(person=OuterRef("person_id"), kind=OuterRef("kind"))
    default = Case(
        *[When(kind=kind, then=Value(str(f))) for kind, f in rules.DEFAULT_FREQUENCIES.items()],
        default=Value(str(rules.DEFAULT_FREQUENCY)),
    )
    return queryset.annotate(frequency=Coalesce(Subquery(chosen.values("frequency")[:1]), default))


def _address(person: Person) -> str:
    user = person.user if person.user_id else None
    return person.email or (user.email if user else "")


def has_address():
    return Q(person__email__gt="") | Q(person__user__email__gt="")


@dataclass
class Email:
    to: str
    subject: str
    text: str
    html: str
    headers: dict


def _email(person: Person, template: str, subject: str, scope: str, context: dict) -> Email:
    """Render one email with its unsubscribe links and RFC 8058 headers."""
    stop_url = unsubscribe_url(person, scope)
    context = {
        "person": person,
        "subject": subject,
        "site_url": settings.SITE_URL,
        "preferences_url": settings.SITE_URL + reverse("notifications:preferences"),
        "list_url": settings.SITE_URL + reverse("notifications:list"),
        "stop_url": stop_url,
        "stop_label": scope_label(person, scope),
        "stop_all_url": unsubscribe_url(person, ALL) if scope != ALL else "",
        **context,
    }
    return Email(
        to=_address(person),
        subject=subject,
        text=render_to_string(f"notifications/email/{template}.txt", context),
        html=render_to_string(f"notifications/email/{template}.html", context),
        headers={
            "List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def notification_email(notification: Notification) -> Email:
    person = notification.person
    prefix = f"[{notification.space.name}] " if notification.space_id else ""
    return _email(
        person,
        "notification",
        f"{prefix}{notification.title}"[:250],
        notification.kind,
        {"notification": notification, "link": _absolute(notification.url)},
    )


def digest_email(person: Person, notifications: list[Notification], frequency: str) -> Email:
    groups = rules.group_digest(
        notifications,
        space_name=lambda n: n.space.name if n.space_id else "",
        kind_of=lambda n: n.kind,
    )
    for group in groups:
        for n in group.items:
            n.link = _absolute(n.url)
    count = len(notifications)
    label = "quotidien" if frequency == Frequency.DAILY else "hebdomadaire"
    subject = f"Votre résumé {label} : {count} notification{'s' if count > 1 else ''}"
    return _email(
        person, "digest", subject, frequency, {"groups": groups, "count": count, "label": label}
    )


def _absolute(url: str) -> str:
    if not url:
        return ""
    return url if url.startswith(("http://", "https://")) else f"{settings.SITE_URL}{url}"


def _enqueue(emails: list[Email]) -> None:
    from .tasks import deliver_notification_email

    def send():
        for email in emails:
            deliver_notification_email.enqueue(
                to=[email.to],
                subject=email.subject,
                text=email.text,
                html=email.html,
                headers=email.headers,
            )

    if emails:
        transaction.on_commit(send)


def _claim(queryset):
    """Lock the rows not yet emailed (skipping those another run holds: never sent twice),
    with what rendering needs."""
    return list(
        queryset.filter(emailed_at__isnull=True)
        .filter(has_address())
        .select_related("person__user", "space")
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("person_id", "created_at", "id")
    )


def _after_commit(notification_ids: list[int]) -> None:
    """Immediate emails for those who asked for them, one per notification (the digests go
    out on their own schedule: `manage.py send_digests`)."""
    send_immediate(notification_ids)


def send_immediate(notification_ids: list[int]) -> int:
    """Email at once the notifications whose person wants their kind immediately; mark them
    emailed in the same transaction. Returns the number of emails queued."""
    with transaction.atomic():
        queryset = with_frequency(Notification.objects.filter(pk__in=notification_ids))
        rows = _claim(queryset.filter(frequency=Frequency.IMMEDIATE))
        if not rows:
            return 0
        emails = [notification_email(n) for n in rows]
        Notification.objects.filter(pk__in=[n.pk for n in rows]).update(emailed_at=timezone.now())
        _enqueue(emails)
    return len(emails)


def digest_candidates(frequency: str) -> list[int]:
    """The people with notifications not yet emailed whose kind they want in this digest."""
    queryset = with_frequency(Notification.objects.filter(emailed_at__isnull=True))
    return list(
        queryset.filter(frequency=frequency)
        .filter(has_address())
        .order_by()
        .values_list("person_id", flat=True)
        .distinct()
    )


def send_digest_batch(person_ids: list[int], frequency: str) -> int:
    """One digest per person of the batch listing their notifications of this frequency not
    yet emailed; claimed, marked and queued in one transaction. A person with nothing left
    (another run took it) gets nothing: a digest is never empty, never sent twice."""
    with transaction.atomic():
        queryset = with_frequency(Notification.objects.filter(person_id__in=person_ids))
        rows = _claim(queryset.filter(frequency=frequency))
        by_person: dict[int, list[Notification]] = {}
        for row in rows:
            by_person.setdefault(row.person_id, []).append(row)
        emails = [digest_email(items[0].person, items, frequency) for items in by_person.values()]
        Notification.objects.filter(pk__in=[n.pk for n in rows]).update(emailed_at=timezone.now())
        _enqueue(emails)
    return len(emails)


def send_digests(frequency: str) -> int:
    """Send the daily or weekly digests (run by `manage.py send_digests`). Returns the number
    of emails queued."""
    if frequency not in rules.DIGEST_FREQUENCIES:
        raise NotificationError("Seuls les résumés quotidien et hebdomadaire existent.")
    candidates = digest_candidates(frequency)
    sent = 0
    for start in range(0, len(candidates), DIGEST_BATCH):
        sent += send_digest_batch(candidates[start : start + DIGEST_BATCH], frequency)
    return sent
