"""/api/v1/espaces/: every space of the installation (public)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from .. import scopes
from .common import ScopedViewSet


class SpaceSerializer(serializers.ModelSerializer):
    organisation_code = serializers.CharField(
        source="organisation.siren", allow_null=True, help_text="SIREN de l'organisation."
    )
    organisation_name = serializers.CharField(source="organisation.name")
    organisation_kind = serializers.CharField(source="organisation.kind")
    url = serializers.SerializerMethodField(help_text="Page de l'espace.")

    class Meta:
        model = scopes.Space
        fields = [
            "slug",
            "name",
            "organisation_code",
            "organisation_name",
            "organisation_kind",
            "presentation",
            "url",
        ]

    def get_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


@extend_schema_view(
    list=extend_schema(summary="Liste des espaces", tags=["espaces"]),
    retrieve=extend_schema(summary="Un espace, par son adresse courte", tags=["espaces"]),
)
class SpaceViewSet(ScopedViewSet):
    serializer_class = SpaceSerializer
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def get_queryset(self):
        return scopes.spaces()
