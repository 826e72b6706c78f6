from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "egov.cms"
    default_auto_field = "django.db.models.BigAutoField"
