from .views import urlpatterns  # noqa: F401 — the views module declares its URLs

app_name = "comments"
