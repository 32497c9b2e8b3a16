"""Posting, editing, archiving experiences; « ça m'a aidé »; the poster; the best ones."""

import datetime
import io
import warnings
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageFile

from maillage.audit.models import ActionLog
from maillage.experiences import photos, rules, services, tasks
from maillage.experiences.models import Experience, Helpful, Photo, PosterStatus, Status, Theme
from maillage.experiences.services import ExperienceError
from maillage.notifications.models import Kind, Notification
from maillage.notifications.rules import default_frequency
from maillage.people.models import Function
from tests.people.factories import MandateFactory, PersonFactory
from tests.territories.factories import CommuneFactory

from .factories import captions, image, make_experience, needs_ffmpeg, video

pytestmark = pytest.mark.django_db


def stored_files(settings):
    root = settings.MEDIA_ROOT / "experiences"
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


# --- Posting ------------------------------------------------------------------------------------


def test_an_elu_posts_an_experience_with_themes_communes_and_photos(world):
    experience = make_experience(
        world.space, world.elu, themes=[Theme.SCHOOL, Theme.DIGITAL],
        organisations=[world.commune], photos=[image(), image("b.png", "PNG")],
    )  # fmt: skip
    assert experience.author == world.elu
    assert set(experience.themes.values_list("theme", flat=True)) == {"ecole", "numerique"}
    assert list(experience.organisations.all()) == [world.commune]
    assert list(experience.photos.values_list("content_type", flat=True)) == [
        "image/jpeg",
        "image/png",
    ]
    assert experience.poster_status == PosterStatus.NONE
    assert ActionLog.objects.filter(action="experiences.post").count() == 1


def test_the_people_of_the_space_are_told_of_a_new_experience_but_not_its_author(world):
    without_account = PersonFactory()
    MandateFactory(person=without_account, organisation=world.commune, function=Function.ADJOINT)
    experience = make_experience(world.space, world.elu, title="La cantine bio")
    notes = Notification.objects.filter(kind=Kind.EXPERIENCE)
    told = set(notes.values_list("person__last_name", flat=True))
    # Élus, agents, référents and admins of the space, each with an account to log in with.
    assert told == {"Agent", "Référent", "Admin"}
    assert "La cantine bio" in notes.first().title and "Élise Maire" in notes.first().title
    assert notes.first().url == experience.get_absolute_url()


def test_new_experiences_go_in_the_weekly_digest_unless_one_chooses_otherwise():
    assert default_frequency(Kind.EXPERIENCE) == "hebdomadaire"


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"title": " "}, "Donnez un titre"),
        ({"text": ""}, "le récit est vide"),
        ({"themes": []}, "au moins un thème"),
        ({"themes": ["inconnu"]}, "Ce thème n'existe pas"),
        ({"visibility": "secret"}, "qui peut voir"),
    ],
)
def test_incomplete_experiences_are_refused_in_french(world, fields, message):
    values = {"title": "Titre", "text": "Récit", "themes": [Theme.OTHER], "visibility": "membres"}
    values.update(fields)
    with pytest.raises(ExperienceError, match=message):
        services.post_experience(actor=world.elu.user, space=world.space, **values)
    assert not Experience.objects.exists()


def test_a_commune_outside_the_space_cannot_be_tagged(world):
    elsewhere = CommuneFactory(name="Chamonix")
    with pytest.raises(ExperienceError, match="Chamonix"):
        make_experience(world.space, world.elu, organisations=[elsewhere])


@pytest.mark.parametrize("role", ["outsider", "superuser"])
def test_people_outside_the_space_and_accounts_without_a_person_cannot_post(world, role):
    with pytest.raises(ExperienceError, match="réservé"):
        make_experience(world.space, getattr(world, role))


def test_a_video_of_a_false_type_is_refused_and_nothing_is_stored(world, settings):
    fake = SimpleUploadedFile("film.mp4", b"%PDF-1.4 not a video" * 50, content_type="video/mp4")
    with pytest.raises(ExperienceError, match="n'est pas une vidéo MP4, WebM ou QuickTime"):
        make_experience(world.space, world.elu, video=fake, photos=[image()])
    assert not Experience.objects.exists() and not Photo.objects.exists()
    assert stored_files(settings) == []


@needs_ffmpeg
def test_a_video_over_the_limit_is_refused(world, settings, monkeypatch):
    monkeypatch.setattr(rules, "VIDEO_MAX_BYTES", 1000)
    with pytest.raises(ExperienceError, match="la limite est de"):
        make_experience(world.space, world.elu, video=video())
    assert stored_files(settings) == []


