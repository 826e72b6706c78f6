app_name = "feedback"
urlpatterns = []
