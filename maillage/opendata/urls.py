from django.urls import include, path

from . import views

app_name = "opendata"

urlpatterns = [
    *views.urlpatterns,
    path("api/v1/", include("maillage.opendata.api.urls")),
]
