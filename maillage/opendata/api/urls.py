from rest_framework.routers import SimpleRouter

from .communication import ExperienceViewSet, IssueViewSet
from .meetings import BodyViewSet, DeliberationViewSet, SittingViewSet
from .mutualisation import NeedViewSet, ScenarioViewSet, ServiceViewSet, SubscriptionViewSet
from .projects import ProjectViewSet, RoadmapVersionViewSet
from .spaces import SpaceViewSet

router = SimpleRouter()
router.register("espaces", SpaceViewSet, basename="api-space")
router.register("instances", BodyViewSet, basename="api-body")
router.register("seances", SittingViewSet, basename="api-sitting")
router.register("deliberations", DeliberationViewSet, basename="api-deliberation")
router.register("projets", ProjectViewSet, basename="api-project")
router.register("feuilles-de-route", RoadmapVersionViewSet, basename="api-roadmap")
router.register("bulletins", IssueViewSet, basename="api-bulletin")
router.register("retours-experience", ExperienceViewSet, basename="api-experience")
router.register("services", ServiceViewSet, basename="api-service")
router.register("besoins", NeedViewSet, basename="api-need")
router.register("abonnements", SubscriptionViewSet, basename="api-subscription")
router.register("scenarios-retenus", ScenarioViewSet, basename="api-scenario")

urlpatterns = router.urls
