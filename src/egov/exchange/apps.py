from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "egov.exchange"
    default_auto_field = "django.db.models.BigAutoField"
