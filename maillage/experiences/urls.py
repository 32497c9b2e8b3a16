app_name = "experiences"

urlpatterns = []
