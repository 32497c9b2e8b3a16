"""Reading needs: the filters of the list and of the aggregated view, and the contributions
(one per organisation concerned by a need) fed to the pure aggregation of `rules.py`.
Two queries whatever the number of needs."""

import csv
from decimal import Decimal

from django.db.models import Q

from maillage.territories.models import Organisation

from . import rules
from .models import Need, Status, Support

UNGROUPED = "Besoins non regroupés"


def filter_needs(queryset, data: dict):
    """Apply the cleaned filters: theme, urgency, organisation (expressed or « nous aussi »),
    status (by default every status but « sans suite »)."""
    if data.get("theme"):
        queryset = queryset.filter(theme=data["theme"])
    if data.get("urgency"):
        queryset = queryset.filter(urgency=data["urgency"])
    if data.get("organisation"):
        organisation = data["organisation"]
        supported = Support.objects.filter(
            organisation_id=organisation, withdrawn_at__isnull=True
        ).values("need_id")
        queryset = queryset.filter(Q(organisation_id=organisation) | Q(pk__in=supported))
    status = data.get("status")
    if not status:
        queryset = queryset.exclude(status=Status.DROPPED)
    elif status != "tous":
        queryset = queryset.filter(status=status)
    return queryset


def member_organisations(space):
    return list(
        Organisation.objects.filter(
            space_memberships__space=space, space_memberships__end_date__isnull=True
        ).order_by("name")
    )


def contributions(needs, *, by: str = "theme") -> list[rules.Contribution]:
    """One contribution per need (its organisation) and per current « nous aussi »."""
    rows = list(
        needs.values(
            "pk",
            "theme",
            "group__title",
            "organisation_id",
            "organisation__name",
            "organisation__population_municipale",
            "current_cost",
        )
    )
    keys = {}
    result = []
    for row in rows:
        key = row["theme"] if by == "theme" else (row["group__title"] or UNGROUPED)
        keys[row["pk"]] = key
        result.append(
            rules.Contribution(
                key=key,
                need_id=row["pk"],
                organisation_id=row["organisation_id"],
                organisation_name=row["organisation__name"],
                population=row["organisation__population_municipale"],
                cost=row["current_cost"],
            )
        )
    supports = Support.objects.filter(
        need_id__in=needs.values("pk"), withdrawn_at__isnull=True
    ).values(
        "need_id",
        "organisation_id",
        "organisation__name",
        "organisation__population_municipale",
        "current_cost",
    )
    for row in supports:
        result.append(
            rules.Contribution(
                key=keys[row["need_id"]],
                need_id=row["need_id"],
                organisation_id=row["organisation_id"],
                organisation_name=row["organisation__name"],
                population=row["organisation__population_municipale"],
                cost=row["current_cost"],
            )
        )
    return result


def summarise(needs, *, by: str = "theme"):
    rows = rules.aggregate(contributions(needs, by=by))
    return rows, rules.totals(rows)


def money_csv(value: Decimal) -> str:
    """Money in a French spreadsheet: comma for the decimals, no thousands separator."""
    return f"{value:.2f}".replace(".", ",")


def write_summary_csv(response, rows, total, *, by: str):
    writer = csv.writer(response, delimiter=";")
    heading = "Thème" if by == "theme" else "Regroupement"
    writer.writerow(
        [
            heading,
            "Besoins",
            "Organisations concernées",
            "Habitants (population municipale)",
            "Organisations sans population connue",
            "Coût actuel total (€)",
            "Coûts non renseignés",
            "Organisations",
        ]
    )
    for row in [*rows, total]:
        writer.writerow(
            [
                row.key,
                row.need_count,
                row.organisation_count,
                row.inhabitants,
                ", ".join(row.names_without_population),
                money_csv(row.total_cost),
                row.costs_missing,
                ", ".join(row.organisation_names),
            ]
        )
    return response


def needs_for_list(space):
    return (
        Need.objects.in_space(space)
        .with_support_counts()
        .select_related("organisation", "group")
        .order_by("-created_at", "-pk")
    )
