"""The demo's needs and shared services, steering and governance: a few projects, the projet
de territoire, a roadmap adopted by one of the demo's deliberations, an experiment and a pacte
de gouvernance open to amendments. Everything goes through the capabilities' own services,
like a user would."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from maillage.meetings.models import BodyKind, Deliberation, Outcome
from maillage.people.models import Function, Person
from maillage.projects.models import ProjectStatus, Unit, Weather

from .models import Space

DEMO_DOMAIN = "demo.maillage.test"


def create_steering_demo(space: Space) -> None:
    """Add projects, the territory project, the roadmap and a pacte to the demo space, once."""
    admin, _mayor = _people(space)
    if not space.needs.exists():
        from maillage.catalogue.demo import demo as catalogue_demo
        from maillage.needs.demo import demo as needs_demo

        with transaction.atomic():
            needs_demo(space, admin.user)
            catalogue_demo(space, admin.user)
    from maillage.mutualisation.demo import create_mutualisation_demo

    create_mutualisation_demo(space, admin.user)
    if space.projects.exists():
        return
    with transaction.atomic():
        projects = _projects(space)
        _territory_and_roadmap(space, projects)
        _pacte(space)


def _people(space):
    admin = Person.objects.get(email=f"admin@{DEMO_DOMAIN}")
    mayor = Person.objects.get(email=f"maire@{DEMO_DOMAIN}")
    return admin, mayor


def _communes(space, count):
    return [
        member.organisation
        for member in space.members.select_related("organisation").order_by("organisation__name")[
            :count
        ]
    ]


def _projects(space):
    from maillage.projects import services

    admin, mayor = _people(space)
    actor = admin.user
    today = timezone.localdate()
    year = today.year
    communes = _communes(space, 6)
    mayor_commune = mayor.mandates.get(function=Function.MAIRE).organisation
    commission = space.bodies.filter(kind=BodyKind.COMMISSION).first()
    specs = [
        (
            "Maison France services itinérante",
            "Un bus qui s'arrête une demi-journée par semaine dans chaque commune pour "
            "les démarches administratives.",
            ProjectStatus.IN_PROGRESS,
            [mayor_commune, *communes[:2]],
            Weather.ON_TRACK,
            "Le bus est livré ; les premières tournées commencent le mois prochain.",
        ),
        (
            "Plan de rénovation de l'éclairage public",
            "Remplacer les points lumineux énergivores par des LED avec extinction nocturne.",
            ProjectStatus.COMMITTED,
            communes[2:5],
            Weather.AT_RISK,
            "Le marché a été relancé : une seule offre reçue au premier tour.",
        ),
        (
            "Schéma des mobilités douces",
            "Relier les bourgs par des itinéraires cyclables sécurisés.",
            ProjectStatus.STUDY,
            [mayor_commune, communes[5]] if len(communes) > 5 else [mayor_commune],
            Weather.LATE,
            "L'étude de trafic a pris du retard ; restitution repoussée au printemps.",
        ),
    ]
    projects = []
    for title, description, status, involved, weather, news in specs:
        project = services.create_project(
            actor=actor,
            space=space,
            title=title,
            description=description,
            status=status,
            start_date=datetime.date(year, 1, 15),
            end_date=datetime.date(year + 2, 12, 31),
            lead_organisation=space.organisation,
            lead_person=admin,
            communes=list(dict.fromkeys(involved)),
            body=commission,
            is_public=True,
        )
        first = services.add_milestone(
            actor=actor, project=project, title="Lancement", due_date=datetime.date(year, 3, 1)
        )
        services.update_milestone(
            actor=actor,
            milestone=first,
            title=first.title,
            due_date=first.due_date,
            done_on=min(first.due_date, today),
        )
        services.add_milestone(
            actor=actor,
            project=project,
            title="Bilan d'étape",
            due_date=datetime.date(year + 1, 6, 30),
        )
        services.save_budget_line(
            actor=actor,
            project=project,
            label="Investissement",
            planned=Decimal("250000.00"),
            committed=Decimal("120000.00"),
            spent=Decimal("45000.00"),
        )
        services.add_funding(
            actor=actor, project=project, name="Dotation de soutien à l'investissement local",
            amount=Decimal("80000.00"),
        )  # fmt: skip
        indicator = services.add_indicator(
            actor=actor,
            project=project,
            name="Communes desservies",
            unit=Unit.COUNT,
            baseline=Decimal(0),
            target=Decimal(len(involved)),
        )
        services.add_measurement(
            actor=actor,
            indicator=indicator,
            measured_on=today - datetime.timedelta(days=30),
            value=Decimal(1),
            unit=Unit.COUNT,
        )
        services.post_update(actor=actor, project=project, weather=weather, text=news)
        projects.append(project)
    return projects


def _territory_and_roadmap(space, projects):
    from maillage.roadmap import services
    from maillage.roadmap.models import ItemStatus, Priority

    admin, _mayor = _people(space)
    actor = admin.user
    year = timezone.localdate().year
    axis = services.create_axis(
        actor=actor,
        space=space,
        title="Un territoire de services proches",
        description="Garder l'accès aux services publics dans chaque commune.",
    )
    objective = services.create_objective(
        actor=actor, space=space, axis=axis, title="Des démarches à moins de 15 minutes"
    )
    services.create_action(
        actor=actor,
        space=space,
        objective=objective,
        title="Déployer un accueil France services itinérant",
        projects=[projects[0]],
    )
    transition = services.create_axis(
        actor=actor, space=space, title="La transition écologique du territoire"
    )
    energy = services.create_objective(
        actor=actor, space=space, axis=transition, title="Réduire les consommations d'énergie"
    )
    services.create_action(
        actor=actor,
        space=space,
        objective=energy,
        title="Rénover l'éclairage public",
        projects=[projects[1]],
    )
    services.create_action(
        actor=actor,
        space=space,
        objective=energy,
        title="Développer les mobilités douces",
        projects=[projects[2]],
    )
    services.create_item(
        actor=actor,
        space=space,
        title="Accueil France services itinérant",
        priority=Priority.HIGH,
        year_from=year,
        year_to=year + 1,
        budget=Decimal("250000.00"),
        fte=Decimal("2.0"),
        status=ItemStatus.IN_PROGRESS,
        projects=[projects[0]],
    )
    services.create_item(
        actor=actor,
        space=space,
        title="Éclairage public économe",
        year_from=year + 1,
        year_to=year + 3,
        budget=Decimal("600000.00"),
        fte=Decimal("0.5"),
        projects=[projects[1]],
    )
    deliberation = (
        Deliberation.objects.filter(space=space, outcome=Outcome.ADOPTED).order_by("pk").first()
    )
    if deliberation is not None:
        version = services.propose_version(
            actor=actor, space=space, note="Première feuille de route"
        )
        services.adopt_version(actor=actor, version=version, deliberation=deliberation)
    services.create_item(
        actor=actor,
        space=space,
        title="Mobilités douces : premières liaisons",
        year_from=year + 2,
        year_to=year + 4,
        budget=Decimal("900000.00"),
        fte=Decimal("1.0"),
        projects=[projects[2]],
    )
    pilots = _communes(space, 3)
    services.create_experiment(
        actor=actor,
        space=space,
        title="Extinction de l'éclairage de 23 h à 5 h",
        hypothesis="Éteindre la nuit réduit d'un tiers la consommation sans gêne pour les "
        "habitants.",
        criteria="Consommation mesurée, plaintes reçues, avis des maires pilotes.",
        pilots=pilots,
        start_date=datetime.date(year, 1, 1),
        end_date=datetime.date(year, 12, 31),
    )


PACTE = """# Titre I — La conférence des maires

