"""Read-only REST resources of the territory registry (/api/v1/organisations/)."""

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.throttling import AnonRateThrottle

from maillage.people.models import Mandate

from . import rules
from .models import Kind, Membership, Organisation


class OrganisationSerializer(serializers.ModelSerializer):
    code = serializers.CharField(
        read_only=True, help_text="Code INSEE pour une commune, SIREN sinon."
    )
    siren = serializers.CharField(allow_null=True, read_only=True)
    insee_code = serializers.SerializerMethodField(help_text="Code INSEE (COG) ou null.")
    kind_label = serializers.CharField(source="type_label", read_only=True)
    departement = serializers.SerializerMethodField(help_text="Code du département.")
    region = serializers.SerializerMethodField(help_text="Code de la région.")
    population_totale = serializers.IntegerField(
        allow_null=True, read_only=True, help_text="Population totale, null si inconnue."
    )
    population_municipale = serializers.IntegerField(
        allow_null=True, read_only=True, help_text="Population municipale, null si inconnue."
    )
    epci = serializers.SerializerMethodField(help_text="SIREN de l'EPCI d'une commune.")
    members = serializers.SerializerMethodField(
        help_text="Codes INSEE des communes membres d'un EPCI."
    )
    postcodes = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(help_text="Page publique de l'organisation.")

    class Meta:
        model = Organisation
        fields = [
            "code",
            "siren",
            "insee_code",
            "name",
            "kind",
            "kind_label",
            "epci_type",
            "financing_mode",
            "population_municipale",
            "population_totale",
            "departement",
            "region",
            "postcodes",
            "epci",
            "members",
            "dissolved_on",
            "url",
        ]

    def get_insee_code(self, obj) -> str | None:
        return obj.insee_code or None

    def get_departement(self, obj) -> str | None:
        return obj.departement.insee_code if obj.departement else None

    def get_region(self, obj) -> str | None:
        return obj.region.insee_code if obj.region else None

    def get_epci(self, obj) -> str | None:
        if obj.kind != Kind.COMMUNE:
            return None
        links = obj.current_epci_links
        return links[0].group.siren if links else None

    def get_members(self, obj) -> list[str] | None:
        if obj.kind != Kind.EPCI:
            return None
        return sorted(link.member.insee_code for link in obj.current_member_links)

    def get_postcodes(self, obj) -> list[str]:
        return [p.code for p in obj.postcodes.all()]

    def get_url(self, obj) -> str | None:
        path = obj.get_absolute_url()
        return self.context["request"].build_absolute_uri(path) if path else None


def organisations_for_api():
    current = Membership.objects.current().filter(nature=Membership.Nature.EPCI)
    return Organisation.objects.select_related("departement", "region").prefetch_related(
        "postcodes",
        Prefetch(
            "memberships",
            queryset=current.select_related("group").only("member_id", "group__siren"),
            to_attr="current_epci_links",
        ),
        Prefetch(
            "member_links",
            queryset=current.select_related("member").only("group_id", "member__insee_code"),
            to_attr="current_member_links",
        ),
    )


class MandateSerializer(serializers.ModelSerializer):
    person = serializers.CharField(source="person.full_name", help_text="Prénom et nom.")
    function_label = serializers.CharField(source="label", help_text="Fonction en clair.")
    represents = serializers.SerializerMethodField(
        help_text="Code INSEE de la commune représentée (conseiller communautaire)."
    )
    since = serializers.DateField(source="start_date", allow_null=True)

    class Meta:
        model = Mandate
        fields = ["person", "function", "function_label", "rank", "represents", "since"]

    def get_represents(self, obj) -> str | None:
        return obj.represents.insee_code if obj.represents else None


@extend_schema_view(
    list=extend_schema(
        summary="Liste des organisations",
        parameters=[
            OpenApiParameter("kind", OpenApiTypes.STR, enum=Kind.values, description="Nature."),
            OpenApiParameter("departement", OpenApiTypes.STR, description="Code du département."),
            OpenApiParameter(
                "q", OpenApiTypes.STR, description="Nom, code INSEE, code postal ou SIREN."
            ),
        ],
    ),
    retrieve=extend_schema(
        summary="Une organisation par code INSEE (commune) ou SIREN",
        parameters=[
            OpenApiParameter(
                "code", OpenApiTypes.STR, OpenApiParameter.PATH, description="INSEE ou SIREN."
            )
        ],
    ),
)
class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OrganisationSerializer
    lookup_field = "code"
    throttle_classes = [AnonRateThrottle]

    def get_queryset(self):
        queryset = organisations_for_api()
        if self.action != "list":
            return queryset
        params = self.request.query_params
        kind = params.get("kind")
        if kind:
            if kind not in Kind.values:
                raise ValidationError(
                    {"kind": f"Nature inconnue. Valeurs : {', '.join(Kind.values)}."}
                )
            queryset = queryset.filter(kind=kind)
        departement = params.get("departement", "").strip().upper()
        if departement:
            if not rules.AREA_CODE_RE.match(departement):
                raise ValidationError(
                    {"departement": "Code de département invalide (exemples : 01, 2A, 974)."}
                )
            queryset = queryset.filter(departement__insee_code=departement)
        if params.get("q"):
            return queryset.search(params["q"])
        return queryset.order_by("kind", "insee_code", "siren")

    @extend_schema(
        summary="Mandats en cours d'une organisation",
        responses=MandateSerializer(many=True),
        parameters=[
            OpenApiParameter(
                "code", OpenApiTypes.STR, OpenApiParameter.PATH, description="INSEE ou SIREN."
            )
        ],
    )
    @action(detail=True, methods=["get"])
    def mandates(self, request, code=None):
        organisation = self.get_object()
        queryset = (
            Mandate.objects.current()
            .filter(organisation=organisation)
            .select_related("person", "represents")
            .with_function_order()
            .order_by("function_order", "rank", "person__last_name", "person__first_name", "id")
        )
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(MandateSerializer(page, many=True).data)

    def get_object(self):
        organisation = self.get_queryset().by_code(self.kwargs["code"]).first()
        if organisation is None:
            raise NotFound("Aucune organisation n'a ce code INSEE, ce code COG ou ce SIREN.")
        return organisation
