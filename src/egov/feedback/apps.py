from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "egov.feedback"
    default_auto_field = "django.db.models.BigAutoField"
