"""/api/v1/services/ (public catalogue; costs with a token of the space) and the private
resources of a space, with its token only: /api/v1/besoins/, /api/v1/abonnements/,
/api/v1/scenarios-retenus/."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers

from maillage.catalogue.models import Category, Service, ServiceStatus, Subscription
from maillage.mutualisation.models import Scenario
from maillage.needs.models import Need
from maillage.needs.models import Status as NeedStatus

from .. import scopes
from .common import SPACE_PARAM, NeedsToken, ScopedViewSet, parse_choice
from .meetings import AbsoluteUrlMixin


def code(organisation) -> str | None:
    if organisation is None:
        return None
    return organisation.insee_code or organisation.siren or None


class ServiceSerializer(AbsoluteUrlMixin, serializers.ModelSerializer):
    espace = serializers.CharField(source="space.slug")
    category_label = serializers.CharField(source="get_category_display")
    status_label = serializers.CharField(source="get_status_display")
    yearly_cost = serializers.SerializerMethodField(
        help_text="Coût annuel en euros (texte décimal) ; seulement avec un jeton de l'espace."
    )
    subscribers = serializers.SerializerMethodField(
        help_text="Organisations abonnées ; seulement avec un jeton de l'espace."
    )

    class Meta:
        model = Service
        fields = [
            "id",
            "espace",
            "name",
            "category",
            "category_label",
            "description",
            "conditions",
            "unit_label",
            "status",
            "status_label",
            "available_from",
            "closed_on",
            "yearly_cost",
            "subscribers",
            "url",
        ]

    def _private(self, obj) -> bool:
        return self.context.get("private_space_id") == obj.space_id

    def get_yearly_cost(self, obj) -> str | None:
        if not self._private(obj) or obj.yearly_cost is None:
            return None
        return str(obj.yearly_cost)

    def get_subscribers(self, obj) -> int | None:
        return obj.current_subscribers if self._private(obj) else None


@extend_schema_view(
    list=extend_schema(
        summary="Services du catalogue partagé",
        tags=["mutualisation"],
        parameters=[
            SPACE_PARAM,
            OpenApiParameter("categorie", OpenApiTypes.STR, enum=Category.values),
            OpenApiParameter("etat", OpenApiTypes.STR, enum=ServiceStatus.values),
        ],
    ),
    retrieve=extend_schema(summary="Un service", tags=["mutualisation"]),
)
class ServiceViewSet(ScopedViewSet):
    serializer_class = ServiceSerializer

    def visible_objects(self):
        return scopes.services()

    def filter_list(self, queryset, params):
        if params.get("categorie"):
            queryset = queryset.filter(
                category=parse_choice(params["categorie"], "categorie", Category.values)
            )
        if params.get("etat"):
            queryset = queryset.filter(
                status=parse_choice(params["etat"], "etat", ServiceStatus.values)
            )
        return queryset


class PrivateViewSet(ScopedViewSet):
    """A resource of the token's space only: 401 without a token."""

    permission_classes = [NeedsToken]
    model = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema, without a token
            return self.model.objects.none()
        return self.scoped_queryset(self.space_id())

    def space_id(self) -> int:
        self.requested_space()  # 403 when the token is asked for another space
        return self.token.space_id


class NeedSerializer(serializers.ModelSerializer):
    organisation = serializers.SerializerMethodField(help_text="INSEE ou SIREN.")
    organisation_name = serializers.CharField(source="organisation.name")
    status_label = serializers.CharField(source="get_status_display")
    current_cost = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    organisation_count = serializers.IntegerField(
        help_text="Organisations qui portent le besoin (l'auteur et ses soutiens)."
    )

    class Meta:
        model = Need
        fields = [
            "id",
            "title",
            "theme",
            "description",
            "urgency",
            "status",
            "status_label",
            "organisation",
            "organisation_name",
            "organisation_count",
            "current_cost",
            "created_at",
        ]

    def get_organisation(self, obj) -> str | None:
        return code(obj.organisation)


