"""Builders for the open-data tests: one object of each kind, public and private, in a
space; tokens made through the service."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from maillage.catalogue.models import Service, ServiceStatus, Subscription
from maillage.experiences import services as experiences
from maillage.experiences.models import Visibility
from maillage.meetings.models import BodyKind, SittingStatus
from maillage.needs.models import Need
from maillage.opendata import services
from maillage.projects.models import Project
from maillage.roadmap.models import RoadmapVersion, VersionStatus
from tests.bulletins.factories import make_issue
from tests.experiences.factories import make_experience
from tests.meetings.factories import AgendaItemFactory, BodyFactory, SittingFactory, at
from tests.roadmap.factories import deliberation


def token_for(world, name="Site de la CC", space=None):
    """(token, key) of a token of the world's space (or `space`) made by its admin."""
    space = space or world.space
    actor = world.admin.user if space == world.space else world.superuser
    return services.create_token(actor=actor, space=space, name=name)


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@dataclass
class Published:
    council: object
    sitting: object
    deliberation: object
    project: object
    service: object
    roadmap: object
    issue: object
    experience: object


@dataclass
class Private:
    bureau: object
    bureau_sitting: object
    draft_sitting: object
    unpublished: object
    project: object
    archived_project: object
    need: object
    subscription: object
    draft_issue: object
    members_experience: object
    archived_experience: object


def public_objects(world) -> Published:
    act = deliberation(world.space, title="Création de la voie verte")
    act.published_at = timezone.now()
    act.save(update_fields=["published_at"])
    council = act.item.sitting.body
    project = Project.objects.create(
        space=world.space, title="Voie verte publique", is_public=True, status="en_cours"
    )
    project.communes.add(world.commune)
    service = Service.objects.create(
        space=world.space,
        name="DPO mutualisé",
        yearly_cost="12345.67",
        available_from=datetime.date(2026, 1, 1),
        status=ServiceStatus.OPEN,
    )
    roadmap = RoadmapVersion.objects.create(
        space=world.space,
        number=1,
        status=VersionStatus.ADOPTED,
        deliberation=act,
        adopted_at=timezone.now(),
        snapshot=[
            {
                "id": 1,
                "title": "Portail citoyen",
                "status": "prevu",
                "needs": [{"id": 9, "title": "Besoin secret de la commune"}],
                "projects": [
                    {"id": project.pk, "title": "Voie verte publique", "public": True},
                    {"id": 99, "title": "Projet confidentiel", "public": False},
                ],
            }
        ],
    )
    issue = make_issue(
        world.space,
        sent=True,
        title="Le bulletin de printemps",
        sections=[
            ("La voie verte est ouverte", "Tout le monde y roule.", False),
            ("Rubrique réservée aux élus", "Le budget est serré.", True),
        ],
    )
    experience = make_experience(
        world.space,
        world.elu,
        title="Une cantine partagée racontée à tous",
        organisations=[world.commune],
        visibility=Visibility.PUBLIC,
    )
    return Published(council, act.item.sitting, act, project, service, roadmap, issue, experience)


def private_objects(world) -> Private:
    bureau = BodyFactory(space=world.space, kind=BodyKind.BUREAU, name="Bureau secret")
    bureau_sitting = SittingFactory(
        body=bureau, status=SittingStatus.CONVENED, place="Salle du bureau secret"
    )
    council = BodyFactory(space=world.space, name="Conseil en préparation")
    draft_sitting = SittingFactory(body=council, place="Lieu pas encore annoncé")
    unpublished = deliberation(world.space, title="Acte pas encore publié")
    project = Project.objects.create(space=world.space, title="Projet confidentiel")
    archived = Project.objects.create(
        space=world.space, title="Projet archivé", is_public=True, archived_at=timezone.now()
    )
    need = Need.objects.create(
        space=world.space,
        organisation=world.commune,
        theme="Numérique",
        title="Besoin secret de la commune",
        description="…",
    )
    service = Service.objects.create(
        space=world.space, name="Service des abonnés", available_from=datetime.date(2026, 1, 1)
    )
    subscription = Subscription.objects.create(
        service=service, organisation=world.commune, start_date=datetime.date(2026, 1, 1)
    )
    draft_issue = make_issue(world.space, title="Brouillon du bulletin d'été")
    members_experience = make_experience(
        world.space, world.elu, title="Un retour réservé aux membres"
    )
    archived_experience = make_experience(
        world.space, world.elu, title="Un retour public archivé", visibility=Visibility.PUBLIC
    )
    experiences.archive_experience(actor=world.elu.user, experience=archived_experience)
    return Private(
        bureau,
        bureau_sitting,
        draft_sitting,
        unpublished,
        project,
        archived,
        need,
        subscription,
        draft_issue,
        members_experience,
        archived_experience,
    )


def public_sitting_item(world):
    """A convened council sitting with one item (for the matrix)."""
    body = BodyFactory(space=world.space)
    sitting = SittingFactory(body=body, status=SittingStatus.CONVENED, starts_at=at(2026, 5, 4))
    AgendaItemFactory(sitting=sitting, position=1)
    return sitting
