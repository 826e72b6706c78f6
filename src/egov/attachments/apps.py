from django.apps import AppConfig


class AttachmentsConfig(AppConfig):
    name = "egov.attachments"
    label = "attachments"
