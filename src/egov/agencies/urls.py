from django.urls import path

from . import views

app_name = "agencies"
urlpatterns = [
    path("danh-ba/", views.directory, name="directory"),
    path("danh-ba/<str:code>/", views.agency_detail, name="agency"),
]
