from django.apps import AppConfig


class SignaturesConfig(AppConfig):
    name = "egov.signatures"
    label = "signatures"
