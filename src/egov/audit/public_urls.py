"""The public transparency pages of the audit log: its signed checkpoints (decision 0006)."""

from django.urls import path

from . import public_views

app_name = "audit_public"
urlpatterns = [
    path("checkpoints/", public_views.checkpoints, name="checkpoints"),
    path("checkpoints/<str:name>", public_views.checkpoint_file, name="checkpoint-file"),
]
