from django.urls import path

from . import views

app_name = "attachments"
urlpatterns = [
    path("tep/<int:pk>/", views.download, name="download"),
]
