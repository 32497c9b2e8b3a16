"""Every change to experiences: posting one (text, themes, communes, photos, a video and its
captions), editing it, archiving it, saying « ça m'a aidé » and withdrawing it, and the
poster image made from the video in the background.

Every file is checked by its real type and size before anything is written: a refused file
leaves nothing stored.
"""

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from maillage.audit.services import log_action
from maillage.notifications.models import Kind
from maillage.notifications.services import notify
from maillage.people.models import ELECTED_FUNCTIONS, Mandate, Person
from maillage.spaces.models import SpaceRole
from maillage.spaces.perms import person_of
from maillage.territories.models import Organisation
from maillage.uploads import real_type

from . import perms, photos, rules
from .models import (
    Experience,
    ExperienceTheme,
    Helpful,
    Photo,
    PosterStatus,
    Status,
    Theme,
    Visibility,
)


class ExperienceError(Exception):
    """A refusal, in French, shown as it is."""


TITLE_MAX = 200
TEXT_MAX = 20000


@dataclass
class CheckedFile:
    upload: object
    mime: str


def _checked_video(upload) -> CheckedFile | None:
    if not upload:
        return None
    mime = real_type(upload)
    error = rules.check_video(mime, upload.size)
    if error:
        raise ExperienceError(error)
    return CheckedFile(upload, mime)


def _checked_captions(upload) -> bytes | None:
    if not upload:
        return None
    if upload.size > rules.CAPTIONS_MAX_BYTES:
        raise ExperienceError(rules.check_captions(b"x" * (rules.CAPTIONS_MAX_BYTES + 1)))
    content = upload.read()
    upload.seek(0)
    error = rules.check_captions(content)
    if error:
        raise ExperienceError(error)
    return content


def _checked_photos(uploads, already: int = 0) -> list[CheckedFile]:
    uploads = [u for u in uploads or [] if u]
    if already + len(uploads) > rules.MAX_PHOTOS:
        raise ExperienceError(
            f"Un retour d'expérience compte au plus {rules.MAX_PHOTOS} photos : aucune photo "
            "n'a été enregistrée."
        )
    checked = []
    for upload in uploads:
        mime = real_type(upload)
        name = getattr(upload, "name", "")
        error = rules.check_photo(mime, upload.size, name)
        if error:
            raise ExperienceError(error)
        try:
            content = photos.prepare(upload, mime, f"« {name} »" if name else "Une photo")
        except photos.PhotoError as refusal:
            raise ExperienceError(str(refusal)) from refusal
        checked.append(CheckedFile(ContentFile(content, name=name or "photo"), mime))
    return checked


def _clean_fields(*, space, title, text, themes, organisations, visibility):
    title = (title or "").strip()
    text = (text or "").strip()
    if not title:
        raise ExperienceError("Donnez un titre à votre retour d'expérience.")
    if len(title) > TITLE_MAX:
        raise ExperienceError(f"Le titre tient en {TITLE_MAX} caractères au plus.")
    if not text:
        raise ExperienceError("Racontez votre expérience : le récit est vide.")
    if len(text) > TEXT_MAX:
        raise ExperienceError("Le récit tient en 20 000 caractères au plus.")
    themes = list(dict.fromkeys(themes or []))
    if not themes:
        raise ExperienceError(
            "Choisissez au moins un thème : c'est ainsi que les autres le trouvent."
        )
    unknown = [t for t in themes if t not in Theme.values]
    if unknown:
        raise ExperienceError("Ce thème n'existe pas : " + ", ".join(unknown) + ".")
    if visibility not in Visibility.values:
        raise ExperienceError("Choisissez qui peut voir ce retour d'expérience.")
    organisations = list(dict.fromkeys(organisations or []))
    members = set(space.members.current().values_list("organisation_id", flat=True)) | {
        space.organisation_id
    }
    outside = [o.name for o in organisations if o.pk not in members]
    if outside:
        raise ExperienceError(
            "Ces organisations ne sont pas membres de l'espace : " + ", ".join(outside) + "."
        )
    return title, text, themes, organisations


