"""Pages of the open data: the public page of a space's datasets and feeds, their CSV and
JSON files, and the space admins' page of API tokens (create: the key is shown once;
revoke)."""

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.views.decorators.http import require_POST

from maillage.access import space_view

from . import datasets, perms, services
from .forms import TokenForm
from .models import ApiToken

PAGE_SIZE = 50

# Feeds other apps publish: (URL name, title, description, format). Those of an app that is
# not installed yet are left out of the page.
FEEDS = [
    (
        "meetings:acts_csv",
        "Délibérations — format national SCDL",
        "Les délibérations publiées au schéma « Délibérations » du Socle commun des données "
        "locales (CSV, séparateur virgule, UTF-8).",
        "CSV (SCDL)",
    ),
    (
        "portal:sittings_ics",
        "Agenda des séances publiques",
        "Les séances publiques à venir, à ajouter à un agenda (Thunderbird, Outlook, téléphone).",
        "iCal",
    ),
    (
        "portal:deliberations_atom",
        "Fil des délibérations",
        "Les dernières délibérations publiées, pour un lecteur de flux.",
        "Atom",
    ),
    (
        "bulletins:feed",
        "Fil du bulletin de liaison",
        "Les derniers numéros du bulletin, pour un lecteur de flux.",
        "Atom",
    ),
]


def feeds_of(space) -> list[dict]:
    found = []
    for name, title, description, kind in FEEDS:
        try:
            url = reverse(name, args=[space.slug])
        except NoReverseMatch:
            continue
        found.append({"title": title, "description": description, "kind": kind, "url": url})
    return found


@space_view(perms.can_view_exports)
def exports(request, space):
    api_base = request.build_absolute_uri("/api/v1/")
    return render(
        request,
        "opendata/exports.html",
        {
            "space": space,
            "feeds": feeds_of(space),
            "datasets": datasets.DATASETS.values(),
            "api_base": api_base,
            "can_manage_tokens": perms.can_manage_tokens(request.user, space),
        },
    )


@space_view(perms.can_view_exports)
def export(request, space, dataset, fmt):
    found = datasets.DATASETS.get(dataset)
    if found is None or fmt not in found.formats:
        raise Http404("Ce jeu de données n'existe pas dans ce format.")
    filename = f"{found.slug}-{space.slug}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            datasets.csv_lines(found, space, request), content_type="text/csv; charset=utf-8"
        )
    else:
        response = StreamingHttpResponse(
            _json_lines(found, space, request), content_type="application/json"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _json_lines(dataset, space, request):
    yield "["
    first = True
    for rows in datasets.chunks(dataset, space, request):
        for row in rows:
            yield ("" if first else ",\n") + json.dumps(row, cls=DjangoJSONEncoder)
            first = False
    yield "]\n"


def _tokens_page(request, space, form, new_key=None, status=200):
    page = Paginator(
        ApiToken.objects.filter(space=space).select_related("created_by", "revoked_by"),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "opendata/tokens.html",
        {"space": space, "form": form, "page": page, "new_key": new_key},
        status=status,
    )


@space_view(perms.can_manage_tokens, perms.NEED_TOKENS)
def tokens(request, space):
    if request.method != "POST":
        return _tokens_page(request, space, TokenForm())
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            token, key = services.create_token(
                actor=request.user, space=space, name=form.cleaned_data["name"]
            )
        except services.OpendataError as error:
            form.add_error("name", str(error))
        else:
            messages.success(request, f"Le jeton « {token.name} » est créé.")
            # The key is shown on this page only: it is stored hashed.
            return _tokens_page(request, space, TokenForm(), new_key={"token": token, "key": key})
    return _tokens_page(request, space, form)


@space_view(perms.can_manage_tokens, perms.NEED_TOKENS)
@require_POST
def token_revoke(request, space, token_id):
    token = get_object_or_404(ApiToken.objects.select_related("space"), pk=token_id, space=space)
    try:
        services.revoke_token(actor=request.user, token=token)
    except services.OpendataError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Le jeton « {token.name} » est révoqué : il ne sert plus.")
    return redirect("opendata:tokens", space.slug)


SPACE = "espaces/<slug:slug>/donnees/"

urlpatterns = [
    path(SPACE, exports, name="exports"),
    path(SPACE + "jetons/", tokens, name="tokens"),
    path(SPACE + "jetons/<int:token_id>/revoquer/", token_revoke, name="token_revoke"),
    path(SPACE + "<slug:dataset>.<str:fmt>", export, name="export"),
]
