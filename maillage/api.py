"""Shared REST API pieces."""

from django.http import Http404
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import exception_handler as drf_exception_handler

NOT_FOUND = (
    "Rien ne correspond à cette adresse : l'objet n'existe pas, ou il n'est pas public "
    "(le jeton d'API de son espace l'ouvre s'il est privé)."
)
NOT_ACCEPTABLE = "Cette API ne répond qu'en JSON : envoyez « Accept: application/json »."


def exception_handler(exc, context):
    """DRF's handler, with French messages where Django's or DRF's would be English or
    awkward: an object not found (get_object_or_404 says « No Space matches the given
    query. »), a format the API does not answer."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(NOT_FOUND)
    elif isinstance(exc, exceptions.NotAcceptable):
        exc = exceptions.NotAcceptable(NOT_ACCEPTABLE)
    return drf_exception_handler(exc, context)


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


# The errors every operation may answer, in the shapes the views really send: DRF's
# {"detail": "…"} and, for a bad query parameter, one French message per parameter.
DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "Message en français."}},
    "required": ["detail"],
}
PER_PARAMETER = {
    "type": "object",
    "description": "Un message en français par paramètre refusé.",
    "additionalProperties": {
        "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]
    },
}
ERRORS = {
    "400": ("Paramètre de requête invalide (le message dit lequel et pourquoi).", PER_PARAMETER),
    "401": ("Jeton d'API absent (ressource privée), inconnu ou révoqué.", DETAIL),
    "403": ("Jeton d'un autre espace que celui demandé par « ?espace= ».", DETAIL),
    "404": ("Objet introuvable, ou numéro de page au-delà de la dernière.", DETAIL),
    "429": ("Trop de requêtes sans jeton depuis la même adresse : réessayez plus tard.", DETAIL),
}
UNFILTERED = {"page", "page_size"}


def document_errors(result, generator, request, public):
    """drf-spectacular postprocessing hook: add to each operation the errors it may answer
    (400 when it has filters, 401 when a space token opens it, 403 when it also takes
    `?espace=`, 404 for an object or a page, 429 always), so that clients and the schema
    tests know their shapes."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            params = operation.get("parameters", [])
            codes = ["429"]
            if any(p["in"] == "query" and p["name"] not in UNFILTERED for p in params):
                codes.append("400")
            if any("jeton" in way for way in operation.get("security", [])):
                codes.append("401")
                if any(p["in"] == "query" and p["name"] == "espace" for p in params):
                    codes.append("403")
            if any(p["in"] == "path" or p["name"] == "page" for p in params):
                codes.append("404")
            responses = operation.setdefault("responses", {})
            for code in sorted(codes):
                description, schema = ERRORS[code]
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": schema}},
                    },
                )
    return result
