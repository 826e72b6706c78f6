from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "egov.accounts"
    label = "accounts"

    def ready(self):
        from . import sessions  # noqa: F401  (connects the sign-in receiver)
