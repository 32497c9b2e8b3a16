"""Experiments: a hypothesis tested by pilot member organisations over a period, evaluated
(results, a survey of the pilots), then decided — generalise, adapt or stop — once and for
all: a later decision is a new record that supersedes the previous one."""

import datetime

from django.db import transaction
from django.utils import timezone

from maillage.audit.services import log_action

from .. import rules
from ..models import Decision, DecisionOutcome, Experiment, ItemStatus, Priority, RoadmapItem
from .common import RoadmapError, integrity, optional_text, required_text


def _values(space, *, title, hypothesis, criteria, pilots, start_date, end_date, results,
            survey):  # fmt: skip
    values = {
        "title": required_text(title, "Écrivez l'intitulé de l'expérimentation.", 200),
        "hypothesis": required_text(hypothesis, "Écrivez l'hypothèse à vérifier.", 10000),
        "criteria": required_text(
            criteria, "Écrivez les critères d'évaluation : comment saura-t-on ?", 10000
        ),
        "results": optional_text(results, 20000),
    }
    if start_date is None or end_date is None:
        raise RoadmapError("Indiquez la période : début et fin.")
    if end_date < start_date:
        raise RoadmapError(
            f"La fin ({end_date:%d/%m/%Y}) précède le début ({start_date:%d/%m/%Y})."
        )
    if survey is not None and survey.space_id != space.pk:
        raise RoadmapError("Cette enquête n'est pas de l'espace.")
    pilots = list(dict.fromkeys(pilots or []))
    members = set(space.members.current().values_list("organisation_id", flat=True))
    outside = [o.name for o in pilots if o.pk not in members]
    if outside:
        raise RoadmapError(
            "Ces organisations ne sont pas membres de l'espace : " + ", ".join(outside) + "."
        )
    values.update(start_date=start_date, end_date=end_date, survey=survey)
    return values, pilots


def create_experiment(*, actor, space, title, hypothesis, criteria, pilots=(), start_date,
                      end_date, results="", survey=None) -> Experiment:  # fmt: skip
    values, pilots = _values(
        space, title=title, hypothesis=hypothesis, criteria=criteria, pilots=pilots,
        start_date=start_date, end_date=end_date, results=results, survey=survey,
    )  # fmt: skip
    with transaction.atomic():
        experiment = Experiment.objects.create(
            space=space, created_by=actor if getattr(actor, "pk", None) else None, **values
        )
        experiment.pilots.set(pilots)
        log_action(
            actor=actor,
            action="roadmap.experiment_create",
            obj=experiment,
            space=space,
            data={"pilots": [o.pk for o in pilots]},
        )
    return experiment


def update_experiment(*, actor, experiment: Experiment, title, hypothesis, criteria,
                      pilots=(), start_date, end_date, results="",
                      survey=None) -> Experiment:  # fmt: skip
    """Change an experiment; once decided, its period can no longer start after the
    decision."""
    if experiment.archived_at is not None:
        raise RoadmapError("Cette expérimentation est archivée : elle ne se modifie plus.")
    space = experiment.space
    values, pilots = _values(
        space, title=title, hypothesis=hypothesis, criteria=criteria, pilots=pilots,
        start_date=start_date, end_date=end_date, results=results, survey=survey,
    )  # fmt: skip
    first = experiment.decisions.order_by("decided_on").first()
    if first is not None and start_date > first.decided_on:
        raise RoadmapError(
            f"Une décision a été prise le {first.decided_on:%d/%m/%Y} : l'expérimentation "
            "ne peut pas commencer après."
        )
    with transaction.atomic():
        for name, value in values.items():
            setattr(experiment, name, value)
        experiment.save()
        experiment.pilots.set(pilots)
        log_action(
            actor=actor,
            action="roadmap.experiment_update",
            obj=experiment,
            space=space,
            data={"pilots": [o.pk for o in pilots], "survey": survey.pk if survey else None},
        )
    return experiment