@pytest.mark.parametrize(
    "content, message",
    [
        (b"1\n00:00:00,000 --> 00:00:01,000\nBonjour\n", "doit commencer par la ligne"),
        (b"WEBVTTX\n\n", "doit commencer par la ligne"),
        ("WEBVTT\n\nÉté".encode("latin-1"), "UTF-8"),
    ],
)
@needs_ffmpeg
def test_captions_that_are_not_webvtt_are_refused(world, settings, content, message):
    with pytest.raises(ExperienceError, match=message):
        make_experience(world.space, world.elu, video=video(), captions=captions(content))
    assert not Experience.objects.exists()
    assert stored_files(settings) == []


def test_captions_without_a_video_are_refused(world):
    with pytest.raises(ExperienceError, match="accompagnent une vidéo"):
        make_experience(world.space, world.elu, captions=captions())


def test_a_photo_that_is_not_an_image_is_refused_and_no_photo_is_stored(world, settings):
    text = SimpleUploadedFile("photo.jpg", b"juste du texte" * 30, content_type="image/jpeg")
    with pytest.raises(ExperienceError, match="« photo.jpg » n'est pas une image"):
        make_experience(world.space, world.elu, photos=[image(), text])
    assert not Photo.objects.exists()
    assert stored_files(settings) == []


def phone_photo(size=(4000, 3000), orientation=6) -> SimpleUploadedFile:
    """A JPEG as a phone writes it: sideways with an EXIF orientation, the phone's model, the
    time and where it was taken (GPS)."""
    picture = Image.new("RGB", size, (40, 120, 200))
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation: rotate 90° clockwise to display
    exif[0x010F] = "Fabricant"
    exif[0x0110] = "Téléphone 15"
    exif[0x0132] = "2026:06:01 10:00:00"
    exif[0x8825] = {1: "N", 2: (45.0, 54.0, 0.0), 3: "E", 4: (6.0, 7.0, 0.0)}  # GPS
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif, quality=60)
    return SimpleUploadedFile("IMG_0001.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_a_phone_photo_is_kept_upright_smaller_and_without_where_it_was_taken(world):
    upload = phone_photo()
    assert b"Exif" in upload.read(200)
    upload.seek(0)
    experience = make_experience(world.space, world.elu, photos=[upload])
    stored = experience.photos.get()
    with stored.file.open("rb") as handle:
        content = handle.read()
    kept = Image.open(io.BytesIO(content))
    assert kept.format == "JPEG" and stored.content_type == "image/jpeg"
    assert kept.size == (1536, 2048)  # turned upright, at most 2048 px on its longer side
    assert not kept.getexif() and b"Exif" not in content and b"GPS" not in content
    assert stored.original_name == "IMG_0001.jpg"


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_photos_keep_their_format_and_transparency(world, fmt):
    buffer = io.BytesIO()
    Image.new("RGBA", (3000, 1000), (0, 0, 0, 0)).save(buffer, fmt)
    upload = SimpleUploadedFile(f"plan.{fmt.lower()}", buffer.getvalue())
    stored = make_experience(world.space, world.elu, photos=[upload]).photos.get()
    kept = Image.open(stored.file.open("rb"))
    assert (kept.format, kept.size, kept.mode) == (fmt, (2048, 683), "RGBA")


def test_a_photo_of_too_many_pixels_or_unreadable_is_refused_in_french(world, monkeypatch):
    monkeypatch.setitem(photos.MAX_PIXELS, "image/png", 1_000_000)
    buffer = io.BytesIO()
    Image.new("L", (2000, 1000)).save(buffer, "PNG")
    huge = SimpleUploadedFile("grand.png", buffer.getvalue())
    with pytest.raises(ExperienceError, match="« grand.png » compte 2,0 millions de pixels"):
        make_experience(world.space, world.elu, photos=[huge])
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)  # as WeasyPrint sets it
    cut = SimpleUploadedFile("coupee.jpg", phone_photo().read()[:2000])
    with pytest.raises(ExperienceError, match="« coupee.jpg » ne peut pas être lue"):
        make_experience(world.space, world.elu, photos=[cut])
    header_only = bytes.fromhex("89504e470d0a1a0a0000000d49484452") + b"\x00" * 3  # IHDR cut
    broken = SimpleUploadedFile("entete.png", header_only + b"\x00" * 300)
    with pytest.raises(ExperienceError, match="« entete.png » ne peut pas être lue"):
        make_experience(world.space, world.elu, photos=[broken])
    assert not Photo.objects.exists()


