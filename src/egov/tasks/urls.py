"""Task pages under ``/nhiem-vu/`` (mounted at "")."""

from django.urls import path

from . import views

app_name = "tasks"
urlpatterns = [path("nhiem-vu/", views.task_list, name="task-list")]
