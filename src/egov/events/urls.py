from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("su-kien/", views.failed_deliveries, name="failed"),
    path("su-kien/<int:pk>/gui-lai/", views.retry, name="retry"),
]
