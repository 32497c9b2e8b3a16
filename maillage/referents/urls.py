app_name = "referents"

urlpatterns = []
