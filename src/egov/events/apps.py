from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "egov.events"
    label = "events"