def test_our_pixel_limits_apply_not_pillows_warning_which_comes_before_them(world, monkeypatch):
    """Pillow warns from 89 million pixels and refuses from twice that at opening; a JPEG of a
    108-million-pixel phone is under our limit and kept, the refusal beyond is ours."""
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000_000)  # scaled down: 1.2 MP warns
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the warning does not leak out of the upload
        kept = make_experience(world.space, world.elu, photos=[phone_photo(size=(1200, 1000))])
    assert kept.photos.get().file.size > 0
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 500_000)  # 1.2 MP is past twice the limit
    with pytest.raises(ExperienceError, match="compte trop de pixels : la limite est de 120"):
        make_experience(world.space, world.elu, photos=[phone_photo(size=(1200, 1000))])


def test_too_many_photos_are_refused(world, monkeypatch):
    monkeypatch.setattr(rules, "MAX_PHOTOS", 2)
    with pytest.raises(ExperienceError, match="au plus 2 photos"):
        make_experience(world.space, world.elu, photos=[image(), image(), image()])


# --- Video and poster ---------------------------------------------------------------------------


@needs_ffmpeg
@pytest.mark.parametrize("fmt, mime", [("mp4", "video/mp4"), ("webm", "video/webm")])
def test_a_video_gets_a_poster_made_by_ffmpeg(world, django_capture_on_commit_callbacks, fmt,
                                              mime):  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        experience = make_experience(
            world.space, world.agent, video=video(f"film.{fmt}", fmt), captions=captions()
        )
    experience.refresh_from_db()
    assert experience.video_type == mime
    assert experience.poster_status == PosterStatus.DONE
    assert experience.poster.read(3) == b"\xff\xd8\xff"  # a JPEG
    assert experience.captions.read(6) == b"WEBVTT"


