from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "egov.search"
    label = "search"
