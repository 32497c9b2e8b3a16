"""Every change to comments: write, edit, report, hide, show again, keep. Each runs in a
transaction, is journaled, and refuses with a French `CommentError`."""

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from maillage.audit.services import log_action
from maillage.notifications.models import Kind
from maillage.notifications.services import notify
from maillage.people.models import Person
from maillage.spaces.models import Role, SpaceRole
from maillage.spaces.perms import person_of

from .models import Comment, Report
from .registry import entry_for, target_of

MAX_LENGTH = 10000
MAX_REASON = 500


class CommentError(Exception):
    """A refusal, in French, shown as it is."""


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise CommentError("Écrivez votre commentaire avant de l'envoyer.")
    if len(text) > MAX_LENGTH:
        raise CommentError(f"Un commentaire tient en {MAX_LENGTH} caractères au plus.")
    return text


def _person(actor) -> Person:
    person = person_of(actor)
    if person is None:
        raise CommentError("Votre compte n'est rattaché à aucune fiche de personne.")
    return person


def thread_url(comment: Comment, obj=None) -> str:
    """Where a comment is read: the page of its object, at its last page of comments."""
    entry, target = (entry_for(obj), obj) if obj is not None else target_of(comment)
    if entry is None or target is None:
        return ""
    return f"{entry.url_of(target)}?commentaires=last#commentaire-{comment.pk}"


def _readers(entry, obj, people) -> list[Person]:
    """Those of `people` who may still read the object (no leak to someone who lost it)."""
    return [p for p in people if p.user_id and p.user.is_active and entry.can_read(p.user, obj)]


def post_comment(*, actor, obj, text: str) -> Comment:
    """Add a comment to a registered object; its followers (e.g. an item's rapporteur) and
    previous commenters who may still read it are notified (Kind.COMMENT)."""
    entry = entry_for(obj)
    if entry is None:
        raise CommentError("On ne peut pas commenter ce type de contenu.")
    person = _person(actor)
    text = _clean_text(text)
    space = entry.space_of(obj)
    content_type = ContentType.objects.get_for_model(obj)
    with transaction.atomic():
        comment = Comment.objects.create(
            content_type=content_type, object_id=obj.pk, space=space, author=person, text=text
        )
        previous = Comment.objects.on(obj).exclude(pk=comment.pk).values("author_id")
        ids = {p.pk for p in entry.followers(obj) if p is not None}
        people = Person.objects.filter(
            pk__in=ids | set(previous.values_list("author_id", flat=True))
        )
        recipients = _readers(entry, obj, people.select_related("user"))
        notify(
            recipients=recipients,
            kind=Kind.COMMENT,
            title=f"{person.full_name} a commenté {entry.label_of(obj)}",
            url=thread_url(comment, obj),
            space=space,
            exclude=person,
        )
        log_action(actor=actor, action="comments.create", obj=comment, space=space)
    return comment


def edit_comment(*, actor, comment: Comment, text: str) -> Comment:
    """The author rewrites their comment; `edited_at` says it was changed."""
    person = _person(actor)
    if comment.author_id != person.pk:
        raise CommentError("Seul l'auteur d'un commentaire peut le modifier.")
    text = _clean_text(text)
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        if locked.is_hidden:
            raise CommentError("Un commentaire masqué par la modération ne se modifie plus.")
        if locked.text == text:
            return locked
        locked.text = text
        locked.edited_at = timezone.now()
        locked.save(update_fields=["text", "edited_at"])
        log_action(actor=actor, action="comments.edit", obj=locked, space=locked.space)
    comment.text, comment.edited_at = locked.text, locked.edited_at
    return locked


def report_comment(*, actor, comment: Comment, reason: str) -> Report:
    """A reader reports a comment to the space admins, once; the admins are notified."""
    person = _person(actor)
    reason = (reason or "").strip()
    if not reason:
        raise CommentError("Dites pourquoi vous signalez ce commentaire.")
    if len(reason) > 1000:
        raise CommentError("Le motif tient en 1000 caractères au plus.")
    if comment.author_id == person.pk:
        raise CommentError("Vous ne pouvez pas signaler votre propre commentaire.")
    if comment.is_hidden:
        raise CommentError("Ce commentaire est déjà masqué par la modération.")
    try:
        with transaction.atomic():
            report = Report.objects.create(comment=comment, person=person, reason=reason)
            admins = Person.objects.filter(
                space_roles__in=SpaceRole.objects.current().filter(
                    space=comment.space, role=Role.ADMIN
                )
            ).distinct()
            notify(
                recipients=admins,
                kind=Kind.MODERATION,
                title=f"Un commentaire de {comment.author.full_name} a été signalé",
                body=f"Motif : {reason}",
                url=_queue_url(comment),
                space=comment.space,
                exclude=person,
            )
            log_action(
                actor=actor,
                action="comments.report",
                obj=comment,
                data={"reason": reason},
                space=comment.space,
            )
    except IntegrityError as error:
        raise CommentError("Vous avez déjà signalé ce commentaire.") from error
    return report


def _queue_url(comment) -> str:
    from django.urls import reverse

    return reverse("comments:moderation", args=[comment.space.slug])


def hide_comment(*, actor, comment: Comment, reason: str) -> Comment:
    """A space admin hides a comment; the reason is shown in its place, its open reports are
    dealt with, and its author is notified (Kind.MODERATION)."""
    reason = (reason or "").strip()
    if not reason:
        raise CommentError("Indiquez le motif du masquage : il sera affiché à la place du texte.")
    if len(reason) > MAX_REASON:
        raise CommentError(f"Le motif tient en {MAX_REASON} caractères au plus.")
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        if locked.is_hidden:
            raise CommentError("Ce commentaire est déjà masqué.")
        now = timezone.now()
        locked.hidden_at, locked.hidden_reason = now, reason
        locked.hidden_by = actor if getattr(actor, "pk", None) else None
        locked.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
        locked.reports.filter(handled_at__isnull=True).update(handled_at=now)
        notify(
            recipients=[comment.author],
            kind=Kind.MODERATION,
            title="Votre commentaire a été masqué par la modération",
            body=f"Motif : {reason}",
            url=thread_url(locked),
            space=locked.space,
        )
        log_action(
            actor=actor,
            action="comments.hide",
            obj=locked,
            data={"reason": reason},
            space=locked.space,
        )
    return locked


def unhide_comment(*, actor, comment: Comment) -> Comment:
    """A space admin shows a hidden comment again; its author is notified."""
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        if not locked.is_hidden:
            raise CommentError("Ce commentaire n'est pas masqué.")
        locked.hidden_at, locked.hidden_reason, locked.hidden_by = None, "", None
        locked.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
        notify(
            recipients=[comment.author],
            kind=Kind.MODERATION,
            title="Votre commentaire est de nouveau visible",
            url=thread_url(locked),
            space=locked.space,
        )
        log_action(actor=actor, action="comments.unhide", obj=locked, space=locked.space)
    return locked


def dismiss_reports(*, actor, comment: Comment) -> int:
    """A space admin keeps a reported comment: its open reports are closed."""
    with transaction.atomic():
        count = comment.reports.filter(handled_at__isnull=True).update(handled_at=timezone.now())
        if not count:
            raise CommentError("Ce commentaire n'a aucun signalement en attente.")
        log_action(
            actor=actor,
            action="comments.dismiss_reports",
            obj=comment,
            data={"reports": count},
            space=comment.space,
        )
    return count
