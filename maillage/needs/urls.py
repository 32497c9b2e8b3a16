from .views import app_urls

app_name = "needs"

urlpatterns = app_urls
