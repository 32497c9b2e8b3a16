import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from maillage.discussions.models import Attachment, MeetingRequest, Reply, Support, Thread
from maillage.meetings.models import BodyKind
from tests.discussions.factories import ReplyFactory, ThreadFactory, default_themes, mayor
from tests.meetings.factories import BodyFactory, SittingFactory, in_days

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
S = "/espaces/cc-test/conference"


def test_the_space_home_links_to_the_conference(client, world):
    assert f'href="{S}/"' in client.get("/espaces/cc-test/").content.decode()


def test_a_mayor_posts_a_thread_with_a_pdf(login, world):
    client = login(world.elu)
    response = client.post(
        f"{S}/nouveau/",
        {
            "theme": default_themes().pk,
            "title": "Déneigement",
            "body": "Qui a une **saleuse** ?",
            "files": [SimpleUploadedFile("devis.pdf", PDF)],
        },
    )
    thread = Thread.objects.get()
    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()
    page = client.get(response["Location"]).content.decode()
    assert "<strong>saleuse</strong>" in page
    assert "devis.pdf" in page


def test_a_refused_file_shows_the_form_again_filled(login, world):
    response = login(world.elu).post(
        f"{S}/nouveau/",
        {
            "theme": default_themes().pk,
            "title": "Mon titre gardé",
            "body": "Mon message gardé",
            "files": [SimpleUploadedFile("faux.pdf", b"MZ not a pdf")],
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "son contenu a été vérifié" in page
    assert 'value="Mon titre gardé"' in page
    assert "Mon message gardé" in page
    assert not Thread.objects.exists()


def test_html_and_javascript_in_a_post_are_neutralised(login, world):
    thread = ThreadFactory(
        space=world.space,
        author=world.elu,
        body='<script>alert("x")</script> [lien](javascript:alert(1)) <img src=x onerror=alert(1)>',
    )
    ReplyFactory(thread=thread, author=world.agent, body="<iframe src='https://evil'></iframe>")
    page = login(world.agent).get(thread.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page  # shown as text
    assert 'href="javascript' not in page
    assert "<img" not in page
    assert "<iframe" not in page


def test_a_reply_is_posted_and_the_page_goes_to_it(login, world):
    thread = ThreadFactory(space=world.space, author=world.elu)
    response = login(world.agent).post(thread.get_absolute_url(), {"body": "Voici la solution"})
    answer = Reply.objects.get()
    assert response["Location"] == f"{thread.get_absolute_url()}#reponse-{answer.pk}"


def test_an_empty_reply_is_refused_in_french(login, world):
    thread = ThreadFactory(space=world.space, author=world.elu)
    response = login(world.agent).post(thread.get_absolute_url(), {"body": ""})
    assert response.status_code == 200
    assert "Le formulaire contient 1 erreur" in response.content.decode()


def test_a_referent_reads_but_sees_no_reply_form_and_cannot_post(login, world):
    thread = ThreadFactory(space=world.space, author=world.elu)
    client = login(world.referent)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert thread.title in page
    assert "Publier la réponse" not in page
    assert client.post(thread.get_absolute_url(), {"body": "Moi"}).status_code == 403


def test_support_works_without_javascript_and_toggles(login, world):
    thread = ThreadFactory(space=world.space, author=world.elu)
    client = login(world.agent)
    response = client.post(f"{S}/{thread.pk}/moi-aussi/")
    assert response.status_code == 302
    assert Support.objects.filter(thread=thread, person=world.agent).exists()
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "dont le vôtre" in page
    assert 'aria-pressed="true"' in page
    client.post(f"{S}/{thread.pk}/moi-aussi/")
    assert not Support.objects.exists()


def test_support_with_htmx_answers_the_fragment(login, world):
    thread = ThreadFactory(space=world.space, author=world.elu)
    response = login(world.agent).post(
        f"{S}/{thread.pk}/moi-aussi/", headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert "<strong>1</strong> « moi aussi »" in page


def test_the_list_filters_by_theme_searches_titles_and_sorts_by_support(login, world):
    questions = default_themes().__class__.objects.get(name="Questions")
    ThreadFactory(space=world.space, author=world.elu, title="Saleuse à partager")
    popular = ThreadFactory(
        space=world.space, author=world.elu, title="Cantine", theme=questions, support_count=5
    )
    ThreadFactory(
        space=world.space, author=world.elu, title="Ailleurs", space_id=None
    ) if False else None
    client = login(world.elu)
    page = client.get(f"{S}/?theme={questions.pk}").content.decode()
    assert "Cantine" in page and "Saleuse" not in page
    page = client.get(f"{S}/?q=saleuse").content.decode()
    assert "Saleuse" in page and "Cantine" not in page
    page = client.get(f"{S}/?tri=soutiens").content.decode()
    assert page.index(popular.title) < page.index("Saleuse")


def test_the_list_shows_only_the_threads_of_its_space(login, world):
    ThreadFactory(space=BodyFactory().space, author=world.elu, title="D'un autre espace")
    assert "D'un autre espace" not in login(world.elu).get(f"{S}/").content.decode()


def test_an_attachment_is_served_to_readers_only(login, client, world):
    thread = ThreadFactory(space=world.space, author=world.elu)
    login(world.elu).post(
        thread.get_absolute_url(),
        {"body": "Le devis", "files": [SimpleUploadedFile("devis.pdf", PDF)]},
    )
    item = Attachment.objects.get()
    response = login(world.referent).get(f"{S}/pieces/{item.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert login(world.outsider).get(f"{S}/pieces/{item.pk}/").status_code == 403


def test_an_attachment_of_another_space_is_not_found_here(login, world):
    thread = ThreadFactory(space=BodyFactory().space, author=world.elu)
    item = Attachment.objects.create(
        thread=thread,
        original_name="x.pdf",
        content_type="application/pdf",
        size=1,
        uploaded_by=world.elu,
        file="discussions/x.pdf",
    )
    assert login(world.elu).get(f"{S}/pieces/{item.pk}/").status_code == 404


def test_the_author_marks_the_solution_from_the_page(login, world):
    thread = ThreadFactory(space=world.space, author=world.elu)
    answer = ReplyFactory(thread=thread, author=world.agent)
    client = login(world.elu)
    assert "Marquer comme solution" in client.get(thread.get_absolute_url()).content.decode()
    client.post(f"{S}/{thread.pk}/reponses/{answer.pk}/solution/")
    answer.refresh_from_db()
    assert answer.is_solution
    assert (
        "Ne plus marquer comme solution" in client.get(thread.get_absolute_url()).content.decode()
    )


def test_the_agent_puts_the_thread_on_the_agenda_and_both_pages_show_it(login, world):
    body = BodyFactory(space=world.space, kind=BodyKind.CONFERENCE_MAIRES, name="Conférence")
    sitting = SittingFactory(body=body, starts_at=in_days(10))
    thread = ThreadFactory(space=world.space, author=world.elu, title="Saleuse")
    client = login(world.agent)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Inscrire à l'ordre du jour" in page
    response = client.post(f"{S}/{thread.pk}/ordre-du-jour/", {"kind": "information"})
    assert response.status_code == 302
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Inscrit à l'ordre du jour de la conférence du" in page
    assert sitting.get_absolute_url() in page
    sitting_page = client.get(sitting.get_absolute_url()).content.decode()
    assert "Saleuse" in sitting_page
    assert thread.get_absolute_url() in sitting_page


def test_without_a_sitting_the_agenda_refusal_is_shown_in_french(login, world):
    BodyFactory(space=world.space, kind=BodyKind.CONFERENCE_MAIRES, name="Conférence")
    thread = ThreadFactory(space=world.space, author=world.elu)
    response = login(world.agent).post(f"{S}/{thread.pk}/ordre-du-jour/", {"kind": "opinion"})
    assert response.status_code == 200
    assert "Aucune séance de la conférence des maires n&#x27;est en préparation" in (
        response.content.decode()
    )


def test_the_mayor_sees_no_agenda_form(login, world):
    thread = ThreadFactory(space=world.space, author=world.elu)
    page = login(world.elu).get(thread.get_absolute_url()).content.decode()
    assert "Inscrire à l'ordre du jour" not in page


def test_a_mayor_requests_a_meeting_and_the_page_counts(login, world):
    for n in range(5):
        mayor(world.space, first_name="Maire", last_name=f"N{n}")
    client = login(world.elu)
    page = client.get(f"{S}/reunion/").content.decode()
    assert "0 sur 2 nécessaires" in page
    response = client.post(f"{S}/reunion/", {"reason": "La voirie communautaire"})
    assert response.status_code == 302
    page = client.get(f"{S}/reunion/").content.decode()
    assert "1 sur 2 nécessaires" in page
    assert "La voirie communautaire" in page
    assert "Votre demande est comptée" in page
    assert "Demander la réunion</button>" not in page


def test_an_agent_follows_the_requests_but_cannot_request(login, world):
    client = login(world.agent)
    page = client.get(f"{S}/reunion/").content.decode()
    assert "Seuls les maires" in page
    assert client.post(f"{S}/reunion/", {"reason": "x"}).status_code == 403
    assert not MeetingRequest.objects.exists()


def test_an_admin_opens_the_conference_to_every_elu_and_adds_a_theme(login, world):
    client = login(world.admin)
    client.post(f"{S}/reglages/", {"action": "openness", "open_to": "elus"})
    client.post(f"{S}/reglages/", {"action": "theme", "name": "Voirie"})
    page = client.get(f"{S}/reglages/").content.decode()
    assert 'value="elus" checked' in page or "checked" in page.split('value="elus"')[1][:40]
    assert "Voirie" in page
    response = client.post(f"{S}/reglages/", {"action": "theme", "name": "Questions"})
    assert "existe déjà" in response.content.decode()


# --- Query counts -------------------------------------------------------------------------------


def _threads(world, n):
    for i in range(n):
        thread = ThreadFactory(space=world.space, author=mayor(world.space, last_name=f"M{i}"))
        ReplyFactory(thread=thread, author=world.agent)


@pytest.mark.parametrize("rows", [1, 50])
def test_the_thread_list_query_count_does_not_grow(
    login, world, django_assert_max_num_queries, rows
):
    _threads(world, rows)
    client = login(world.elu)
    with django_assert_max_num_queries(11):
        response = client.get(f"{S}/?tri=soutiens")
    assert response.content.decode().count('class="discussion-card"') == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_the_thread_page_query_count_does_not_grow(
    login, world, django_assert_max_num_queries, rows
):
    thread = ThreadFactory(space=world.space, author=world.elu, reply_count=rows)
    authors = [mayor(world.space, last_name=f"R{i}") for i in range(rows)]
    for author in authors:
        answer = ReplyFactory(thread=thread, author=author)
        Attachment.objects.create(
            thread=thread,
            reply=answer,
            original_name="a.pdf",
            content_type="application/pdf",
            size=1,
            uploaded_by=author,
            file="discussions/a.pdf",
        )
    client = login(world.admin)
    with django_assert_max_num_queries(15):
        response = client.get(thread.get_absolute_url())
    assert response.content.decode().count('class="discussion-reply') == rows


def test_replies_come_fifty_a_page_and_the_last_page_is_one_click_away(login, world):
    thread = ThreadFactory(space=world.space, author=world.elu, reply_count=51)
    for n in range(51):
        ReplyFactory(thread=thread, author=world.agent, body=f"Réponse numéro {n + 1}.")
    client = login(world.elu)
    first = client.get(thread.get_absolute_url()).content.decode()
    assert "Réponse numéro 50." in first and "Réponse numéro 51." not in first
    assert "Aller aux dernières réponses" in first
    last = client.get(f"{thread.get_absolute_url()}?page=derniere").content.decode()
    assert "Réponse numéro 51." in last and "Réponse numéro 50." not in last
    assert '<ol class="discussion-replies" start="51">' in last


def test_a_reply_on_the_second_page_sends_back_to_that_page(login, world):
    thread = ThreadFactory(space=world.space, author=world.elu)
    for _ in range(50):
        ReplyFactory(thread=thread, author=world.agent)
    response = login(world.elu).post(thread.get_absolute_url(), {"body": "La 51e"})
    answer = Reply.objects.get(body="La 51e")
    assert response["Location"] == f"{thread.get_absolute_url()}?page=2#reponse-{answer.pk}"
