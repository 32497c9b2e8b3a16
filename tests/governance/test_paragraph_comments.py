"""Comments on a paragraph: each paragraph of an article has its thread, shown next to it on
the article's page; comments stay with the words they speak of when the article changes."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.comments.models import Comment
from maillage.governance import rules, services
from maillage.governance.models import Paragraph
from maillage.notifications.models import Notification

from .factories import first_article, make_document

TEXT = "# Objet\n\nPremier alinéa sur la conférence.\n\nDeuxième alinéa sur le bureau."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("Un seul.", ["Un seul."]),
        ("Un.\n\nDeux.", ["Un.", "Deux."]),
        ("Un.\r\n\r\nDeux.", ["Un.", "Deux."]),
        ("Un.\n   \n\n\nDeux.\n", ["Un.", "Deux."]),
        ("- a\n- b\n\nFin.", ["- a\n- b", "Fin."]),
        ("Ligne 1\nligne 2", ["Ligne 1\nligne 2"]),
    ],
)
def test_an_article_is_cut_into_paragraphs_at_blank_lines(text, expected):
    assert rules.paragraphs(text) == expected


@given(st.lists(st.text(alphabet="abc é.", min_size=1).filter(str.strip), max_size=8))
def test_paragraphs_joined_by_blank_lines_are_found_again(blocks):
    blocks = [block.strip() for block in blocks]
    assert rules.paragraphs("\n\n".join(blocks)) == blocks


def paragraph_page(document, number, revision=1):
    article = first_article(document)
    return f"{article.get_absolute_url()}v{revision}/paragraphes/{number}/"


def comment(client, paragraph, text):
    return client.post(
        f"/commentaires/governance.paragraph/{paragraph.pk}/nouveau/", {"text": text}
    )


def test_an_elu_comments_a_paragraph_and_sees_it_next_to_that_paragraph(world, login):
    document = make_document(world.space, world.agent, text=TEXT)
    document.rapporteur = world.agent
    document.save()
    client = login(world.elu)
    article_page = client.get(first_article(document).get_absolute_url()).content.decode()
    assert "Commenter le paragraphe 2" in article_page

    page = client.get(paragraph_page(document, 2)).content.decode()
    assert "Deuxième alinéa sur le bureau." in page and "Votre commentaire" in page
    paragraph = Paragraph.objects.get()
    response = comment(client, paragraph, "Le bureau doit compter les maires.")

    assert response.status_code == 302 and response.url.startswith(paragraph_page(document, 2))
    article_page = client.get(first_article(document).get_absolute_url()).content.decode()
    second = article_page[article_page.index('id="paragraphe-2"') :]
    assert "Le bureau doit compter les maires." in second
    assert "1 commentaire sur le paragraphe 2" in second
    first = article_page[: article_page.index('id="paragraphe-2"')]
    assert "Le bureau doit compter les maires." not in first
    # The rapporteur is told.
    assert Notification.objects.filter(person=world.agent).exists()
    # The document's page counts it on the article.
    assert "1 commentaire" in client.get(document.get_absolute_url()).content.decode()


def test_a_comment_stays_with_the_wording_it_spoke_of_when_the_article_changes(world, login):
    document = make_document(world.space, world.agent, text=TEXT)
    article = first_article(document)
    client = login(world.elu)
    client.get(paragraph_page(document, 1))
    comment(client, Paragraph.objects.get(), "Deux fois par an, c'est peu.")
    services.edit_article(
        actor=world.agent.user,
        article=article,
        title=article.title,
        text="Alinéa réécrit.\n\nDeuxième alinéa sur le bureau.",
        expected_revision=1,
        reason="Relecture",
    )

    page = client.get(article.get_absolute_url()).content.decode()
    assert "Commentaires sur une rédaction antérieure" in page
    assert "Paragraphe 1 de la version 1" in page
    assert "Commenter le paragraphe 1" in page  # the new wording has no comment yet
    old = client.get(paragraph_page(document, 1, revision=1)).content.decode()
    assert "Premier alinéa sur la conférence." in old and "Deux fois par an" in old
    assert "L&#x27;article a changé depuis" in old or "L'article a changé depuis" in old
    assert "Votre commentaire" not in old  # one comments on the text as it reads now
    refused = comment(client, Paragraph.objects.get(revision=1), "Trop tard ?")
    assert refused.status_code == 403
    assert Comment.objects.count() == 1


def test_a_paragraph_that_does_not_exist_is_not_found(world, login):
    document = make_document(world.space, world.agent, text=TEXT)
    client = login(world.elu)
    assert client.get(paragraph_page(document, 3)).status_code == 404
    assert client.get(paragraph_page(document, 1, revision=7)).status_code == 404
    assert not Paragraph.objects.exists()


def test_opening_a_paragraph_twice_records_it_once(world, login):
    document = make_document(world.space, world.agent, text=TEXT)
    login(world.elu).get(paragraph_page(document, 1))
    login(world.referent).get(paragraph_page(document, 1))
    assert Paragraph.objects.count() == 1


def test_an_outsider_neither_reads_nor_writes_paragraph_comments(world, login):
    document = make_document(world.space, world.agent, text=TEXT)
    login(world.elu).get(paragraph_page(document, 1))
    paragraph = Paragraph.objects.get()
    client = login(world.outsider)
    assert client.get(paragraph_page(document, 1)).status_code == 403
    assert comment(client, paragraph, "Je m'invite.").status_code == 403
    assert not Comment.objects.exists()


def test_paragraphs_of_an_archived_document_are_read_but_not_commented(world, login):
    document = make_document(world.space, world.agent, text=TEXT)
    login(world.elu).get(paragraph_page(document, 1))
    services.archive_document(actor=world.agent.user, document=document)
    client = login(world.elu)
    page = client.get(paragraph_page(document, 1)).content.decode()
    assert "Premier alinéa" in page and "Votre commentaire" not in page
    assert comment(client, Paragraph.objects.get(), "Encore ?").status_code == 403


def test_the_article_page_costs_the_same_queries_with_many_commented_paragraphs(
    world, login, django_assert_max_num_queries
):
    def article_with(count):
        text = "# Objet\n\n" + "\n\n".join(f"Alinéa {n}." for n in range(1, count + 1))
        document = make_document(world.space, world.agent, text=text, title=f"Doc {count}")
        client = login(world.elu)
        for number in range(1, count + 1):
            client.get(paragraph_page(document, number))
        for paragraph in Paragraph.objects.filter(article__document=document):
            for n in range(4):
                comment(client, paragraph, f"Remarque {n} sur {paragraph.number}.")
        return first_article(document).get_absolute_url()

    small, large = article_with(1), article_with(20)
    client = login(world.elu)
    client.get(small)
    with django_assert_max_num_queries(30) as small_queries:
        client.get(small)
    with django_assert_max_num_queries(len(small_queries.captured_queries)):
        page = client.get(large).content.decode()
    assert "Remarque 3 sur 20." in page and "4 commentaires sur le paragraphe 20" in page
    assert "Remarque 0 sur 20." not in page  # the latest three only, next to the paragraph
