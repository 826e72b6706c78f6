from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "egov.agencies"
    label = "agencies"
