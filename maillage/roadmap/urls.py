app_name = "roadmap"

urlpatterns = []