## Article 1 — Composition

La conférence des maires réunit le président de la communauté et les maires des communes
membres.

## Article 2 — Réunions

La conférence se réunit au moins deux fois par an, et à la demande d'un tiers des maires.

# Titre II — Les conseillers municipaux

## Article 3 — Information

Chaque conseiller municipal reçoit l'ordre du jour et les délibérations du conseil
communautaire.
"""


def _pacte(space):
    from maillage.governance import services
    from maillage.governance.models import AmendmentKind, DocumentKind

    admin, mayor = _people(space)
    today = timezone.localdate()
    document = services.create_document(
        actor=admin.user,
        space=space,
        kind=DocumentKind.PACTE,
        title="Pacte de gouvernance",
        summary="Le pacte qui organise les relations entre la communauté et ses communes.",
        renewal_date=datetime.date(2026, 3, 22),
        source_text=PACTE,
    )
    services.open_contributions(
        actor=admin.user, document=document, until=today + datetime.timedelta(days=30)
    )
    article = document.articles.order_by("id")[1]
    if mayor.user_id:
        amendment = services.propose_amendment(
            actor=mayor.user,
            article=article,
            kind=AmendmentKind.REPLACE,
            rationale="Deux réunions par an ne suffisent pas pour les petites communes.",
            text="La conférence se réunit au moins quatre fois par an, et à la demande d'un "
            "tiers des maires.",
        )
        services.support_amendment(actor=admin.user, amendment=amendment)
