"""/api/v1/instances/, /api/v1/seances/, /api/v1/deliberations/."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers

from maillage.meetings.models import BodyKind, Deliberation, Matter, Sitting, SittingStatus

from .. import scopes
from .common import SPACE_PARAM, ScopedViewSet, parse_choice, parse_date, parse_int


class AbsoluteUrlMixin(serializers.Serializer):
    url = serializers.SerializerMethodField(help_text="Page web de l'objet.")

    def get_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


class BodySerializer(AbsoluteUrlMixin, serializers.ModelSerializer):
    espace = serializers.CharField(source="space.slug")
    kind_label = serializers.CharField(source="get_kind_display")

    class Meta:
        model = scopes.Body
        fields = ["id", "espace", "name", "kind", "kind_label", "description", "url"]


@extend_schema_view(
    list=extend_schema(
        summary="Instances (conseils ; toutes avec un jeton de l'espace)",
        tags=["séances"],
        parameters=[
            SPACE_PARAM,
            OpenApiParameter("type", OpenApiTypes.STR, enum=BodyKind.values),
        ],
    ),
    retrieve=extend_schema(summary="Une instance", tags=["séances"]),
)
class BodyViewSet(ScopedViewSet):
    serializer_class = BodySerializer

    def visible_objects(self):
        return scopes.bodies(self.private_space_id())

    def filter_list(self, queryset, params):
        kind = params.get("type")
        if kind:
            queryset = queryset.filter(kind=parse_choice(kind, "type", BodyKind.values))
        return queryset


class SittingSerializer(AbsoluteUrlMixin, serializers.ModelSerializer):
    espace = serializers.CharField(source="body.space.slug")
    body = serializers.IntegerField(source="body_id", help_text="Identifiant de l'instance.")
    body_name = serializers.CharField(source="body.name")
    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = Sitting
        fields = [
            "id",
            "espace",
            "body",
            "body_name",
            "starts_at",
            "place",
            "mode",
            "status",
            "status_label",
            "urgent",
            "url",
        ]


@extend_schema_view(
    list=extend_schema(
        summary="Séances (publiques ; toutes avec un jeton de l'espace)",
        tags=["séances"],
        parameters=[
            SPACE_PARAM,
            OpenApiParameter("instance", OpenApiTypes.INT, description="Identifiant."),
            OpenApiParameter("etat", OpenApiTypes.STR, enum=SittingStatus.values),
            OpenApiParameter("depuis", OpenApiTypes.DATE, description="À partir du jour."),
            OpenApiParameter("jusqu_au", OpenApiTypes.DATE, description="Jusqu'au jour inclus."),
        ],
    ),
    retrieve=extend_schema(summary="Une séance", tags=["séances"]),
)
class SittingViewSet(ScopedViewSet):
    serializer_class = SittingSerializer

    space_lookup = "body__space"

    def visible_objects(self):
        return scopes.sittings(self.private_space_id())

    def filter_list(self, queryset, params):
        if params.get("instance"):
            queryset = queryset.filter(body_id=parse_int(params["instance"], "instance"))
        if params.get("etat"):
            queryset = queryset.filter(
                status=parse_choice(params["etat"], "etat", SittingStatus.values)
            )
        if params.get("depuis"):
            queryset = queryset.filter(starts_at__date__gte=parse_date(params["depuis"], "depuis"))
        if params.get("jusqu_au"):
            queryset = queryset.filter(
                starts_at__date__lte=parse_date(params["jusqu_au"], "jusqu_au")
            )
        return queryset


class DeliberationSerializer(AbsoluteUrlMixin, serializers.ModelSerializer):
    espace = serializers.CharField(source="space.slug")
    number = serializers.CharField(help_text="Numéro de l'acte (année-rang).")
    outcome_label = serializers.CharField(source="get_outcome_display")
    matter_label = serializers.CharField(source="get_matter_display")
    sitting = serializers.IntegerField(source="item.sitting_id", help_text="Séance.")
    corrects = serializers.SerializerMethodField(help_text="Numéro de l'acte corrigé.")

    class Meta:
        model = Deliberation
        fields = [
            "id",
            "espace",
            "number",
            "year",
            "sequence",
            "title",
            "text",
            "decided_on",
            "sitting",
            "outcome",
            "outcome_label",
            "matter",
            "matter_label",
            "members_in_office",
            "present",
            "represented",
            "votes_for",
            "votes_against",
            "abstentions",
            "corrects",
            "published_at",
            "url",
        ]

    def get_corrects(self, obj) -> str | None:
        return obj.corrects.number if obj.corrects_id else None


@extend_schema_view(
    list=extend_schema(
        summary="Délibérations publiées (et à publier, avec un jeton de l'espace)",
        tags=["délibérations"],
        parameters=[
            SPACE_PARAM,
            OpenApiParameter("annee", OpenApiTypes.INT, description="Année de l'acte."),
            OpenApiParameter("matiere", OpenApiTypes.STR, enum=Matter.values),
            OpenApiParameter("depuis", OpenApiTypes.DATE, description="Décidées à partir du."),
            OpenApiParameter("jusqu_au", OpenApiTypes.DATE, description="Décidées jusqu'au."),
        ],
    ),
    retrieve=extend_schema(summary="Une délibération", tags=["délibérations"]),
)
class DeliberationViewSet(ScopedViewSet):
    serializer_class = DeliberationSerializer

    def visible_objects(self):
        return scopes.deliberations(self.private_space_id())

    def filter_list(self, queryset, params):
        if params.get("annee"):
            queryset = queryset.filter(year=parse_int(params["annee"], "annee", 1900, 2200))
        if params.get("matiere"):
            queryset = queryset.filter(
                matter=parse_choice(params["matiere"], "matiere", Matter.values)
            )
        if params.get("depuis"):
            queryset = queryset.filter(decided_on__gte=parse_date(params["depuis"], "depuis"))
        if params.get("jusqu_au"):
            queryset = queryset.filter(decided_on__lte=parse_date(params["jusqu_au"], "jusqu_au"))
        return queryset
