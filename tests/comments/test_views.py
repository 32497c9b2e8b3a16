import pytest

from maillage.comments import services
from maillage.comments.models import Comment, Report
from maillage.meetings.models import SittingStatus
from tests.comments.factories import CommentFactory, ReportFactory
from tests.meetings.factories import AgendaItemFactory, SittingFactory, council
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(world):
    body = council(world.space, people=[world.elu])
    sitting = SittingFactory(body=body, status=SittingStatus.CONVENED)
    return AgendaItemFactory(sitting=sitting, rapporteur=world.agent, title="Budget annexe")


def page_url(item):
    return f"/espaces/cc-test/seances/{item.sitting_id}/points/{item.pk}/commentaires/"


def post_url(item):
    return f"/commentaires/meetings.agendaitem/{item.pk}/nouveau/"


def test_the_item_page_shows_its_comments_and_a_form(login, world, item):
    CommentFactory(target=item, space=world.space, author=world.agent, text="Vu en bureau")
    html = login(world.elu).get(page_url(item)).content.decode()
    assert "<h1>Budget annexe" in html
    assert "Vu en bureau" in html
    assert '<label for="commentaires-meetings-agendaitem' in html
    assert "Publier le commentaire" in html


def test_someone_who_may_not_read_the_dossier_sees_no_comment(login, world, item):
    CommentFactory(target=item, space=world.space, author=world.agent, text="Confidentiel")
    response = login(world.referent).get(page_url(item))
    assert response.status_code == 403
    assert "Confidentiel" not in response.content.decode()
    response = login(world.referent).post(post_url(item), {"text": "Intrus"})
    assert response.status_code == 403
    assert not Comment.objects.filter(text="Intrus").exists()


def test_posting_without_javascript_redirects_to_the_new_comment(login, world, item):
    response = login(world.elu).post(post_url(item), {"text": "Ma question"})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{page_url(item)}?commentaires=last#commentaire-{comment.pk}"
    html = login(world.elu).get(response["Location"]).content.decode()
    assert "Ma question" in html


