app_name = "commissions"

urlpatterns = []