def member_organisations(space):
    """The organisations an experience may be tagged with: the space's current members."""
    return Organisation.objects.filter(
        pk__in=space.members.current().values("organisation_id")
    ).order_by("name")


def _save_video(experience, video: CheckedFile):
    experience.video.save(video.upload.name or "video.mp4", video.upload, save=False)
    experience.video_type = video.mime
    experience.video_size = video.upload.size
    experience.poster = ""
    experience.poster_status = PosterStatus.PENDING


def _save_captions(experience, content: bytes):
    experience.captions.save("sous-titres.vtt", ContentFile(content), save=False)


def _save_photos(experience, photos: list[CheckedFile]) -> list[Photo]:
    last = experience.photos.order_by("-position").values_list("position", flat=True).first() or 0
    rows = []
    for index, photo in enumerate(photos, start=last + 1):
        row = Photo(
            experience=experience,
            content_type=photo.mime,
            position=index,
            original_name=(getattr(photo.upload, "name", "") or "")[:255],
        )
        row.file.save(photo.upload.name or "photo", photo.upload, save=False)
        rows.append(row)
    Photo.objects.bulk_create(rows)
    return rows


def _remove_stored(names):
    """Files written before a failed transaction: removed, so that nothing half-saved stays."""
    from django.core.files.storage import default_storage

    for name in names:
        if name:
            default_storage.delete(name)


def readers(space):
    """Who is told of a new experience (Kind.EXPERIENCE): the people who read the space's
    experiences (`perms.can_view_experiences`: a current elected mandate in the space or a
    role given there) and can log in to read it — an email about a page one cannot open
    would help nobody."""
    return Person.objects.filter(
        Q(pk__in=Mandate.objects.current().in_space(space)
          .filter(function__in=ELECTED_FUNCTIONS).values("person_id"))
        | Q(pk__in=SpaceRole.objects.current().filter(space=space).values("person_id")),
        user__is_active=True,
    )  # fmt: skip


def _schedule_poster(experience):
    from .tasks import make_poster

    transaction.on_commit(lambda: make_poster.enqueue(experience.pk))


def post_experience(
    *,
    actor,
    space,
    title: str,
    text: str,
    themes,
    organisations=(),
    visibility: str = Visibility.MEMBERS,
    video=None,
    captions=None,
    photos=(),
) -> Experience:
    """Publish an experience. The author is the actor's person; every file is checked first
    (video: MP4/WebM/QuickTime by real type, at most `rules.VIDEO_MAX_BYTES`; captions:
    WebVTT in UTF-8, only with a video; photos: JPEG/PNG/WebP); a poster image is then made
    from the video in the background. The people of the space are told (Kind.EXPERIENCE,
    weekly digest by default)."""
    if not perms.can_post_experience(actor, space):
        raise ExperienceError(perms.NEED_POST)
    title, text, themes, organisations = _clean_fields(
        space=space, title=title, text=text, themes=themes, organisations=organisations,
        visibility=visibility,
    )  # fmt: skip
    checked_video = _checked_video(video)
    checked_captions = _checked_captions(captions)
    if checked_captions is not None and checked_video is None:
        raise ExperienceError("Des sous-titres accompagnent une vidéo : ajoutez la vidéo.")
    checked_photos = _checked_photos(photos)
    written = []
    try:
        with transaction.atomic():
            experience = Experience(
                space=space,
                author=person_of(actor),
                created_by=actor,
                title=title,
                text=text,
                visibility=visibility,
            )
            if checked_video:
                _save_video(experience, checked_video)
                written.append(experience.video.name)
            if checked_captions is not None:
                _save_captions(experience, checked_captions)
                written.append(experience.captions.name)
            experience.save()
            ExperienceTheme.objects.bulk_create(
                ExperienceTheme(experience=experience, theme=t) for t in themes
            )
            experience.organisations.set(organisations)
            rows = _save_photos(experience, checked_photos)
            written += [row.file.name for row in rows]
            log_action(
                actor=actor,
                action="experiences.post",
                obj=experience,
                space=space,
                data={
                    "visibility": visibility,
                    "video": bool(checked_video),
                    "photos": len(rows),
                    "themes": themes,
                },
            )
            if checked_video:
                _schedule_poster(experience)
            author = experience.author
            notify(
                recipients=readers(space).only("pk"),
                kind=Kind.EXPERIENCE,
                title=f"Retour d'expérience : « {title} », par {author.full_name}",
                url=experience.get_absolute_url(),
                space=space,
                exclude=author,
            )
    except IntegrityError as error:
        _remove_stored(written)
        raise ExperienceError(
            "Le retour d'expérience n'a pas pu être enregistré : réessayez."
        ) from error
    except Exception:
        _remove_stored(written)
        raise
    return experience


