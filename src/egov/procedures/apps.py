from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "egov.procedures"
    label = "procedures"
