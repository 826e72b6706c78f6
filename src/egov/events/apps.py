from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class EventsConfig(AppConfig):
    name = "egov.events"
    label = "events"

    def ready(self) -> None:
        # Every installed app's handlers.py registers its subscribers (see registry.py).
        autodiscover_modules("handlers")
