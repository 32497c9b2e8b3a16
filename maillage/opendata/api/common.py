"""What every open-API resource shares: the token authentication, the space scope and the
query parameters' checks.

The scope rule: without a token a resource answers its public objects only. With a valid
token it also answers the private objects of the token's space; asking with it for another
space (`?espace=…`) is refused (403), a revoked or unknown token is refused (401)."""

import datetime

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.extensions import OpenApiAuthenticationExtension
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
            "description": "Jeton d'API d'un espace (facultatif sur les ressources publiques).",
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


SPACE_PARAM = OpenApiParameter(
    "espace", OpenApiTypes.STR, description="Adresse courte de l'espace (ex. cc-du-test)."
)


class ScopedViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only resource whose private part is opened by a space token."""

    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [permissions.AllowAny]
    throttle_classes = [AnonRateThrottle]
    lookup_value_regex = r"[0-9]+"

    @property
    def token(self):
        return self.request.auth

    def private_space_id(self) -> int | None:
        """The space whose private objects this request may see (None: public only)."""
        token = self.token
        return token.space_id if token is not None else None

    def requested_space(self) -> Space | None:
        """The space of `?espace=` (None when absent); 403 if a token asks for another."""
        slug = self.request.query_params.get("espace", "").strip()
        if not slug:
            return None
        space = Space.objects.filter(slug=slug).first()
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
