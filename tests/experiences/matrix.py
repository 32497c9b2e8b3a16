"""Authorisation matrix rows for the experiences URLs: name → (method, path(world),
statuses in the order of tests.test_permissions.ROLES)."""

from django.core.files.base import ContentFile

from maillage.experiences.models import Experience, Photo, PosterStatus, Visibility

# anonymous, outsider, elu, referent, agent, admin, superuser
SPACE_PEOPLE = (302, 403, 200, 200, 200, 200, 200)
POSTERS = (302, 403, 200, 200, 200, 200, 403)  # the superuser has no person record
AUTHOR_ONLY = (302, 403, 200, 403, 403, 403, 403)
AUTHOR_OR_ADMIN_POST = (302, 403, 302, 403, 403, 302, 302)
OTHERS_OF_THE_SPACE_POST = (302, 403, 403, 302, 302, 302, 403)
EVERYONE = (200,) * 7


def experience(world, visibility=Visibility.MEMBERS):
    """An experience of the élu with a (fake) video, poster, captions and one photo."""
    item = Experience(
        space=world.space, author=world.elu, title="Retour", text="Récit",
        visibility=visibility, video_type="video/mp4", video_size=10,
        poster_status=PosterStatus.DONE,
    )  # fmt: skip
    item.video.save("v.mp4", ContentFile(b"0123456789"), save=False)
    item.poster.save("p.jpg", ContentFile(b"\xff\xd8\xff"), save=False)
    item.captions.save("s.vtt", ContentFile(b"WEBVTT\n"), save=False)
    item.save()
    photo = Photo(experience=item, content_type="image/png", position=1)
    photo.file.save("p.png", ContentFile(b"\x89PNG"), save=False)
    photo.save()
    return item


def at(item, suffix=""):
    return f"/espaces/cc-test/retours-experience/{item.pk}/{suffix}"


def public_photo(world):
    item = experience(world, Visibility.PUBLIC)
    return at(item, f"photos/{item.photos.get().pk}/")


ROWS = {
    "experiences:list": ("get", lambda w: "/espaces/cc-test/retours-experience/", SPACE_PEOPLE),
    "experiences:create": (
        "get",
        lambda w: "/espaces/cc-test/retours-experience/nouveau/",
        POSTERS,
    ),  # fmt: skip
    "experiences:detail": ("get", lambda w: at(experience(w)), SPACE_PEOPLE),
    "experiences:edit": ("get", lambda w: at(experience(w), "modifier/"), AUTHOR_ONLY),
    "experiences:archive": (
        "post",
        lambda w: at(experience(w), "archiver/"),
        AUTHOR_OR_ADMIN_POST,
    ),  # fmt: skip
    "experiences:helpful": (
        "post",
        lambda w: at(experience(w), "ca-m-a-aide/"),
        OTHERS_OF_THE_SPACE_POST,
    ),  # fmt: skip
    "experiences:video": ("get", lambda w: at(experience(w), "video/"), SPACE_PEOPLE),
    "experiences:poster": ("get", lambda w: at(experience(w), "apercu.jpg"), SPACE_PEOPLE),
    "experiences:captions": (
        "get",
        lambda w: at(experience(w), "sous-titres.vtt"),
        SPACE_PEOPLE,
    ),  # fmt: skip
    # A public experience's files are served to anyone (the public portal shows them).
    "experiences:photo": ("get", public_photo, EVERYONE),
}
