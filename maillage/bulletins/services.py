"""Every change to the bulletin: opening an issue from its pre-filled draft, saving it
(optimistic version check), sending it, subscribing (double opt-in), unsubscribing,
recording bounces. Each runs in a transaction and is logged as "bulletins.*"."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from maillage.audit.services import log_action
from maillage.mail import send_email

from . import emails
from .audiences import SERVICES_NEED_REFERENTS, blocked_addresses, normalise, recipients
from .drafting import draft_sections
from .models import (
    Audience,
    Bounce,
    Delivery,
    DeliveryStatus,
    Issue,
    IssueStatus,
    OptOut,
    Section,
    Subscriber,
)
from .tasks import BATCH_SIZE, send_batch

FIRST_ISSUE_COVERS_DAYS = 30  # *(choix)* the first issue looks back one month
CONFIRMATION_RESEND_AFTER = timedelta(minutes=10)  # *(choix)* against a flood of emails
MAX_SECTIONS = 20


class BulletinError(Exception):
    """A refusal, in French, shown to the user as it is."""


# --- Issues -------------------------------------------------------------------------------


def create_issue(*, actor, space, now=None) -> Issue:
    """Open a new draft issue, pre-filled with what happened since the last sent issue."""
    now = now or timezone.now()
    last_sent = Issue.objects.sent().filter(space=space).aggregate(at=Max("sent_at"))["at"]
    since = last_sent or now - timedelta(days=FIRST_ISSUE_COVERS_DAYS)
    sections = draft_sections(space, since, now)
    try:
        with transaction.atomic():
            number = (Issue.objects.filter(space=space).aggregate(n=Max("number"))["n"] or 0) + 1
            month = date_format(timezone.localtime(now), "F Y")
            issue = Issue.objects.create(
                space=space,
                number=number,
                title=f"L'actualité de {month}",
                covers_since=since,
                created_by=actor,
            )
            Section.objects.bulk_create(
                Section(
                    issue=issue,
                    position=i,
                    heading=s.heading,
                    body=s.body,
                    members_only=s.members_only,
                )
                for i, s in enumerate(sections, start=1)
            )
            log_action(
                actor=actor,
                action="bulletins.create",
                obj=issue,
                space=space,
                data={"sections": len(sections)},
            )
    except IntegrityError as error:
        raise BulletinError(
            "Un autre numéro vient d'être ouvert au même moment : réessayez."
        ) from error
    return issue


def save_issue(
    *,
    actor,
    issue: Issue,
    version: int,
    title: str,
    introduction: str,
    sections: list[dict],
    editor: str = "",
) -> Issue:
    """Save a draft. Refused if the issue was sent, or saved by someone else since `version`
    was read (the caller shows the form again with what was typed). `editor` is the token of
    the editing page: a newer version saved by that same page (its autosave, still on its way
    back when « Enregistrer » is clicked) is not someone else's, and the page's whole form
    replaces it."""
    title = (title or "").strip()
    if not title:
        raise BulletinError("Donnez un titre à ce numéro.")
    kept = [
        s for s in sections if (s.get("heading") or "").strip() or (s.get("body") or "").strip()
    ]
    if len(kept) > MAX_SECTIONS:
        raise BulletinError(f"Un numéro compte au plus {MAX_SECTIONS} rubriques.")
    for section in kept:
        if not (section.get("heading") or "").strip():
            raise BulletinError("Chaque rubrique qui a un texte a besoin d'un intertitre.")
    with transaction.atomic():
        current = Issue.objects.select_for_update().get(pk=issue.pk)
        if not current.is_draft:
            raise BulletinError("Ce numéro est déjà envoyé : il ne se modifie plus.")
        if current.version != version and not (editor and current.editor == editor):
            raise BulletinError(
                "Quelqu'un d'autre a enregistré ce numéro pendant que vous l'écriviez. "
                "Vos textes sont conservés ci-dessous : copiez ce que vous voulez garder, "
                "rechargez la page, puis reportez vos changements."
            )
        Issue.objects.filter(pk=issue.pk).update(
            title=title,
            introduction=introduction or "",
            version=F("version") + 1,
            editor=editor,
            updated_at=timezone.now(),
        )
        current.sections.all().delete()
        Section.objects.bulk_create(
            Section(
                issue=current,
                position=i,
                heading=s["heading"].strip(),
                body=s.get("body") or "",
                members_only=bool(s.get("members_only")),
            )
            for i, s in enumerate(kept, start=1)
        )
        current.refresh_from_db()
        log_action(
            actor=actor,
            action="bulletins.edit",
            obj=current,
            space=current.space,
            data={"version": current.version, "sections": len(kept)},
        )
    return current


@dataclass
class SendResult:
    queued: int = 0
    already: int = 0
    bounced: int = 0
    unsubscribed: int = 0
    audiences: list = field(default_factory=list)


def send_issue(*, actor, issue: Issue, audiences, services=()) -> SendResult:
    """Queue the issue for every address of the chosen audiences that has not received it,
    did not bounce and did not unsubscribe. Sending again only reaches those left out.
    `services` (of the issue's space): the référents reached are only those of these
    services."""
    chosen = [a for a in Audience.values if a in set(audiences or [])]
    if not chosen:
        raise BulletinError("Choisissez au moins une liste de destinataires.")
    services = list(services or [])
    if services and Audience.REFERENTS not in chosen:
        raise BulletinError(SERVICES_NEED_REFERENTS)
    if any(service.space_id != issue.space_id for service in services):
        raise BulletinError("Ce service n'est pas un service de cet espace.")
    with transaction.atomic():
        issue = Issue.objects.select_for_update().select_related("space").get(pk=issue.pk)
        if not issue.title.strip() or not issue.sections.exists():
            raise BulletinError(
                "Ce numéro est vide : écrivez au moins une rubrique avant de l'envoyer."
            )
        everyone = recipients(issue.space, chosen, services)
        addresses = [r.address for r in everyone]
        already = set(Delivery.objects.filter(issue=issue).values_list("address", flat=True))
        bounced, opted_out = blocked_addresses(issue.space, addresses)
        result = SendResult(audiences=chosen)
        new = []
        for r in everyone:
            if r.address in already:
                result.already += 1
            elif r.address in bounced:
                result.bounced += 1
            elif r.address in opted_out:
                result.unsubscribed += 1
            else:
                new.append(
                    Delivery(
                        issue=issue, address=r.address, audience=r.audience, person_id=r.person_id
                    )
                )
        if not new and issue.is_draft:
            raise BulletinError(
                "Aucun destinataire à qui envoyer ce numéro dans les listes choisies "
                "(personne avec une adresse, ou toutes désabonnées ou en erreur). "
                "Il reste en brouillon."
            )
        # ignore_conflicts: someone sending at the same moment already queued that address.
        Delivery.objects.bulk_create(new, batch_size=BATCH_SIZE, ignore_conflicts=True)
        ids = list(
            Delivery.objects.filter(issue=issue, status=DeliveryStatus.QUEUED, claim="")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        result.queued = len(new)
        if issue.is_draft:
            Issue.objects.filter(pk=issue.pk).update(
                status=IssueStatus.SENT, sent_at=timezone.now(), version=F("version") + 1
            )
        log_action(
            actor=actor,
            action="bulletins.send",
            obj=issue,
            space=issue.space,
            data={
                "audiences": chosen,
                **({"services": [s.name for s in services]} if services else {}),
                "queued": result.queued,
                "already": result.already,
                "bounced": result.bounced,
                "unsubscribed": result.unsubscribed,
            },
        )
        batches = [ids[i : i + BATCH_SIZE] for i in range(0, len(ids), BATCH_SIZE)]
        transaction.on_commit(lambda: [send_batch.enqueue(delivery_ids=b) for b in batches])
    return result


def delivery_figures(issue: Issue) -> dict:
    """Per-issue figures: queued, sent, failed, bounced, and unsubscribed since sending."""
    counts = dict(
        Delivery.objects.filter(issue=issue).values_list("status").annotate(n=Count("pk"))
    )
    figures = {status: counts.get(status, 0) for status in DeliveryStatus.values}
    figures["total"] = sum(counts.values())
    figures["unsubscribed_since"] = (
        OptOut.objects.filter(
            space_id=issue.space_id,
            created_at__gte=issue.sent_at,
            address__in=Delivery.objects.filter(issue=issue).values("address"),
        ).count()
        if issue.sent_at
        else 0
    )
    return figures


# --- Subscriptions ------------------------------------------------------------------------


def _valid(email: str) -> str:
    address = normalise(email)
    try:
        validate_email(address)
    except ValidationError as error:
        raise BulletinError("Cette adresse électronique n'est pas valide.") from error
    return address


def subscribe(*, space, email: str, now=None) -> Subscriber:
    """Record a subscription to the public edition and send the confirmation link. Nothing is
    sent to the address until it is confirmed (double opt-in). Asking again resends the link,
    at most every ten minutes; an active subscriber is left as is."""
    now = now or timezone.now()
    address = _valid(email)
    if Bounce.objects.filter(address=address).exists():
        raise BulletinError(
            "Les courriels envoyés à cette adresse nous reviennent en erreur : "
            "vérifiez-la ou choisissez-en une autre."
        )
    try:
        with transaction.atomic():
            subscriber, created = Subscriber.objects.select_for_update().get_or_create(
                space=space, email=address
            )
            if subscriber.is_active:
                return subscriber
            recent = subscriber.confirmation_sent_at and (
                now - subscriber.confirmation_sent_at < CONFIRMATION_RESEND_AFTER
            )
            if recent:
                return subscriber
            subscriber.confirmation_sent_at = now
            subscriber.save(update_fields=["confirmation_sent_at"])
            url = reverse("bulletins:confirm", args=[emails.confirm_token(subscriber)])
            send_email(
                to=address,
                subject=f"Confirmez votre abonnement au bulletin de {space.name}",
                template="bulletins/email/confirm",
                context={"space": space, "confirm_path": url},
            )
            log_action(
                actor=None,
                action="bulletins.subscribe",
                obj=subscriber,
                space=space,
                data={"new": created},
            )
    except IntegrityError as error:  # the same address at the same moment
        raise BulletinError(
            "Cette adresse vient d'être enregistrée : consultez vos courriels."
        ) from error
    return subscriber


def read_confirm_token(token: str) -> Subscriber:
    """The subscriber a confirmation link is for (to say which bulletin and address before
    the click), or a French error if the link is expired, cut or forged."""
    return _confirming(token, Subscriber.objects.select_related("space"))


def _confirming(token: str, subscribers) -> Subscriber:
    try:
        data = signing.loads(token, salt=emails.CONFIRM_SALT, max_age=emails.CONFIRM_MAX_AGE)
    except signing.SignatureExpired as error:
        raise BulletinError(
            "Ce lien de confirmation a expiré : abonnez-vous de nouveau pour en recevoir un autre."
        ) from error
    except signing.BadSignature as error:
        raise BulletinError("Ce lien de confirmation n'est pas valide.") from error
    subscriber = subscribers.filter(pk=data.get("i"), email=data.get("a")).first()
    if subscriber is None:
        raise BulletinError("Ce lien de confirmation n'est pas valide.")
    return subscriber


def confirm_subscription(*, token: str, now=None) -> Subscriber:
    """Confirm a subscription from the signed link of the confirmation email."""
    with transaction.atomic():
        subscriber = _confirming(
            token, Subscriber.objects.select_for_update().select_related("space")
        )
        if subscriber.is_active:
            return subscriber
        subscriber.confirmed_at = now or timezone.now()
        subscriber.unsubscribed_at = None
        subscriber.save(update_fields=["confirmed_at", "unsubscribed_at"])
        OptOut.objects.filter(space=subscriber.space, address=subscriber.email).delete()
        log_action(actor=None, action="bulletins.confirm", obj=subscriber, space=subscriber.space)
    return subscriber


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    try:
        data = signing.loads(token, salt=emails.UNSUBSCRIBE_SALT)
        return int(data["s"]), str(data["a"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise BulletinError("Ce lien de désabonnement n'est pas valide.") from error


def has_unsubscribed(*, space, address: str) -> bool:
    return OptOut.objects.filter(space=space, address=normalise(address)).exists()


def unsubscribe(*, space, address: str, now=None) -> bool:
    """Stop every issue of the space's bulletin to `address`; False if it was already done."""
    now = now or timezone.now()
    address = normalise(address)
    with transaction.atomic():
        _, created = OptOut.objects.get_or_create(space=space, address=address)
        Subscriber.objects.filter(space=space, email=address, unsubscribed_at__isnull=True).update(
            unsubscribed_at=now
        )
        if created:
            log_action(
                actor=None, action="bulletins.unsubscribe", space=space, data={"address": address}
            )
    return created


# --- Bounces ------------------------------------------------------------------------------


def record_bounces(*, addresses, reason: str = "") -> tuple[int, int]:
    """Mark addresses as bouncing (nothing is sent to them again) and their latest sent
    delivery as bounced. Returns (recorded, ignored: not an address)."""
    recorded = ignored = 0
    with transaction.atomic():
        for raw in addresses:
            try:
                address = _valid(raw)
            except BulletinError:
                ignored += 1
                continue
            bounce, created = Bounce.objects.get_or_create(
                address=address, defaults={"reason": reason[:300]}
            )
            if not created:
                Bounce.objects.filter(pk=bounce.pk).update(
                    count=F("count") + 1,
                    last_at=timezone.now(),
                    reason=reason[:300] or bounce.reason,
                )
            latest = (
                Delivery.objects.filter(address=address, status=DeliveryStatus.SENT)
                .order_by("-sent_at", "-pk")
                .first()
            )
            if latest is not None:
                Delivery.objects.filter(pk=latest.pk).update(status=DeliveryStatus.BOUNCED)
            recorded += 1
        log_action(
            actor=None, action="bulletins.bounce", data={"recorded": recorded, "ignored": ignored}
        )
    return recorded, ignored
