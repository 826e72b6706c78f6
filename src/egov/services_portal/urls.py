app_name = "services_portal"
urlpatterns = []