@extend_schema_view(
    list=extend_schema(
        summary="Besoins exprimés (jeton de l'espace)",
        tags=["privé (jeton)"],
        parameters=[
            SPACE_PARAM,
            OpenApiParameter("etat", OpenApiTypes.STR, enum=NeedStatus.values),
        ],
    ),
    retrieve=extend_schema(summary="Un besoin (jeton de l'espace)", tags=["privé (jeton)"]),
)
class NeedViewSet(PrivateViewSet):
    serializer_class = NeedSerializer
    model = Need

    def scoped_queryset(self, space_id):
        queryset = scopes.needs(space_id)
        status = self.request.query_params.get("etat")
        if status and self.action == "list":
            queryset = queryset.filter(status=parse_choice(status, "etat", NeedStatus.values))
        return queryset


class SubscriptionSerializer(serializers.ModelSerializer):
    service_name = serializers.CharField(source="service.name")
    organisation = serializers.SerializerMethodField(help_text="INSEE ou SIREN.")
    organisation_name = serializers.CharField(source="organisation.name")
    paid_by = serializers.SerializerMethodField(help_text="INSEE ou SIREN du payeur, ou null.")
    units = serializers.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        model = Subscription
        fields = [
            "id",
            "service",
            "service_name",
            "organisation",
            "organisation_name",
            "paid_by",
            "start_date",
            "end_date",
            "units",
        ]

    def get_organisation(self, obj) -> str | None:
        return code(obj.organisation)

    def get_paid_by(self, obj) -> str | None:
        return code(obj.paid_by)


@extend_schema_view(
    list=extend_schema(
        summary="Abonnements aux services (jeton de l'espace)",
        tags=["privé (jeton)"],
        parameters=[
            SPACE_PARAM,
            OpenApiParameter("en_cours", OpenApiTypes.BOOL, description="Sans date de fin."),
        ],
    ),
    retrieve=extend_schema(summary="Un abonnement (jeton de l'espace)", tags=["privé (jeton)"]),
)
class SubscriptionViewSet(PrivateViewSet):
    serializer_class = SubscriptionSerializer
    model = Subscription

    def scoped_queryset(self, space_id):
        queryset = scopes.subscriptions(space_id)
        if self.action == "list" and self.request.query_params.get("en_cours") in ("true", "1"):
            queryset = queryset.filter(end_date__isnull=True)
        return queryset


class ScenarioSerializer(serializers.ModelSerializer):
    service_name = serializers.CharField(source="service.name")
    total = serializers.DecimalField(max_digits=14, decimal_places=2)
    allocated_total = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        allow_null=True,
        help_text="Somme des montants appelés par le scénario (null s'il n'est pas calculé).",
    )
    statements_sent = serializers.IntegerField(help_text="Appels de contribution envoyés.")
    deliberation = serializers.SerializerMethodField(help_text="Numéro de la délibération.")

    class Meta:
        model = Scenario
        fields = [
            "id",
            "name",
            "service",
            "service_name",
            "year",
            "total",
            "allocated_total",
            "statements_sent",
            "chosen_at",
            "deliberation",
        ]

    def get_deliberation(self, obj) -> str | None:
        return obj.deliberation.number if obj.deliberation_id else None


@extend_schema_view(
    list=extend_schema(
        summary="Scénarios de répartition retenus et leurs totaux (jeton de l'espace)",
        tags=["privé (jeton)"],
        parameters=[SPACE_PARAM],
    ),
    retrieve=extend_schema(
        summary="Un scénario retenu (jeton de l'espace)", tags=["privé (jeton)"]
    ),
)
class ScenarioViewSet(PrivateViewSet):
    serializer_class = ScenarioSerializer
    model = Scenario

    def scoped_queryset(self, space_id):
        return scopes.chosen_scenarios(space_id)