def archive_experiment(*, actor, experiment: Experiment) -> Experiment:
    if experiment.archived_at is not None:
        raise RoadmapError("Cette expérimentation est déjà archivée.")
    with transaction.atomic():
        experiment.archived_at = timezone.now()
        experiment.save(update_fields=["archived_at"])
        log_action(
            actor=actor,
            action="roadmap.experiment_archive",
            obj=experiment,
            space=experiment.space,
        )
    return experiment


def current_decision(experiment: Experiment) -> Decision | None:
    """The decision in force: the last of the chain (the one nothing supersedes)."""
    return (
        experiment.decisions.filter(superseded_by__isnull=True)
        .select_related("deliberation", "body", "roadmap_item")
        .first()
    )


def decide(
    *,
    actor,
    experiment: Experiment,
    outcome: str,
    reason: str,
    decided_on: datetime.date | None,
    deliberation=None,
    body=None,
    roadmap_item: RoadmapItem | None = None,
    create_item: bool = False,
    today: datetime.date | None = None,
) -> Decision:
    """Record the decision that ends the experiment, with its reason and date, the
    deliberation or body that took it (optional, of the space), and the roadmap item it
    leads to. "Généraliser" may create that item in the working roadmap (planned, from the
    year of the decision to the next, means to fill in). A decision already in force is
    superseded by this one, never changed."""
    space = experiment.space
    if experiment.archived_at is not None:
        raise RoadmapError("Cette expérimentation est archivée.")
    if outcome not in DecisionOutcome.values:
        raise RoadmapError("Choisissez la décision : généraliser, adapter ou arrêter.")
    reason = required_text(reason, "Écrivez le motif de la décision.", 10000)
    if decided_on is None:
        raise RoadmapError("Indiquez la date de la décision.")
    error = rules.decision_date_error(
        decided_on, experiment.start_date, today or timezone.localdate()
    )
    if error:
        raise RoadmapError(error)
    if deliberation is not None and deliberation.space_id != space.pk:
        raise RoadmapError("Cette délibération n'est pas de l'espace.")
    if body is not None and body.space_id != space.pk:
        raise RoadmapError("Cette instance n'est pas de l'espace.")
    if roadmap_item is not None and roadmap_item.space_id != space.pk:
        raise RoadmapError("Cet élément n'est pas de la feuille de route de l'espace.")
    if create_item and outcome != DecisionOutcome.GENERALISE:
        raise RoadmapError("Seule une généralisation crée un élément de la feuille de route.")
    if create_item and roadmap_item is not None:
        raise RoadmapError(
            "Choisissez un élément existant ou demandez d'en créer un, pas les deux."
        )
    previous = current_decision(experiment)
    if previous is not None and decided_on < previous.decided_on:
        raise RoadmapError(
            f"La décision en vigueur date du {previous.decided_on:%d/%m/%Y} : la nouvelle ne "
            "peut pas la précéder."
        )
    with (
        transaction.atomic(),
        integrity("Une autre décision vient d'être enregistrée : rechargez la page."),
    ):
        if create_item:
            roadmap_item = RoadmapItem.objects.create(
                space=space,
                title=f"Généralisation : {experiment.title}"[:200],
                description=f"Suite de l'expérimentation « {experiment.title} ».\n\n{reason}"[
                    :20000
                ],
                priority=Priority.MEDIUM,
                year_from=decided_on.year,
                year_to=decided_on.year + 1,
                status=ItemStatus.PLANNED,
                created_by=actor if getattr(actor, "pk", None) else None,
            )
            log_action(
                actor=actor,
                action="roadmap.item_create",
                obj=roadmap_item,
                space=space,
                data={"experiment": experiment.pk},
            )
        decision = Decision.objects.create(
            experiment=experiment,
            outcome=outcome,
            reason=reason,
            decided_on=decided_on,
            deliberation=deliberation,
            body=body,
            roadmap_item=roadmap_item,
            supersedes=previous,
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        log_action(
            actor=actor,
            action="roadmap.decision",
            obj=experiment,
            space=space,
            data={
                "outcome": outcome,
                "decision": decision.pk,
                "supersedes": previous.pk if previous else None,
                "item": roadmap_item.pk if roadmap_item else None,
            },
        )
    return decision
