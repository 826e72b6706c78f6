from django.apps import AppConfig


class ServicesPortalConfig(AppConfig):
    name = "egov.services_portal"
    label = "services_portal"
