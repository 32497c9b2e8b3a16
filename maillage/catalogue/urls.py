from .views import app_urls

app_name = "catalogue"

urlpatterns = app_urls
