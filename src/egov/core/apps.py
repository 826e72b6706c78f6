from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "egov.core"
    label = "core"

    def ready(self):
        from django.core import checks

        from .registry import check_registries

        checks.register(check_registries)
