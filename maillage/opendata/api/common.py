"""What every open-API resource shares: the token authentication, the space scope and the
query parameters' checks.

The scope rule: without a token a resource answers its public objects only. With a valid
token it also answers the private objects of the token's space; asking with it for another
space (`?espace=…`) is refused (403), a revoked or unknown token is refused (401)."""

import datetime
import re

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import authentication, exceptions, permissions, viewsets
from rest_framework.throttling import AnonRateThrottle

from maillage.spaces.models import Space

from .. import perms, services

TOKEN_HELP = (
    "Cette ressource demande un jeton d'API de l'espace, dans l'en-tête "
    "« Authorization: Bearer <clé> ». Un administrateur de l'espace le crée sur la page "
    "« Données ouvertes » de l'espace."
)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer mlg_…`. The request stays anonymous (request.user); the token
    is request.auth. Without the header, nothing happens: the request is public."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() != self.keyword.lower():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "En-tête Authorization mal formé : « Bearer <clé> » attendu."
            )
        token = services.token_for_key(header[1])
        if token is None:
            raise exceptions.AuthenticationFailed("Ce jeton d'API est inconnu.")
        if token.is_revoked:
            raise exceptions.AuthenticationFailed(
                "Ce jeton d'API a été révoqué : demandez-en un nouveau à un administrateur "
                "de l'espace."
            )
        services.touch(token)
        return AnonymousUser(), token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "jeton"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "Jeton d'API d'un espace, dans l'en-tête « Authorization: Bearer <clé> » : "
                "facultatif sur les ressources publiques, obligatoire sur les privées."
            ),
        }


class NeedsToken(permissions.BasePermission):
    """Private resources answer only a valid token (401 otherwise)."""

    def has_permission(self, request, view):
        if request.auth is None:
            raise exceptions.NotAuthenticated(TOKEN_HELP)
        return True


def parse_date(value: str, name: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise exceptions.ValidationError(
            {name: "Date invalide : format AAAA-MM-JJ attendu."}
        ) from error


def parse_int(value: str, name: str, low=0, high=10**9) -> int:
    try:
        number = int(value)
    except ValueError as error:
        raise exceptions.ValidationError({name: "Nombre entier attendu."}) from error
    if not low <= number <= high:
        raise exceptions.ValidationError({name: f"Valeur entre {low} et {high} attendue."})
    return number


def parse_choice(value: str, name: str, choices) -> str:
    if value not in choices:
        raise exceptions.ValidationError(
            {name: f"Valeur inconnue. Valeurs : {', '.join(choices)}."}
        )
    return value


def parse_code(value: str, name: str) -> str:
    """An INSEE code or a SIREN: letters and digits (2A004), nothing else."""
    code = value.strip()
    if not (code.isascii() and code.isalnum() and len(code) <= 15):
        raise exceptions.ValidationError({name: "Code INSEE ou SIREN attendu (ex. 74042)."})
    return code


SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")

SPACE_PARAM = OpenApiParameter(
    "espace", OpenApiTypes.STR, description="Adresse courte de l'espace (ex. cc-du-test)."
)


PUBLIC_HELP = (
    "Ressource publique : sans jeton, elle répond ses objets publics. Avec un jeton d'API "
    "d'un espace (en-tête « Authorization: Bearer <clé> »), elle répond aussi les objets "
    "privés de cet espace, ceux que ses administrateurs voient ; avec ce jeton, "
    "« ?espace= » ne peut nommer que son espace (403 sinon)."
)
PRIVATE_HELP = (
    "Ressource privée d'un espace : elle demande un jeton d'API de l'espace (en-tête "
    "« Authorization: Bearer <clé> ») et répond 401 sans lui. Elle ne répond que les objets "
    "de l'espace du jeton."
)


class OpenSchema(AutoSchema):
    """The operations' descriptions are for the API's readers, in French: the view's
    `api_description`, or what the scope rule means for it; never the code's docstrings."""

    def get_description(self):
        description = getattr(self.view, "api_description", "")
        if description:
            return description
        private = any(isinstance(p, NeedsToken) for p in self.view.get_permissions())
        return PRIVATE_HELP if private else PUBLIC_HELP


class ScopedViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only resource whose private part is opened by a space token."""

    schema = OpenSchema()

    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [permissions.AllowAny]
    throttle_classes = [AnonRateThrottle]
    lookup_value_regex = r"[0-9]+"

    # The lookup from an object of the list to its space, for `?espace=`.
    space_lookup = "space"

    @property
    def token(self):
        return self.request.auth

    def get_serializer_context(self):
        """Serializers hide the private parts of objects outside `private_space_id`."""
        context = super().get_serializer_context()
        context["private_space_id"] = self.private_space_id()
        return context

    def get_queryset(self):
        """The objects this request may see; a list is narrowed by `?espace=` (403 for a
        token of another space) then by the resource's own filters."""
        queryset = self.visible_objects()
        if self.action != "list":
            return queryset
        space = self.requested_space()
        if space is not None:
            queryset = queryset.filter(**{self.space_lookup: space})
        return self.filter_list(queryset, self.request.query_params)

    def visible_objects(self):
        raise NotImplementedError

    def filter_list(self, queryset, params):
        """The resource's own query parameters, each checked (400 in French when invalid)."""
        return queryset

    def private_space_id(self) -> int | None:
        """The space whose private objects this request may see (None: public only)."""
        token = self.token
        return token.space_id if token is not None else None

    def requested_space(self) -> Space | None:
        """The space of `?espace=` (None when absent); 403 if a token asks for another."""
        slug = self.request.query_params.get("espace", "").strip()
        if not slug:
            return None
        space = Space.objects.filter(slug=slug).first() if SLUG.fullmatch(slug) else None
        if space is None:
            raise exceptions.ValidationError({"espace": "Aucun espace n'a cette adresse courte."})
        token = self.token
        if token is not None and not perms.token_opens_space(token, space):
            raise exceptions.PermissionDenied(
                f"Ce jeton ouvre seulement l'espace « {token.space.name} » "
                f"({token.space.slug}) ; pour les données publiques d'un autre espace, "
                "appelez l'API sans jeton."
            )
        return space
