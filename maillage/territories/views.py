"""Public territory pages: search, EPCI, commune. No login needed."""

from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import get_object_or_404, render
from django.views.decorators.vary import vary_on_headers

from . import rules
from .models import CompetenceCategory, CompetenceRule, Kind, Membership, Organisation

SEARCH_PAGE_SIZE = 20

# Sortable columns of the member table: URL value → field. Sorting by population is sorting
# by share of the total, which is computed on the population totale.
SORT_COLUMNS = [("nom", "Commune"), ("insee", "Code INSEE"), ("population", "Population totale")]
MEMBER_SORTS = {
    "nom": "member__search_name",
    "insee": "member__insee_code",
    "population": "member__population_totale",
}


@vary_on_headers("HX-Request")
def search(request):
    """Search by name, INSEE code, postcode or SIREN; an HTMX request gets the results only
    (but a history restore, which replaces the whole page, gets the whole page)."""
    raw_query = request.GET.get("q", "")
    results = Organisation.objects.search(raw_query).select_related("departement")
    page = Paginator(results, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "query": raw_query,
        "page": page,
        "too_long": len(raw_query.strip()) > rules.MAX_QUERY_LENGTH,
    }
    partial = request.htmx and not request.htmx.history_restore_request
    template = "territories/_results.html" if partial else "territories/search.html"
    return render(request, template, context)


def epci_detail(request, siren):
    epci = get_object_or_404(
        Organisation.objects.select_related("departement", "region"), kind=Kind.EPCI, siren=siren
    )
    sort = request.GET.get("tri", "population")
    if sort not in MEMBER_SORTS:
        sort = "population"
    order = request.GET.get("ordre")
    if order not in ("asc", "desc"):
        order = "desc" if sort == "population" else "asc"
    descending = order == "desc"
    column = F(MEMBER_SORTS[sort])
    ordering = column.desc(nulls_last=True) if descending else column.asc(nulls_first=True)
    memberships = list(
        Membership.objects.current()
        .filter(group=epci, nature=Membership.Nature.EPCI)
        .select_related("member")
        .order_by(ordering, "member__search_name")
    )
    members = [membership.member for membership in memberships]
    member_shares = rules.shares([m.population_totale for m in members])
    competences = list(
        epci.exercised_competences.current()
        .select_related("competence")
        .order_by("category", "competence__position")
    )
    grouped = [
        (label, [c for c in competences if c.category == value])
        for value, label in CompetenceCategory.choices
    ]
    return render(
        request,
        "territories/epci_detail.html",
        {
            "epci": epci,
            "rows": list(zip(memberships, member_shares, strict=True)),
            "member_total_municipale": sum(m.population_municipale or 0 for m in members),
            "member_total_totale": sum(m.population_totale or 0 for m in members),
            "sort": sort,
            "descending": descending,
            "competence_groups": [(label, items) for label, items in grouped if items],
            "sort_columns": SORT_COLUMNS,
            "legal_minimum": list(
                CompetenceRule.objects.filter(
                    epci_type=epci.epci_type, category=CompetenceCategory.MANDATORY
                )
                .select_related("competence")
                .order_by("competence__position")
            ),
        },
    )


def commune_detail(request, insee_code):
    commune = get_object_or_404(
        Organisation.objects.select_related("departement", "region"),
        kind=Kind.COMMUNE,
        insee_code=insee_code.upper(),
    )
    memberships = list(
        commune.memberships.select_related("group").order_by(
            F("end_date").desc(nulls_first=True), "group__name"
        )
    )
    current_epci = next(
        (m.group for m in memberships if m.nature == Membership.Nature.EPCI and m.end_date is None),
        None,
    )
    return render(
        request,
        "territories/commune_detail.html",
        {
            "commune": commune,
            "epci": current_epci,
            "postcodes": [p.code for p in commune.postcodes.all()],
            "memberships": memberships,
        },
    )