def test_posting_with_htmx_returns_the_thread_with_the_new_comment(login, world, item):
    response = login(world.elu).post(post_url(item), {"text": "En ligne"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section class="comments"')
    assert "En ligne" in html and "Votre commentaire est publié." in html


def test_a_refused_comment_is_shown_again_filled(login, world, item):
    long_text = "x" * 10_001
    response = login(world.elu).post(post_url(item), {"text": long_text})
    assert response.status_code == 200
    html = response.content.decode()
    assert "erreur" in html and long_text in html
    assert not Comment.objects.exists()


def test_html_and_javascript_in_a_comment_are_neutralised(login, world, item):
    text = (
        "<script>alert(1)</script> **gras** [lien](javascript:alert(2)) "
        "<img src=x onerror=alert(3)>"
    )
    CommentFactory(target=item, space=world.space, author=world.agent, text=text)
    html = login(world.elu).get(page_url(item)).content.decode()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(3)&gt;" in html
    assert 'href="javascript:' not in html
    assert "<strong>gras</strong>" in html


def test_a_hidden_comment_shows_the_reason_in_place_of_its_text(login, world, item):
    comment = CommentFactory(target=item, space=world.space, author=world.agent, text="Insulte")
    services.hide_comment(actor=world.admin.user, comment=comment, reason="Propos injurieux")
    html = login(world.elu).get(page_url(item)).content.decode()
    assert "Commentaire masqué par la modération : Propos injurieux" in html
    assert "Insulte" not in html
    admin_html = login(world.admin).get(page_url(item)).content.decode()
    assert "Texte masqué (visible des seuls modérateurs)" in admin_html


def test_the_author_edits_from_the_edit_page(login, world, item):
    comment = CommentFactory(target=item, space=world.space, author=world.elu, text="Avant")
    client = login(world.elu)
    assert "Avant" in client.get(f"/commentaires/{comment.pk}/modifier/").content.decode()
    response = client.post(f"/commentaires/{comment.pk}/modifier/", {"text": "Après"})
    assert response.status_code == 302
    html = client.get(page_url(item)).content.decode()
    assert "Après" in html and "modifié le" in html


def test_a_reader_reports_once_and_then_sees_it_was_reported(login, world, item):
    comment = CommentFactory(target=item, space=world.space, author=world.elu)
    client = login(world.agent)
    response = client.post(f"/commentaires/{comment.pk}/signaler/", {"reason": "Hors sujet"})
    assert response.status_code == 302
    assert Report.objects.filter(comment=comment, person=world.agent).exists()
    assert "Vous avez signalé ce commentaire." in client.get(page_url(item)).content.decode()
    response = client.post(f"/commentaires/{comment.pk}/signaler/", {"reason": "Encore"})
    assert response.status_code == 200
    assert "déjà signalé" in response.content.decode()
    assert Report.objects.count() == 1


def test_the_moderation_queue_lists_reported_comments_and_hides_from_it(login, world, item):
    comment = CommentFactory(target=item, space=world.space, author=world.elu, text="Litigieux")
    CommentFactory(target=item, space=world.space, author=world.elu, text="Sans histoire")
    ReportFactory(comment=comment, person=world.agent, reason="Diffamatoire")
    client = login(world.admin)
    html = client.get("/espaces/cc-test/moderation/").content.decode()
    assert "Litigieux" in html and "Diffamatoire" in html and "Sans histoire" not in html
    response = client.post(
        f"/commentaires/{comment.pk}/masquer/", {"reason": "Diffamation", "next": "file"}
    )
    assert response["Location"] == "/espaces/cc-test/moderation/"
    html = client.get("/espaces/cc-test/moderation/").content.decode()
    assert "Aucun commentaire signalé" in html


def test_unhiding_and_keeping_from_the_queue(login, world, item):
    comment = CommentFactory(target=item, space=world.space, author=world.elu)
    ReportFactory(comment=comment, person=world.agent)
    client = login(world.admin)
    client.post(f"/commentaires/{comment.pk}/conserver/", {"next": "file"})
    assert not Report.objects.filter(handled_at__isnull=True).exists()
    services.hide_comment(actor=world.admin.user, comment=comment, reason="Doublon")
    client.post(f"/commentaires/{comment.pk}/afficher/")
    comment.refresh_from_db()
    assert not comment.is_hidden


def test_the_show_link_goes_to_the_page_holding_the_comment(login, world, item):
    for _ in range(50):
        CommentFactory(target=item, space=world.space, author=world.agent)
    last = CommentFactory(target=item, space=world.space, author=world.agent)
    response = login(world.elu).get(f"/commentaires/{last.pk}/")
    assert response["Location"] == f"{page_url(item)}?commentaires=2#commentaire-{last.pk}"


@pytest.mark.parametrize("count", [1, 50])
def test_the_comment_thread_costs_the_same_queries_at_1_and_50_comments(
    login, world, item, django_assert_max_num_queries, count
):
    authors = [PersonFactory() for _ in range(3)]
    for n in range(count):
        comment = CommentFactory(target=item, space=world.space, author=authors[n % 3])
        ReportFactory(comment=comment, person=world.agent)
    client = login(world.admin)
    with django_assert_max_num_queries(10):
        response = client.get(page_url(item))
    assert response.content.decode().count('class="comment"') == count


@pytest.mark.parametrize("count", [1, 50])
def test_the_moderation_queue_costs_the_same_queries_at_1_and_50_rows(
    login, world, item, django_assert_max_num_queries, count
):
    for _ in range(count):
        comment = CommentFactory(target=item, space=world.space, author=PersonFactory())
        ReportFactory(comment=comment, person=world.agent)
        ReportFactory(comment=comment, person=world.elu)
    client = login(world.admin)
    with django_assert_max_num_queries(10):
        response = client.get("/espaces/cc-test/moderation/")
    assert response.content.decode().count("2 signalements —") == count


def test_the_thread_is_paginated_by_50(login, world, item):
    for _ in range(51):
        CommentFactory(target=item, space=world.space, author=world.agent)
    html = login(world.elu).get(page_url(item)).content.decode()
    assert html.count('class="comment"') == 50 and "Page 1 sur 2" in html
    html = login(world.elu).get(page_url(item) + "?commentaires=2").content.decode()
    assert html.count('class="comment"') == 1
