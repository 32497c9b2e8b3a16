from .views import app_urls

app_name = "polls"

urlpatterns = app_urls