def update_experience(
    *,
    actor,
    experience: Experience,
    title: str,
    text: str,
    themes,
    organisations=(),
    visibility: str,
    video=None,
    captions=None,
    photos=(),
    remove_photos=(),
    remove_captions: bool = False,
) -> Experience:
    """The author changes their experience: fields, a new video (replacing the old one, a
    new poster is made), new captions, more photos, photos taken out (kept, no longer
    shown)."""
    if not perms.can_edit_experience(actor, experience):
        raise ExperienceError(perms.NEED_EDIT)
    title, text, themes, organisations = _clean_fields(
        space=experience.space, title=title, text=text, themes=themes,
        organisations=organisations, visibility=visibility,
    )  # fmt: skip
    checked_video = _checked_video(video)
    checked_captions = _checked_captions(captions)
    if checked_captions is not None and checked_video is None and not experience.video:
        raise ExperienceError("Des sous-titres accompagnent une vidéo : ajoutez la vidéo.")
    remove_ids = {int(pk) for pk in remove_photos or []}
    shown = experience.photos.filter(removed_at__isnull=True)
    kept = shown.exclude(pk__in=remove_ids).count()
    checked_photos = _checked_photos(photos, already=kept)
    written = []
    try:
        with transaction.atomic():
            locked = Experience.objects.select_for_update().get(pk=experience.pk)
            if locked.status != Status.PUBLISHED:
                raise ExperienceError("Ce retour d'expérience est archivé : il ne se modifie plus.")
            changed = [
                name
                for name, value in (("title", title), ("text", text), ("visibility", visibility))
                if getattr(locked, name) != value
            ]
            locked.title, locked.text, locked.visibility = title, text, visibility
            if checked_video:
                _save_video(locked, checked_video)
                written.append(locked.video.name)
                changed.append("video")
            if checked_captions is not None:
                _save_captions(locked, checked_captions)
                written.append(locked.captions.name)
                changed.append("captions")
            elif remove_captions and locked.captions:
                locked.captions = ""
                changed.append("captions_removed")
            locked.save()
            locked.themes.exclude(theme__in=themes).delete()
            existing = set(locked.themes.values_list("theme", flat=True))
            ExperienceTheme.objects.bulk_create(
                ExperienceTheme(experience=locked, theme=t) for t in themes if t not in existing
            )
            locked.organisations.set(organisations)
            removed = shown.filter(pk__in=remove_ids).update(removed_at=timezone.now())
            rows = _save_photos(locked, checked_photos)
            written += [row.file.name for row in rows]
            log_action(
                actor=actor,
                action="experiences.edit",
                obj=locked,
                space=locked.space,
                data={
                    "changed": changed,
                    "photos_added": len(rows),
                    "photos_removed": removed,
                    "themes": themes,
                },
            )
            if checked_video:
                _schedule_poster(locked)
    except IntegrityError as error:
        _remove_stored(written)
        raise ExperienceError(
            "Le retour d'expérience n'a pas pu être enregistré : réessayez."
        ) from error
    except Exception:
        _remove_stored(written)
        raise
    return locked


