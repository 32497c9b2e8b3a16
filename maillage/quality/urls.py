app_name = "quality"

urlpatterns = []
