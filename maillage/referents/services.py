"""Changes to the référents network: the services a référent answers for (set by a space
admin; an ended link is kept, dated). And the référents' mailing audience for the bulletin."""

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone

from maillage.audit.services import log_action
from maillage.people.models import Person
from maillage.spaces.models import Role, SpaceRole

from . import perms
from .models import ServiceReferent


class ReferentError(Exception):
    """A refusal, in French, shown as it is."""


def current_referent_roles(space) -> QuerySet[SpaceRole]:
    """The space's current référent roles (one per person: the role is unique per space)."""
    return SpaceRole.objects.current().filter(space=space, role=Role.REFERENT)


def referent_people(space, service=None, services=()) -> QuerySet[Person]:
    """The Persons who are current référents of the space — the référents' mailing audience
    (bulletins). With `service`, or `services`: only the référents currently designated for
    that service, or for one of those services. Each person once."""
    chosen = [service] if service is not None else list(services)
    roles = current_referent_roles(space).filter(person=OuterRef("pk"))
    if chosen:
        roles = roles.filter(
            Exists(
                ServiceReferent.objects.current().filter(role=OuterRef("pk"), service__in=chosen)
            )
        )
    return Person.objects.filter(Exists(roles)).order_by("last_name", "first_name", "pk")


def referents_per_service(space) -> list[tuple]:
    """The space's services that have current référents, each with how many (one query), for
    choosing to write to the référents of some services only."""
    from maillage.catalogue.models import Service

    designated = ServiceReferent.objects.current().filter(
        service=OuterRef("pk"), role__in=current_referent_roles(space)
    )
    counted = (
        designated.order_by()
        .values("service")
        .annotate(n=Count("role__person", distinct=True))
        .values("n")
    )
    return [
        (service, service.n)
        for service in Service.objects.filter(space=space)
        .annotate(n=Subquery(counted))
        .filter(n__gt=0)
        .order_by("name", "pk")
    ]


def set_services(*, actor, role: SpaceRole, services) -> tuple[int, int]:
    """Make `services` the services the référent answers for: new links are opened, links to
    services no longer chosen are ended (kept). Returns (added, ended)."""
    if not perms.can_manage_referents(actor, role.space):
        raise ReferentError(perms.NEED_MANAGE)
    if role.role != Role.REFERENT or role.end_date is not None:
        raise ReferentError("Cette personne n'est plus référente dans l'espace.")
    services = list(dict.fromkeys(services))
    foreign = [s.name for s in services if s.space_id != role.space_id]
    if foreign:
        raise ReferentError(
            "Ces services ne sont pas au catalogue de l'espace : " + ", ".join(foreign) + "."
        )
    wanted = {s.pk for s in services}
    try:
        with transaction.atomic():
            current = {a.service_id: a for a in role.service_assignments.current()}
            ended = [a for service_id, a in current.items() if service_id not in wanted]
            today = timezone.localdate()
            for assignment in ended:
                assignment.end_date = today
                assignment.ended_by = actor if getattr(actor, "pk", None) else None
                assignment.save(update_fields=["end_date", "ended_by"])
                log_action(
                    actor=actor, action="referents.end_service", obj=assignment,
                    space=role.space, data={"service": assignment.service_id},
                )  # fmt: skip
            added = []
            for service in services:
                if service.pk in current:
                    continue
                assignment = ServiceReferent.objects.create(
                    role=role, service=service,
                    created_by=actor if getattr(actor, "pk", None) else None,
                )  # fmt: skip
                added.append(assignment)
                log_action(
                    actor=actor, action="referents.assign_service", obj=assignment,
                    space=role.space, data={"service": service.pk, "person": role.person_id},
                )  # fmt: skip
    except IntegrityError as error:
        raise ReferentError(
            "Ces services viennent d'être modifiés par quelqu'un d'autre : vérifiez et "
            "enregistrez de nouveau."
        ) from error
    return len(added), len(ended)


def current_referent_roles_all() -> QuerySet[SpaceRole]:
    """Every current référent role, of any space (the views narrow it by the URL's space)."""
    return SpaceRole.objects.current().filter(role=Role.REFERENT)
