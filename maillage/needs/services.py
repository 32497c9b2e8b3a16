"""Every change to needs: expressing one (possibly from a conference thread), editing it,
« nous aussi » and its withdrawal, grouping and ungrouping, the status, the space's themes.

Every function takes keyword-only arguments and the acting user as `actor`, runs in a
transaction, records the action in the log, and raises `NeedError` with a French message that
a screen shows as it is. The aggregated view comes from the pure functions of `rules.py`.
"""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from maillage.audit.services import log_action
from maillage.notifications.models import Kind
from maillage.notifications.services import notify
from maillage.people.models import Person
from maillage.spaces.perms import person_of

from . import perms, rules
from .models import Need, NeedGroup, NeedTheme, Status, Support, Urgency

# No kind of notification is about needs yet: « réponses à mes échanges » is the closest
# (someone answers what I expressed). See the report to the lead.
NOTIFY_KIND = Kind.NEED


class NeedError(Exception):
    """A change refused; the message is in French and shown as it is."""


# --- Themes -------------------------------------------------------------------------------------


def theme_names(space) -> list[str]:
    """The themes offered in the space: its own list, or the defaults while it has none."""
    names = list(
        NeedTheme.objects.filter(space=space, archived_at__isnull=True).values_list(
            "name", flat=True
        )
    )
    if names or NeedTheme.objects.filter(space=space).exists():
        return names
    return list(rules.DEFAULT_THEMES)


def _materialise_default_themes(space):
    if not NeedTheme.objects.filter(space=space).exists():
        NeedTheme.objects.bulk_create(
            NeedTheme(space=space, name=name, position=(i + 1) * 10)
            for i, name in enumerate(rules.DEFAULT_THEMES)
        )


def add_theme(*, actor, space, name: str) -> NeedTheme:
    """Add a theme to the space's list (the defaults become the space's own list first)."""
    name = " ".join((name or "").split())
    if not name:
        raise NeedError("Écrivez le nom du thème.")
    if len(name) > 100:
        raise NeedError("Le nom du thème fait au plus 100 caractères.")
    with transaction.atomic():
        _materialise_default_themes(space)
        existing = NeedTheme.objects.filter(space=space, name__iexact=name).first()
        if existing is not None and existing.archived_at is None:
            raise NeedError(f"Le thème « {existing.name} » existe déjà.")
        if existing is not None:
            existing.archived_at = None
            existing.save(update_fields=["archived_at"])
            theme = existing
        else:
            last = NeedTheme.objects.filter(space=space).order_by("-position").first()
            theme = NeedTheme.objects.create(
                space=space, name=name, position=(last.position if last else 0) + 10
            )
        log_action(actor=actor, action="needs.add_theme", obj=theme, space=space)
    return theme


def archive_theme(*, actor, space, name: str) -> None:
    """Take a theme off the list; the needs that carry it keep it."""
    with transaction.atomic():
        _materialise_default_themes(space)
        theme = NeedTheme.objects.filter(space=space, name=name, archived_at__isnull=True).first()
        if theme is None:
            raise NeedError("Ce thème n'est pas dans la liste.")
        if NeedTheme.objects.filter(space=space, archived_at__isnull=True).count() == 1:
            raise NeedError("Gardez au moins un thème.")
        theme.archived_at = timezone.now()
        theme.save(update_fields=["archived_at"])
        log_action(actor=actor, action="needs.archive_theme", obj=theme, space=space)


# --- Expressing ---------------------------------------------------------------------------------


def _clean_cost(cost) -> Decimal | None:
    if cost is None or cost == "":
        return None
    cost = Decimal(cost)
    if cost < 0:
        raise NeedError("Le coût actuel ne peut pas être négatif.")
    if cost.as_tuple().exponent < -2:
        raise NeedError("Le coût s'écrit au centime près.")
    return cost.quantize(Decimal("0.01"))


def _check_fields(space, *, theme, title, description, urgency, allowed_theme=None):
    title = (title or "").strip()
    if not title:
        raise NeedError("Donnez un intitulé au besoin.")
    if not (description or "").strip():
        raise NeedError("Décrivez le besoin.")
    if urgency not in Urgency.values:
        raise NeedError("Choisissez l'urgence.")
    if theme not in theme_names(space) and theme != allowed_theme:
        raise NeedError("Choisissez un thème de la liste de l'espace.")
    return title


