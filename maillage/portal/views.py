"""Public pages of the portal (no login): a space's portal home, "Mon territoire"; and the
admin's page for the commune contours of the portal map."""

from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from maillage.access import space_view
from maillage.territories import rules as territory_rules
from maillage.territories.models import Kind, Organisation

from . import perms, public, services
from .forms import CommuneMapForm, TerritorySearchForm
from .models import CommuneMap

MAP_CACHE_SECONDS = 24 * 3600
SEARCH_LIMIT = 20


def map_svg(commune_map) -> str:
    """The map's SVG, drawn once per uploaded map and kept in the cache: a map never changes
    once uploaded (a new upload is a new map), so the cache is always right."""
    if commune_map is None:
        return ""
    key = services.map_cache_key(commune_map)
    svg = cache.get(key)
    if svg is None:
        svg = render_to_string("portal/_map.html", {"commune_map": commune_map})
        cache.set(key, svg, MAP_CACHE_SECONDS)
    return svg


@space_view(perms.can_view_portal)
def home(request, space):
    context = public.portal_home(space, communes_page=request.GET.get("page"))
    context["map_svg"] = map_svg(context["commune_map"])
    context["can_manage_map"] = perms.can_manage_map(request.user, space)
    return render(request, "portal/home.html", context)


@space_view(perms.can_manage_map, need=perms.NEED_MANAGE_MAP)
def commune_map(request, space):
    form = CommuneMapForm()
    if request.method == "POST":
        form = CommuneMapForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                uploaded = services.upload_commune_map(
                    actor=request.user, space=space, upload=form.cleaned_data["fichier"]
                )
            except services.PortalError as error:
                form.add_error("fichier", str(error))
            else:
                text = f"La carte du portail dessine {len(uploaded.shapes)} commune(s)."
                if uploaded.ignored_codes:
                    text += (
                        f" {len(uploaded.ignored_codes)} contour(s) de communes qui ne sont pas "
                        "membres de l'espace ont été laissés de côté."
                    )
                messages.success(request, text)
                return redirect("portal:map", slug=space.slug)
    current = CommuneMap.objects.current().filter(space=space).first()
    drawn = {shape["code"] for shape in current.shapes} if current else set()
    missing = [
        m.organisation
        for m in public.current_members(space)
        if current and m.organisation.insee_code and m.organisation.insee_code not in drawn
    ]
    return render(
        request,
        "portal/map.html",
        {
            "space": space,
            "form": form,
            "commune_map": current,
            "map_svg": map_svg(current),
            "missing": missing,
            "history": CommuneMap.objects.filter(space=space).select_related("uploaded_by")[:20],
        },
        status=400 if form.errors else 200,
    )


@require_POST
@space_view(perms.can_manage_map, need=perms.NEED_MANAGE_MAP)
def commune_map_remove(request, space):
    try:
        services.remove_commune_map(actor=request.user, space=space)
    except services.PortalError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "La carte n'apparaît plus sur le portail ; le tableau reste.")
    return redirect("portal:map", slug=space.slug)


def my_territory(request):
    """Type a commune or a postcode: one answer goes straight to its page, several are listed."""
    form = TerritorySearchForm(request.GET or None)
    results = []
    searched = False
    if form.is_valid():
        searched = True
        query = form.cleaned_data["q"]
        results = list(public.find_communes(query)[: SEARCH_LIMIT + 1])
        if len(results) == 1:
            return redirect("portal:territory", insee_code=results[0].insee_code)
    return render(
        request,
        "portal/my_territory.html",
        {
            "form": form,
            "searched": searched,
            "results": results[:SEARCH_LIMIT],
            "more": len(results) > SEARCH_LIMIT,
            "too_long": len(request.GET.get("q", "").strip()) > territory_rules.MAX_QUERY_LENGTH,
        },
    )


def territory(request, insee_code):
    commune = get_object_or_404(
        Organisation.objects.select_related("departement"),
        kind=Kind.COMMUNE,
        insee_code=insee_code,
    )
    found = public.territory_of(commune)
    return render(
        request,
        "portal/territory.html",
        {
            "t": found,
            "form": TerritorySearchForm(),
            "portal_url": reverse("portal:home", args=[found.space.slug]) if found.space else "",
        },
    )
