"""Each area of the sittings capability declares its own `urlpatterns` in its views module."""

from .views import acts, bodies, convocations, minutes, session

app_name = "meetings"

urlpatterns = [
    *bodies.urlpatterns,
    *convocations.urlpatterns,
    *session.urlpatterns,
    *acts.urlpatterns,
    *minutes.urlpatterns,
]
