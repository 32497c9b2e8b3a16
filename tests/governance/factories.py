"""Governance documents for the tests: a document with articles, in a given stage, and a
deliberation of the space to adopt it."""

import datetime

from maillage.governance import services
from maillage.governance.models import Amendment, Article, Document, Status
from maillage.meetings.models import AgendaItem, Deliberation, Outcome
from tests.meetings.factories import SittingFactory, council

MARKDOWN = """# Titre I – Les instances

## Article 1 – La conférence des maires

La conférence des maires se réunit deux fois par an.

## Article 2 – Le bureau

Le bureau comprend le président et les vice-présidents.

# Titre II – Les communes

## Article 3 – Information des conseillers

Chaque conseiller municipal reçoit les convocations.
"""


def make_document(space, actor, *, kind="pacte_gouvernance", text=MARKDOWN, title="Pacte"):
    user = getattr(actor, "user", actor)
    return services.create_document(
        actor=user, space=space, kind=kind, title=title, source_text=text
    )


def in_contributions(space, actor, *, until=None, **kwargs) -> Document:
    document = make_document(space, actor, **kwargs)
    until = until or datetime.date.today() + datetime.timedelta(days=30)
    return services.open_contributions(
        actor=getattr(actor, "user", actor), document=document, until=until
    )


def first_article(document) -> Article:
    return document.articles.in_force().order_by("position").first()


def propose(document, person, *, kind="remplacer", text="Un texte nouveau.", article=None):
    return services.propose_amendment(
        actor=person.user,
        article=article or first_article(document),
        kind=kind,
        text=text,
        rationale="Parce que.",
    )


def deliberation(space, *, day=None) -> Deliberation:
    day = day or datetime.date.today()
    sitting = SittingFactory(body=council(space))
    item = AgendaItem.objects.create(sitting=sitting, position=1, title="Adoption du pacte")
    return Deliberation.objects.create(
        space=space,
        item=item,
        year=day.year,
        sequence=Deliberation.objects.filter(space=space).count() + 1,
        title="Adoption du pacte de gouvernance",
        text="Le conseil adopte le pacte.",
        decided_on=day,
        outcome=Outcome.ADOPTED,
        members_in_office=3,
        present=3,
        represented=0,
        votes_for=3,
        votes_against=0,
        abstentions=0,
    )


def adopted(space, actor, **kwargs) -> Document:
    """A document (not a pacte: no consultation) adopted by a deliberation."""
    user = getattr(actor, "user", actor)
    document = make_document(space, actor, kind=kwargs.pop("kind", "charte"), **kwargs)
    services.finalise(actor=user, document=document)
    return services.adopt(actor=user, document=document, deliberation=deliberation(space))


__all__ = ["Amendment", "Status"]
