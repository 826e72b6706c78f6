from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("thong-bao/", views.notification_list, name="list"),
    path("thong-bao/<int:pk>/", views.open_notification, name="open"),
    path("thong-bao/da-doc-tat-ca/", views.mark_all_read, name="mark-all-read"),
    path("quan-tri/hop-thu-di/", views.outbox, name="outbox"),
    path("quan-tri/hop-thu-di/<int:pk>/gui-lai/", views.retry, name="retry"),
    path("quan-tri/sms-mo-phong/", views.simulated_sms, name="simulated-sms"),
]