def express_need(
    *,
    actor,
    space,
    organisation,
    theme: str,
    title: str,
    description: str,
    urgency: str = Urgency.MEDIUM,
    current_cost=None,
    workaround: str = "",
    thread=None,
) -> Need:
    """Record a need of `organisation` (a current member the actor speaks for)."""
    if organisation is None or organisation.pk not in {
        o.pk for o in perms.acting_organisations(actor, space)
    }:
        raise NeedError(
            "Vous ne pouvez exprimer un besoin que pour une organisation membre de l'espace "
            "pour laquelle vous êtes élu, agent ou référent."
        )
    title = _check_fields(space, theme=theme, title=title, description=description, urgency=urgency)
    cost = _clean_cost(current_cost)
    if thread is not None and thread.space_id != space.pk:
        raise NeedError("Cet échange n'est pas de l'espace.")
    with transaction.atomic():
        need = Need.objects.create(
            space=space,
            organisation=organisation,
            theme=theme,
            title=title,
            description=description.strip(),
            urgency=urgency,
            current_cost=cost,
            workaround=(workaround or "").strip(),
            thread=thread,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        log_action(
            actor=actor,
            action="needs.express",
            obj=need,
            space=space,
            data={"organisation": organisation.name, "theme": theme},
        )
    return need


def edit_need(
    *,
    actor,
    need: Need,
    theme: str,
    title: str,
    description: str,
    urgency: str,
    current_cost=None,
    workaround: str = "",
) -> Need:
    """Correct a need (its organisation stays). A theme since archived may be kept."""
    if not perms.can_edit_need(actor, need):
        raise NeedError(perms.NEED_EDIT)
    title = _check_fields(
        need.space,
        theme=theme,
        title=title,
        description=description,
        urgency=urgency,
        allowed_theme=need.theme,
    )
    cost = _clean_cost(current_cost)
    with transaction.atomic():
        need.theme, need.title, need.description = theme, title, description.strip()
        need.urgency, need.current_cost = urgency, cost
        need.workaround = (workaround or "").strip()
        need.save()
        log_action(actor=actor, action="needs.edit", obj=need, space=need.space)
    return need


# --- « Nous aussi » -----------------------------------------------------------------------------


def _author_person(need) -> list[Person]:
    if need.created_by_id is None:
        return []
    return list(Person.objects.filter(user_id=need.created_by_id))


def support_need(
    *, actor, need: Need, organisation, current_cost=None, remark: str = ""
) -> Support:
    """« Nous aussi » for `organisation`, with its own numbers; once per organisation."""
    if need.status == Status.DROPPED:
        raise NeedError("Ce besoin est classé sans suite : on ne peut plus s'y associer.")
    if organisation is not None and organisation.pk == need.organisation_id:
        raise NeedError(f"Le besoin est déjà celui de {organisation.name}.")
    if organisation is None or organisation.pk not in {
        o.pk for o in perms.support_organisations(actor, need)
    }:
        raise NeedError(
            "Vous ne pouvez dire « nous aussi » que pour une organisation membre de l'espace "
            "pour laquelle vous êtes élu, agent ou référent."
        )
    cost = _clean_cost(current_cost)
    if Support.objects.filter(
        need=need, organisation=organisation, withdrawn_at__isnull=True
    ).exists():
        raise NeedError(f"{organisation.name} a déjà dit « nous aussi » pour ce besoin.")
    try:
        with transaction.atomic():
            support = Support.objects.create(
                need=need,
                organisation=organisation,
                current_cost=cost,
                remark=(remark or "").strip(),
                created_by=actor if getattr(actor, "pk", None) else None,
            )
            log_action(
                actor=actor,
                action="needs.support",
                obj=need,
                space=need.space,
                data={"organisation": organisation.name},
            )
            notify(
                recipients=_author_person(need),
                kind=NOTIFY_KIND,
                title=f"{organisation.name} a aussi le besoin « {need.title} »",
                url=need.get_absolute_url(),
                space=need.space,
                exclude=person_of(actor),
            )
    except IntegrityError:
        raise NeedError(f"{organisation.name} a déjà dit « nous aussi » pour ce besoin.") from None
    return support


def withdraw_support(*, actor, support: Support) -> None:
    """Withdraw a « nous aussi » (kept in the history, no longer counted)."""
    if support.withdrawn_at is not None:
        raise NeedError("Ce « nous aussi » est déjà retiré.")
    if not perms.can_withdraw_support(actor, support):
        raise NeedError(
            "Seuls les élus, agents et référents de l'organisation retirent son « nous aussi »."
        )
    with transaction.atomic():
        support.withdrawn_at = timezone.now()
        support.save(update_fields=["withdrawn_at"])
        log_action(
            actor=actor,
            action="needs.withdraw_support",
            obj=support.need,
            space=support.need.space,
            data={"organisation": support.organisation.name},
        )


# --- Grouping -----------------------------------------------------------------------------------


def group_needs(
    *, actor, space, needs, group: NeedGroup | None = None, title: str = ""
) -> NeedGroup:
    """Put `needs` in an existing group or in a new one named `title`; a need already in
    another group moves (a need belongs to one group at most)."""
    if not perms.can_manage_needs(actor, space):
        raise NeedError(perms.NEED_MANAGE)
    needs = list(needs)
    if not needs:
        raise NeedError("Cochez au moins un besoin à regrouper.")
    if any(n.space_id != space.pk for n in needs):
        raise NeedError("Ces besoins ne sont pas tous de l'espace.")
    title = " ".join((title or "").split())
    if (group is None) == (not title):
        raise NeedError(
            "Choisissez un regroupement existant ou nommez-en un nouveau (pas les deux)."
        )
    if group is not None and group.space_id != space.pk:
        raise NeedError("Ce regroupement n'est pas de l'espace.")
    try:
        with transaction.atomic():
            if group is None:
                if NeedGroup.objects.filter(space=space, title__iexact=title).exists():
                    raise NeedError(f"Un regroupement s'appelle déjà « {title} » : choisissez-le.")
                group = NeedGroup.objects.create(space=space, title=title[:200], created_by=actor)
            Need.objects.filter(pk__in=[n.pk for n in needs]).update(group=group)
            log_action(
                actor=actor,
                action="needs.group",
                obj=group,
                space=space,
                data={"needs": [n.pk for n in needs]},
            )
    except IntegrityError:
        raise NeedError(f"Un regroupement s'appelle déjà « {title} » : choisissez-le.") from None
    return group


def ungroup_need(*, actor, need: Need) -> None:
    if not perms.can_manage_needs(actor, need.space):
        raise NeedError(perms.NEED_MANAGE)
    if need.group_id is None:
        raise NeedError("Ce besoin n'est dans aucun regroupement.")
    with transaction.atomic():
        title = need.group.title
        need.group = None
        need.save(update_fields=["group", "updated_at"])
        log_action(
            actor=actor, action="needs.ungroup", obj=need, space=need.space, data={"group": title}
        )


# --- Status -------------------------------------------------------------------------------------


def set_status(*, actor, need: Need, status: str, reason: str = "") -> Need:
    """Change the status; « sans suite » needs a reason. The author is told."""
    if not perms.can_manage_needs(actor, need.space):
        raise NeedError(perms.NEED_MANAGE)
    if status not in Status.values:
        raise NeedError("Choisissez un état.")
    reason = (reason or "").strip()
    if status == Status.DROPPED and not reason:
        raise NeedError("Donnez le motif du classement sans suite.")
    if status == need.status and reason == need.status_reason:
        raise NeedError("Le besoin est déjà dans cet état.")
    with transaction.atomic():
        before = need.status
        need.status, need.status_reason = status, reason
        need.save(update_fields=["status", "status_reason", "updated_at"])
        log_action(
            actor=actor,
            action="needs.status",
            obj=need,
            space=need.space,
            data={"from": before, "to": status, "reason": reason},
        )
        notify(
            recipients=_author_person(need),
            kind=NOTIFY_KIND,
            title=f"Votre besoin « {need.title} » : {need.get_status_display().lower()}",
            body=reason,
            url=need.get_absolute_url(),
            space=need.space,
            exclude=person_of(actor),
        )
    return need