def archive_experience(*, actor, experience: Experience) -> Experience:
    """Archive (never delete): the experience leaves the lists, the portal and the bulletin;
    its author and the admins still open it."""
    if not perms.can_archive_experience(actor, experience):
        raise ExperienceError(perms.NEED_ARCHIVE)
    with transaction.atomic():
        locked = Experience.objects.select_for_update().get(pk=experience.pk)
        if locked.status == Status.ARCHIVED:
            raise ExperienceError("Ce retour d'expérience est déjà archivé.")
        locked.status = Status.ARCHIVED
        locked.archived_at = timezone.now()
        locked.archived_by = actor if getattr(actor, "pk", None) else None
        locked.save(update_fields=["status", "archived_at", "archived_by", "updated_at"])
        log_action(actor=actor, action="experiences.archive", obj=locked, space=locked.space)
    return locked


def say_helpful(*, actor, experience: Experience) -> Helpful:
    """« Ça m'a aidé »: one current mark per person; a second one is refused in French. The
    author is told (Kind.EXPERIENCE)."""
    if not perms.can_say_helpful(actor, experience):
        raise ExperienceError(perms.NEED_HELPFUL)
    person = person_of(actor)
    try:
        with transaction.atomic():
            mark = Helpful.objects.create(experience=experience, person=person)
            log_action(
                actor=actor, action="experiences.helpful", obj=experience, space=experience.space
            )
            notify(
                recipients=[experience.author],
                kind=Kind.EXPERIENCE,
                title=f"{person.full_name} dit que « {experience.title} » l'a aidé(e)",
                url=experience.get_absolute_url(),
                space=experience.space,
                exclude=person,
            )
    except IntegrityError as error:
        raise ExperienceError("Vous avez déjà dit que ce retour vous a aidé.") from error
    return mark


def withdraw_helpful(*, actor, experience: Experience) -> None:
    """Withdraw one's « ça m'a aidé » (the mark is kept, dated)."""
    person = person_of(actor)
    with transaction.atomic():
        count = Helpful.objects.filter(
            experience=experience, person=person, withdrawn_at__isnull=True
        ).update(withdrawn_at=timezone.now())
        if not count:
            raise ExperienceError("Vous n'aviez pas dit que ce retour vous a aidé.")
        log_action(
            actor=actor,
            action="experiences.helpful_withdrawn",
            obj=experience,
            space=experience.space,
        )


def has_said_helpful(person, experience: Experience) -> bool:
    return (
        person is not None
        and Helpful.objects.filter(
            experience=experience, person=person, withdrawn_at__isnull=True
        ).exists()
    )


def record_poster(*, experience_id: int, image: bytes | None, error: str = "") -> None:
    """Store the poster made by the task, or record its failure and tell the author: the
    experience stays, the video plays without a poster."""
    from django.core.files.base import ContentFile

    with transaction.atomic():
        experience = (
            Experience.objects.select_for_update().select_related("space").get(pk=experience_id)
        )
        if image:
            experience.poster.save("apercu.jpg", ContentFile(image), save=False)
            experience.poster_status = PosterStatus.DONE
            experience.save(update_fields=["poster", "poster_status"])
            log_action(actor=None, action="experiences.poster", obj=experience,
                       space=experience.space)  # fmt: skip
            return
        experience.poster_status = PosterStatus.FAILED
        experience.save(update_fields=["poster_status"])
        log_action(
            actor=None,
            action="experiences.poster_failed",
            obj=experience,
            space=experience.space,
            data={"error": error[:500]},
        )
        notify(
            recipients=[experience.author],
            kind=Kind.EXPERIENCE,
            title=f"Image d'aperçu impossible à créer : {experience.title}",
            body="Votre retour d'expérience est publié et la vidéo se lit, mais sans image "
            "d'aperçu. Vous pouvez envoyer de nouveau la vidéo (format MP4 de préférence).",
            url=experience.get_absolute_url(),
            space=experience.space,
        )
