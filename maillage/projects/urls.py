from .views import app_urls

app_name = "projects"

urlpatterns = app_urls
