"""Keep the cached calendar in step with CalendarDay rows and with the WORKDAYS_* settings in tests."""

from django.core.signals import setting_changed
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import provider
from .models import CalendarDay


@receiver([post_save, post_delete], sender=CalendarDay, dispatch_uid="workdays-calendar-day-changed")
def calendar_day_changed(sender, **kwargs):
    provider.mark_dirty()
    transaction.on_commit(provider.clear_cache, using=kwargs.get("using"))


@receiver(setting_changed, dispatch_uid="workdays-setting-changed")
def workdays_setting_changed(sender, setting, **kwargs):
    if setting.startswith("WORKDAYS_"):
        provider.clear_cache()
