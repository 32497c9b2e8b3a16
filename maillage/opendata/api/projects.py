"""/api/v1/projets/ (with their progress) and /api/v1/feuilles-de-route/ (adopted versions)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers

from maillage.projects.models import Project, ProjectStatus
from maillage.projects.progress import progress_by_project
from maillage.roadmap.models import RoadmapVersion

from .. import scopes
from .common import SPACE_PARAM, ScopedViewSet, parse_choice, parse_code
from .meetings import AbsoluteUrlMixin


class ProjectSerializer(AbsoluteUrlMixin, serializers.ModelSerializer):
    espace = serializers.CharField(source="space.slug")
    status_label = serializers.CharField(source="get_status_display")
    communes = serializers.SerializerMethodField(
        help_text="Codes INSEE (ou SIREN) des organisations concernées."
    )
    progress = serializers.SerializerMethodField(help_text="Avancement, en pour cent (0 à 100).")

    class Meta:
        model = Project
        fields = [
            "id",
            "espace",
            "title",
            "description",
            "status",
            "status_label",
            "start_date",
            "end_date",
            "weather",
            "progress",
            "communes",
            "is_public",
            "url",
        ]

    def get_communes(self, obj) -> list[str]:
        return sorted(o.insee_code or o.siren or "" for o in obj.communes.all())

    def get_progress(self, obj) -> int:
        return self.context.get("progress", {}).get(obj.pk, 0)


class ProgressListMixin:
    """Computes the progress of a whole page in 2 queries (no query per project)."""

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["progress"] = getattr(self, "_progress", {})
        return context

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            self._progress = progress_by_project(p.pk for p in page)
        return page

    def get_object(self):
        obj = super().get_object()
        self._progress = progress_by_project([obj.pk])
        return obj


@extend_schema_view(
    list=extend_schema(
        summary="Projets publics (et privés, avec un jeton de l'espace), avec leur avancement",
        tags=["projets"],
        parameters=[
            SPACE_PARAM,
            OpenApiParameter("etat", OpenApiTypes.STR, enum=ProjectStatus.values),
            OpenApiParameter("commune", OpenApiTypes.STR, description="Code INSEE concerné."),
        ],
    ),
    retrieve=extend_schema(summary="Un projet", tags=["projets"]),
)
class ProjectViewSet(ProgressListMixin, ScopedViewSet):
    serializer_class = ProjectSerializer

    def visible_objects(self):
        return scopes.projects(self.private_space_id())

    def filter_list(self, queryset, params):
        if params.get("etat"):
            queryset = queryset.filter(
                status=parse_choice(params["etat"], "etat", ProjectStatus.values)
            )
        if params.get("commune"):
            queryset = queryset.filter(
                communes__insee_code=parse_code(params["commune"], "commune")
            )
        return queryset


class RoadmapVersionSerializer(serializers.ModelSerializer):
    espace = serializers.CharField(source="space.slug")
    deliberation = serializers.SerializerMethodField(help_text="Numéro de la délibération.")
    items = serializers.SerializerMethodField(
        help_text="Éléments adoptés. Sans jeton de l'espace, les besoins et les projets non "
        "publics qui y sont liés sont retirés."
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = RoadmapVersion
        fields = ["id", "espace", "number", "note", "adopted_at", "deliberation", "items", "url"]

    def get_deliberation(self, obj) -> str | None:
        return obj.deliberation.number if obj.deliberation_id else None

    def get_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())

    def get_items(self, obj) -> list[dict]:
        if self.context.get("private_space_id") == obj.space_id:
            return obj.snapshot
        return [public_item(item) for item in obj.snapshot]


def public_item(item: dict) -> dict:
    """An adopted roadmap item as the public sees it: the needs (members' matters) and the
    projects that are not public are left out."""
    public = {key: value for key, value in item.items() if key not in ("needs", "projects")}
    public["projects"] = [
        {"id": p["id"], "title": p["title"]} for p in item.get("projects", []) if p.get("public")
    ]
    return public


@extend_schema_view(
    list=extend_schema(
        summary="Feuilles de route adoptées", tags=["projets"], parameters=[SPACE_PARAM]
    ),
    retrieve=extend_schema(summary="Une version adoptée", tags=["projets"]),
)
class RoadmapVersionViewSet(ScopedViewSet):
    serializer_class = RoadmapVersionSerializer

    def visible_objects(self):
        return scopes.roadmap_versions()
