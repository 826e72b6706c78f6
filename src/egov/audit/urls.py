from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("nhat-ky/", views.audit_log, name="log"),
    path("nhat-ky/an-ninh/", views.security_log, name="security"),
]