@needs_ffmpeg
def test_when_ffmpeg_fails_the_post_stays_without_poster_and_the_author_is_told(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(tasks, "grab_frame", lambda path: (None, "codec inconnu"))
    with django_capture_on_commit_callbacks(execute=True):
        experience = make_experience(world.space, world.elu, video=video())
    experience.refresh_from_db()
    assert experience.status == Status.PUBLISHED and experience.video
    assert experience.poster_status == PosterStatus.FAILED and not experience.poster
    note = Notification.objects.get(person=world.elu)
    assert "Image d'aperçu impossible" in note.title and note.kind == Kind.EXPERIENCE
    assert ActionLog.objects.get(action="experiences.poster_failed").data == {
        "error": "codec inconnu"
    }


def test_grab_frame_says_why_when_ffmpeg_is_missing():
    image_bytes, error = tasks.grab_frame("/tmp/x.mp4", ffmpeg="/nulle/part/ffmpeg")
    assert image_bytes is None and "introuvable" in error


# --- Editing and archiving ----------------------------------------------------------------------


def edit(experience, actor, **changes):
    values = {
        "title": experience.title,
        "text": experience.text,
        "themes": list(experience.themes.values_list("theme", flat=True)),
        "organisations": list(experience.organisations.all()),
        "visibility": experience.visibility,
    }
    values.update(changes)
    return services.update_experience(actor=actor.user, experience=experience, **values)


def test_the_author_edits_their_experience_and_the_change_is_logged(world):
    experience = make_experience(world.space, world.elu, photos=[image(), image()])
    first = experience.photos.first()
    updated = edit(experience, world.elu, title="Nouveau titre", themes=[Theme.ROADS],
                   remove_photos=[first.pk], photos=[image("c.webp", "WEBP")])  # fmt: skip
    assert updated.title == "Nouveau titre"
    assert list(updated.themes.values_list("theme", flat=True)) == ["voirie"]
    shown = updated.photos.filter(removed_at__isnull=True)
    assert [p.position for p in shown] == [2, 3]
    assert Photo.objects.get(pk=first.pk).removed_at is not None  # kept, not shown
    log = ActionLog.objects.get(action="experiences.edit")
    assert log.data["changed"] == ["title"] and log.data["photos_removed"] == 1


@pytest.mark.parametrize("role", ["agent", "admin", "referent"])
def test_only_the_author_edits(world, role):
    experience = make_experience(world.space, world.elu)
    with pytest.raises(ExperienceError, match="réservé à son auteur"):
        edit(experience, getattr(world, role), title="Autre")


def test_the_author_and_an_admin_archive_never_delete(world):
    mine = make_experience(world.space, world.elu)
    services.archive_experience(actor=world.elu.user, experience=mine)
    theirs = make_experience(world.space, world.agent)
    services.archive_experience(actor=world.admin.user, experience=theirs)
    assert Experience.objects.filter(status=Status.ARCHIVED).count() == 2
    with pytest.raises(ExperienceError, match="déjà archivé"):
        services.archive_experience(actor=world.elu.user, experience=mine)
    with pytest.raises(ExperienceError, match="il ne se modifie plus|réservé"):
        edit(Experience.objects.get(pk=mine.pk), world.elu, title="Trop tard")


def test_an_agent_who_is_not_the_author_cannot_archive(world):
    experience = make_experience(world.space, world.elu)
    with pytest.raises(ExperienceError, match="Archiver"):
        services.archive_experience(actor=world.agent.user, experience=experience)


# --- Ça m'a aidé and the best ones --------------------------------------------------------------


def test_helpful_is_one_per_person_and_withdrawable(world):
    experience = make_experience(world.space, world.elu)
    services.say_helpful(actor=world.agent.user, experience=experience)
    with pytest.raises(ExperienceError, match="déjà dit"):
        services.say_helpful(actor=world.agent.user, experience=experience)
    services.withdraw_helpful(actor=world.agent.user, experience=experience)
    with pytest.raises(ExperienceError, match="n'aviez pas"):
        services.withdraw_helpful(actor=world.agent.user, experience=experience)
    services.say_helpful(actor=world.agent.user, experience=experience)
    assert Helpful.objects.filter(experience=experience).count() == 2  # history kept
    assert Helpful.objects.filter(withdrawn_at__isnull=True).count() == 1


def test_the_author_is_told_when_their_experience_helped_someone(world):
    experience = make_experience(world.space, world.elu, title="La cantine bio")
    services.say_helpful(actor=world.agent.user, experience=experience)
    note = Notification.objects.get(person=world.elu, kind=Kind.EXPERIENCE)
    assert note.title == "Arno Agent dit que « La cantine bio » l'a aidé(e)"
    services.withdraw_helpful(actor=world.agent.user, experience=experience)
    assert Notification.objects.filter(person=world.elu).count() == 1  # no note on withdrawal


@pytest.mark.parametrize("role", ["elu", "outsider", "superuser"])
def test_the_author_and_people_outside_the_space_cannot_say_helpful(world, role):
    experience = make_experience(world.space, world.elu)
    with pytest.raises(ExperienceError, match="ça m'a aidé"):
        services.say_helpful(actor=getattr(world, role), experience=experience)


def test_the_best_are_the_most_helpful_over_the_period_without_archived_ones(world):
    first = make_experience(world.space, world.elu, title="Un")
    second = make_experience(world.space, world.elu, title="Deux")
    archived = make_experience(world.space, world.elu, title="Archivé")
    make_experience(world.space, world.elu, title="Sans aide")
    for person in (world.agent, world.referent, world.admin):
        services.say_helpful(actor=person.user, experience=second)
    services.say_helpful(actor=world.agent.user, experience=first)
    services.say_helpful(actor=world.agent.user, experience=archived)
    services.archive_experience(actor=world.elu.user, experience=archived)
    old = Helpful.objects.filter(experience=second)[:2]
    Helpful.objects.filter(pk__in=[h.pk for h in old]).update(
        created_at=timezone.now() - datetime.timedelta(days=60)
    )
    assert [e.title for e in Experience.objects.best(world.space)] == ["Deux", "Un"]
    since = timezone.now() - datetime.timedelta(days=30)
    best = list(Experience.objects.best(world.space, since=since))
    assert [(e.title, e.helpful_count) for e in best] == [("Deux", 1), ("Un", 1)]
    assert list(Experience.objects.best(world.space, public_only=True)) == []


def test_public_lists_only_published_public_experiences(world):
    public = make_experience(world.space, world.elu, visibility="public")
    make_experience(world.space, world.elu)
    archived = make_experience(world.space, world.elu, visibility="public")
    services.archive_experience(actor=world.elu.user, experience=archived)
    assert list(Experience.objects.public()) == [public]


def test_a_double_click_on_helpful_is_caught_by_the_database(world):
    experience = make_experience(world.space, world.elu)
    services.say_helpful(actor=world.agent.user, experience=experience)
    with mock.patch("maillage.experiences.perms.can_say_helpful", return_value=True):
        with pytest.raises(ExperienceError, match="déjà dit"):
            services.say_helpful(actor=world.agent.user, experience=experience)
