from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from maillage import views

admin.site.site_header = "Administration de Maillage"
admin.site.site_title = "Maillage"

urlpatterns = [
    path("", views.home, name="home"),
    path("a-propos/", views.about, name="about"),
    path("", include("maillage.territories.urls")),
    path("", include("maillage.people.urls")),
    path("", include("maillage.spaces.urls")),
    path("", include("maillage.meetings.urls")),
    path("", include("maillage.discussions.urls")),
    path("", include("maillage.commissions.urls")),
    path("", include("maillage.surveys.urls")),
    path("", include("maillage.polls.urls")),
    path("", include("maillage.opinions.urls")),
    path("", include("maillage.notifications.urls")),
    path("", include("maillage.comments.urls")),
    path("", include("maillage.needs.urls")),
    path("", include("maillage.catalogue.urls")),
    path("", include("maillage.mutualisation.urls")),
    path("", include("maillage.projects.urls")),
    path("", include("maillage.roadmap.urls")),
    path("", include("maillage.dashboards.urls")),
    path("", include("maillage.governance.urls")),
    path("", include("maillage.library.urls")),
    path("", include("maillage.experiences.urls")),
    path("", include("maillage.referents.urls")),
    path("", include("maillage.bulletins.urls")),
    path("", include("maillage.portal.urls")),
    path("", include("maillage.opendata.urls")),
    path("", include("maillage.quality.urls")),
    path("api/v1/", views.api_index, name="api-index"),
    path("api/v1/", include("maillage.territories.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Our own documentation page reads well and passes axe; Swagger UI lets one try the API.
    path("api/docs/", views.api_docs, name="api-docs"),
    path("api/essayer/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-swagger"),
    path("admin/", admin.site.urls),
]

if settings.PROCONNECT_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))

handler400 = "maillage.views.bad_request"
handler404 = "maillage.views.page_not_found"
handler403 = "maillage.views.permission_denied"
handler500 = "maillage.views.server_error"
