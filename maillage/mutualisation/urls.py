app_name = "mutualisation"

urlpatterns = []
