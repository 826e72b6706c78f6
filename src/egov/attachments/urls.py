from django.urls import path

from . import views

app_name = "attachments"
urlpatterns = [
    path("tep/<uuid:token>/", views.download, name="download"),
]
