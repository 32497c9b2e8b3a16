"""Site-wide pages: home, about, API documentation, and the French error pages."""

import functools

from django.db.models import Count
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from maillage.territories.models import Kind, Organisation


def home(request):
    counts = dict(
        Organisation.objects.active()
        .filter(kind__in=[Kind.COMMUNE, Kind.EPCI])
        .order_by()
        .values_list("kind")
        .annotate(n=Count("id"))
    )
    return render(
        request,
        "home.html",
        {"commune_count": counts.get(Kind.COMMUNE, 0), "epci_count": counts.get(Kind.EPCI, 0)},
    )


def about(request):
    return render(request, "about.html")


@functools.cache
def _api_schema() -> dict:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def api_index(request):
    """/api/v1/ itself: where the documentation is and the list resources, read from the
    schema (so that it never forgets one). Plain JSON, like the API."""
    paths = _api_schema()["paths"]
    resources = [
        {
            "adresse": request.build_absolute_uri(path),
            "description": operations["get"].get("summary", ""),
            # As the schema declares it: without an anonymous alternative, a token is needed.
            "jeton": "facultatif" if {} in operations["get"].get("security", [{}]) else "requis",
        }
        for path, operations in sorted(paths.items())
        if "{" not in path and "get" in operations
    ]
    return JsonResponse(
        {
            "documentation": request.build_absolute_uri("/api/docs/"),
            "schema_openapi": request.build_absolute_uri("/api/schema/"),
            "ressources": resources,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def api_docs(request):
    """The API documentation as one of our pages: French, accessible, built from the schema."""
    schema = _api_schema()
    components = schema.get("components", {}).get("schemas", {})

    def fields_of(response):
        ref = response.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref")
        if not ref:
            return []
        component = components.get(ref.rsplit("/", 1)[1], {})
        if "results" in component.get("properties", {}):  # a paginated list
            item_ref = component["properties"]["results"]["items"].get("$ref", "")
            component = components.get(item_ref.rsplit("/", 1)[1], {})
        return [
            (name, spec.get("type", "objet"), spec.get("description", ""), spec.get("nullable"))
            for name, spec in component.get("properties", {}).items()
        ]

    endpoints = [
        {
            "method": method.upper(),
            "path": path,
            "summary": operation.get("summary", ""),
            "parameters": operation.get("parameters", []),
            "fields": fields_of(operation.get("responses", {}).get("200", {})),
            "errors": [
                (code, response.get("description", ""))
                for code, response in sorted(operation.get("responses", {}).items())
                if code >= "400"
            ],
        }
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    ]
    return render(request, "api_docs.html", {"schema": schema, "endpoints": endpoints})


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


def bad_request(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"detail": "Requête invalide."}, status=400)
    return render(request, "400.html", status=400)


def _our_message(exception) -> str:
    """The French message a view gave its Http404, if any: not Django's own English ones
    (« No Space matches the given query. ») nor the resolver's details."""
    message = exception.args[0] if exception is not None and exception.args else ""
    english = ("No ", "query", "does not exist", "not allowed", "Invalid", "found")
    if not isinstance(message, str) or any(marker in message for marker in english):
        return ""
    return message


def page_not_found(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"detail": "Ressource introuvable."}, status=404)
    return render(request, "404.html", {"reason": _our_message(exception)}, status=404)


@requires_csrf_token
def permission_denied(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"detail": "Accès refusé."}, status=403)
    # The view says, in French, what right would be needed (PermissionDenied's message).
    reason = str(exception) if exception is not None and str(exception) else ""
    return render(request, "403.html", {"reason": reason}, status=403)


def server_error(request):
    # No context processors: the page must render even when the database is down.
    if _wants_json(request):
        return JsonResponse({"detail": "Erreur interne du serveur."}, status=500)
    return HttpResponseServerError(loader.get_template("500.html").render())
