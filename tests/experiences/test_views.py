"""Pages of experiences: posting from the form (and its refusals, the text kept), the page,
« ça m'a aidé », archiving, the list with filters and a flat query count, and the files —
the video answering Range requests."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from maillage.experiences import services
from maillage.experiences.models import Experience, Theme, Visibility
from maillage.spaces.models import Role
from tests.people.factories import person_with_account
from tests.spaces.factories import give

from .factories import VTT, captions, image, make_experience, needs_ffmpeg, video
from .matrix import experience as experience_with_files

pytestmark = pytest.mark.django_db

BASE = "/espaces/cc-test/retours-experience/"


def form(**extra):
    data = {
        "title": "La cantine en circuit court",
        "text": "Nous avons **changé** de fournisseur.",
        "themes": [Theme.SCHOOL],
        "visibility": Visibility.MEMBERS,
    }
    data.update(extra)
    return data


def test_the_space_home_links_to_the_experiences(login, world):
    assert BASE in login(world.elu).get("/espaces/cc-test/").content.decode()


@needs_ffmpeg
def test_an_elu_posts_an_experience_with_a_video_from_the_form(
    login, world, django_capture_on_commit_callbacks
):
    client = login(world.elu)
    page = client.get(f"{BASE}nouveau/").content.decode()
    assert 'accept="video/*"' in page and "capture" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{BASE}nouveau/",
            form(organisations=[world.commune.pk], video=video(), captions=captions(),
                 photos=[image(), image("b.png", "PNG")]),
        )  # fmt: skip
    experience = Experience.objects.get()
    assert response.status_code == 302 and response.url == experience.get_absolute_url()
    html = client.get(experience.get_absolute_url()).content.decode()
    assert "<video controls" in html
    assert '<track kind="captions" srclang="fr"' in html
    assert "poster=" in html  # made inline by the task in tests
    assert "<strong>changé</strong>" in html  # Markdown
    assert html.count('<img src="') == 2


@pytest.mark.parametrize(
    "files, message",
    [
        ({"video": SimpleUploadedFile("v.mp4", b"GIF89a" + b"0" * 300)}, "pas une vidéo"),
        ({"photos": [SimpleUploadedFile("p.jpg", b"texte " * 100)]}, "pas une image"),
    ],
)
def test_a_refused_file_shows_the_form_again_with_the_text_kept(login, world, files, message):
    response = login(world.elu).post(f"{BASE}nouveau/", form(**files))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "La cantine en circuit court" in html and "changé" in html
    assert "choisir de nouveau" in html
    assert not Experience.objects.exists()


@needs_ffmpeg
def test_a_video_over_the_limit_shows_the_form_again_with_every_choice_kept(
    login, world, monkeypatch
):
    from maillage.experiences import rules

    monkeypatch.setattr(rules, "VIDEO_MAX_BYTES", 1000)
    data = form(
        video=video(), themes=[Theme.SCHOOL, Theme.DIGITAL], organisations=[world.commune.pk],
        visibility=Visibility.PUBLIC,
    )  # fmt: skip
    response = login(world.elu).post(f"{BASE}nouveau/", data)
    html = response.content.decode()
    assert response.status_code == 200 and "la limite est de" in html
    assert "Filmez en qualité « HD 720p »" in html
    assert "Nous avons **changé** de fournisseur." in html  # the text, as typed
    for value in (Theme.SCHOOL, Theme.DIGITAL, Visibility.PUBLIC, world.commune.pk):
        assert re.search(rf'value="{value}"[^>]*checked', html), value
    assert not re.search(rf'value="{Theme.ROADS}"[^>]*checked', html)
    assert not Experience.objects.exists()


@needs_ffmpeg
def test_a_caption_file_that_is_not_webvtt_is_refused_from_the_form(login, world):
    response = login(world.elu).post(
        f"{BASE}nouveau/", form(video=video(), captions=captions(b"1\n00:00 --> 00:01\n"))
    )
    assert "pas un fichier de sous-titres WebVTT" in response.content.decode()
    assert not Experience.objects.exists()


def test_the_author_edits_from_the_form(login, world):
    experience = make_experience(world.space, world.elu)
    client = login(world.elu)
    assert client.get(f"{BASE}{experience.pk}/modifier/").status_code == 200
    response = client.post(f"{BASE}{experience.pk}/modifier/", form(title="Corrigé"))
    assert response.status_code == 302
    experience.refresh_from_db()
    assert experience.title == "Corrigé"


def test_helpful_works_without_javascript_and_with_htmx(login, world):
    experience = make_experience(world.space, world.elu)
    client = login(world.agent)
    response = client.post(f"{BASE}{experience.pk}/ca-m-a-aide/")
    assert response.status_code == 302
    page = client.get(experience.get_absolute_url()).content.decode()
    assert "1</strong> personne a dit" in page and "retirer" in page
    partial = client.post(
        f"{BASE}{experience.pk}/ca-m-a-aide/", {"retirer": "1"}, headers={"HX-Request": "true"}
    )
    html = partial.content.decode()
    assert partial.status_code == 200 and "<html" not in html
    assert "0</strong> personne a dit" in html and "est retiré" in html


def test_archiving_removes_it_from_the_list_but_the_author_still_opens_it(login, world):
    experience = make_experience(world.space, world.elu)
    client = login(world.elu)
    assert client.post(f"{BASE}{experience.pk}/archiver/").status_code == 302
    assert client.get(BASE).context["page"].paginator.count == 0
    assert "Archivé" in client.get(experience.get_absolute_url()).content.decode()
    assert login(world.agent).get(experience.get_absolute_url()).status_code == 403


def test_a_public_experience_is_seen_without_login_and_without_comments(client, world):
    experience = make_experience(world.space, world.elu, visibility=Visibility.PUBLIC)
    response = client.get(experience.get_absolute_url())
    assert response.status_code == 200
    assert "Commentaires" not in response.content.decode()


def test_the_list_filters_by_theme_and_commune(login, world):
    make_experience(world.space, world.elu, title="École", themes=[Theme.SCHOOL])
    make_experience(world.space, world.elu, title="Voirie à Bonneville", themes=[Theme.ROADS],
                    organisations=[world.commune])  # fmt: skip
    client = login(world.agent)
    titles = lambda query: [e.title for e in client.get(BASE + query).context["page"]]  # noqa: E731
    assert titles("?theme=ecole") == ["École"]
    assert titles(f"?commune={world.commune.pk}") == ["Voirie à Bonneville"]
    assert titles("") == ["Voirie à Bonneville", "École"]


def test_the_list_sorted_by_helpfulness_puts_the_most_helpful_first(login, world):
    make_experience(world.space, world.elu, title="Peu utile")
    helpful = make_experience(world.space, world.elu, title="Très utile")
    make_experience(world.space, world.elu, title="Récent")
    services.say_helpful(actor=world.agent.user, experience=helpful)
    page = login(world.agent).get(BASE + "?tri=utiles").context["page"]
    assert [e.title for e in page][0] == "Très utile"


@pytest.mark.parametrize("count", [1, 50])
def test_the_list_query_count_does_not_grow_with_its_length(
    login, world, django_assert_max_num_queries, count
):
    people = [person_with_account(first_name=f"P{i}") for i in range(3)]
    for person in people:
        give(world.space, person, Role.AGENT)
    for i in range(count):
        experience = make_experience(world.space, world.elu, title=f"Retour {i}",
                                     organisations=[world.commune], themes=[Theme.SCHOOL,
                                     Theme.ROADS])  # fmt: skip
        for person in people:
            services.say_helpful(actor=person.user, experience=experience)
    client = login(world.agent)
    with django_assert_max_num_queries(14):
        response = client.get(BASE + "?tri=utiles&theme=ecole")
    assert len(response.context["page"]) == count


# --- Files --------------------------------------------------------------------------------------


def test_the_video_is_served_whole_with_accept_ranges(login, world):
    experience = experience_with_files(world)
    response = login(world.agent).get(f"{BASE}{experience.pk}/video/")
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes" and response["Content-Type"] == "video/mp4"
    assert b"".join(response.streaming_content) == b"0123456789"


@pytest.mark.parametrize(
    "header, body, content_range",
    [
        ("bytes=0-3", b"0123", "bytes 0-3/10"),
        ("bytes=4-", b"456789", "bytes 4-9/10"),
        ("bytes=-2", b"89", "bytes 8-9/10"),
        ("bytes=8-100", b"89", "bytes 8-9/10"),
    ],
)
def test_the_video_answers_range_requests_with_206(login, world, header, body, content_range):
    experience = experience_with_files(world)
    response = login(world.agent).get(f"{BASE}{experience.pk}/video/", headers={"Range": header})
    assert response.status_code == 206
    assert response["Content-Range"] == content_range
    assert response["Content-Length"] == str(len(body))
    assert b"".join(response.streaming_content) == body


def test_a_range_past_the_end_of_the_video_gets_416(login, world):
    experience = experience_with_files(world)
    response = login(world.agent).get(
        f"{BASE}{experience.pk}/video/", headers={"Range": "bytes=50-60"}
    )
    assert response.status_code == 416 and response["Content-Range"] == "bytes */10"


@needs_ffmpeg
def test_a_real_video_can_be_read_in_two_ranges(login, world):
    experience = make_experience(world.space, world.elu, video=video())
    client = login(world.agent)
    url = f"{BASE}{experience.pk}/video/"
    size = experience.video_size
    head = client.get(url, headers={"Range": "bytes=0-999"})
    tail = client.get(url, headers={"Range": "bytes=1000-"})
    data = b"".join(head.streaming_content) + b"".join(tail.streaming_content)
    assert (head.status_code, tail.status_code) == (206, 206)
    assert len(data) == size and data[4:8] == b"ftyp"


def test_captions_are_served_as_webvtt(login, world):
    experience = make_experience(world.space, world.elu)
    experience.video = "x.mp4"
    experience.captions.save("s.vtt", SimpleUploadedFile("s.vtt", VTT))
    response = login(world.agent).get(f"{BASE}{experience.pk}/sous-titres.vtt")
    assert response["Content-Type"] == "text/vtt; charset=utf-8"


def test_files_of_a_members_experience_are_refused_to_others(client, login, world):
    experience = experience_with_files(world)
    suffixes = ("video/", "apercu.jpg", "sous-titres.vtt")
    assert [client.get(f"{BASE}{experience.pk}/{s}").status_code for s in suffixes] == [302] * 3
    outsider = login(world.outsider)
    assert [outsider.get(f"{BASE}{experience.pk}/{s}").status_code for s in suffixes] == [403] * 3


def test_a_removed_photo_is_no_longer_served(login, world):
    experience = make_experience(world.space, world.elu, photos=[image()])
    photo = experience.photos.get()
    services.update_experience(
        actor=world.elu.user, experience=experience, title="T", text="R",
        themes=[Theme.OTHER], visibility="membres", remove_photos=[photo.pk],
    )  # fmt: skip
    assert login(world.agent).get(f"{BASE}{experience.pk}/photos/{photo.pk}/").status_code == 404


@needs_ffmpeg
def test_a_video_already_recorded_can_be_chosen_instead_of_filming(login, world):
    client = login(world.agent)
    response = client.post(f"{BASE}nouveau/", form(video_file=video("galerie.mp4")))
    assert response.status_code == 302
    assert Experience.objects.get().video_type == "video/mp4"


@needs_ffmpeg
def test_filming_and_choosing_a_video_at_once_is_refused(login, world):
    response = login(world.agent).post(
        f"{BASE}nouveau/", form(video=video(), video_file=video("b.mp4"))
    )
    assert "une seule vidéo" in response.content.decode()
    assert not Experience.objects.exists()
