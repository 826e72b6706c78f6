from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "egov.tasks"
    label = "tasks"
    verbose_name = _("Theo dõi nhiệm vụ chỉ đạo, điều hành")
