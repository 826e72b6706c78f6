from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "egov.core"
    label = "core"

    def ready(self):
        from django.core import checks
        from django.db.backends.signals import connection_created

        from .collation import register_sqlite_collation
        from .health import check_scaleout_settings
        from .registry import check_registries

        checks.register(check_registries)
        checks.register(check_scaleout_settings)
        connection_created.connect(register_sqlite_collation, dispatch_uid="egov-vi-collation")
