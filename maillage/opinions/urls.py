app_name = "opinions"

urlpatterns = []
