"""/api/v1/bulletins/ (the sent issues of the bulletin de liaison, public edition) and
/api/v1/retours-experience/ (the experiences made public)."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers

from maillage.bulletins.models import Issue, IssueStatus, Section
from maillage.experiences.models import Experience, Theme

from .. import scopes
from .common import SPACE_PARAM, ScopedViewSet, parse_choice, parse_code, parse_date
from .meetings import AbsoluteUrlMixin


class SectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Section
        fields = ["position", "heading", "body", "members_only"]


class IssueSerializer(AbsoluteUrlMixin, serializers.ModelSerializer):
    espace = serializers.CharField(source="space.slug")
    status_label = serializers.CharField(source="get_status_display")
    sections = serializers.SerializerMethodField(
        help_text="Rubriques, en Markdown. Sans jeton de l'espace, celles réservées aux "
        "membres sont retirées (édition publique)."
    )

    class Meta:
        model = Issue
        fields = [
            "id",
            "espace",
            "number",
            "title",
            "introduction",
            "status",
            "status_label",
            "sent_at",
            "sections",
            "url",
        ]

    @extend_schema_field(SectionSerializer(many=True))
    def get_sections(self, obj) -> list[dict]:
        members = self.context.get("private_space_id") == obj.space_id
        sections = [s for s in obj.sections.all() if members or not s.members_only]
        return SectionSerializer(sections, many=True).data


@extend_schema_view(
    list=extend_schema(
        summary="Numéros envoyés du bulletin de liaison (et brouillons, avec un jeton)",
        tags=["communication"],
        parameters=[
            SPACE_PARAM,
            OpenApiParameter("etat", OpenApiTypes.STR, enum=IssueStatus.values),
            OpenApiParameter("depuis", OpenApiTypes.DATE, description="Envoyés à partir du."),
        ],
    ),
    retrieve=extend_schema(summary="Un numéro du bulletin", tags=["communication"]),
)
class IssueViewSet(ScopedViewSet):
    serializer_class = IssueSerializer

    def visible_objects(self):
        return scopes.bulletin_issues(self.private_space_id())

    def filter_list(self, queryset, params):
        if params.get("etat"):
            queryset = queryset.filter(
                status=parse_choice(params["etat"], "etat", IssueStatus.values)
            )
        if params.get("depuis"):
            queryset = queryset.filter(sent_at__date__gte=parse_date(params["depuis"], "depuis"))
        return queryset


class ExperienceSerializer(AbsoluteUrlMixin, serializers.ModelSerializer):
    espace = serializers.CharField(source="space.slug")
    author = serializers.CharField(source="author.full_name", help_text="Auteur.")
    themes = serializers.SerializerMethodField(help_text="Thèmes (codes).")
    communes = serializers.SerializerMethodField(
        help_text="Codes INSEE (ou SIREN) des communes concernées."
    )
    video_url = serializers.SerializerMethodField(help_text="La vidéo, s'il y en a une.")
    poster_url = serializers.SerializerMethodField(help_text="Son image d'aperçu.")
    captions_url = serializers.SerializerMethodField(help_text="Ses sous-titres (WebVTT).")
    photos = serializers.SerializerMethodField(help_text="Adresses des photos.")

    class Meta:
        model = Experience
        fields = [
            "id",
            "espace",
            "title",
            "text",
            "author",
            "visibility",
            "themes",
            "communes",
            "created_at",
            "video_url",
            "poster_url",
            "captions_url",
            "photos",
            "url",
        ]

    def _media(self, obj, kind) -> str:
        path = reverse(f"experiences:{kind}", args=[obj.space.slug, obj.pk])
        return self.context["request"].build_absolute_uri(path)

    def get_themes(self, obj) -> list[str]:
        return [t.theme for t in obj.themes.all()]

    def get_communes(self, obj) -> list[str]:
        return sorted(o.insee_code or o.siren or "" for o in obj.organisations.all())

    def get_video_url(self, obj) -> str | None:
        return self._media(obj, "video") if obj.video else None

    def get_poster_url(self, obj) -> str | None:
        return self._media(obj, "poster") if obj.poster else None

    def get_captions_url(self, obj) -> str | None:
        return self._media(obj, "captions") if obj.captions else None

    def get_photos(self, obj) -> list[str]:
        request = self.context["request"]
        return [
            request.build_absolute_uri(
                reverse("experiences:photo", args=[obj.space.slug, obj.pk, photo.pk])
            )
            for photo in obj.photos.all()
        ]


@extend_schema_view(
    list=extend_schema(
        summary="Retours d'expérience publics (et ceux des membres, avec un jeton de l'espace)",
        tags=["communication"],
        parameters=[
            SPACE_PARAM,
            OpenApiParameter("theme", OpenApiTypes.STR, enum=Theme.values),
            OpenApiParameter("commune", OpenApiTypes.STR, description="Code INSEE concerné."),
        ],
    ),
    retrieve=extend_schema(summary="Un retour d'expérience", tags=["communication"]),
)
class ExperienceViewSet(ScopedViewSet):
    serializer_class = ExperienceSerializer

    def visible_objects(self):
        return scopes.experiences(self.private_space_id())

    def filter_list(self, queryset, params):
        if params.get("theme"):
            queryset = queryset.filter(
                themes__theme=parse_choice(params["theme"], "theme", Theme.values)
            )
        if params.get("commune"):
            queryset = queryset.filter(
                organisations__insee_code=parse_code(params["commune"], "commune")
            )
        return queryset
