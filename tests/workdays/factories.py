import datetime

import factory
from factory.django import DjangoModelFactory

from egov.workdays.models import CalendarDay


class CalendarDayFactory(DjangoModelFactory):
    class Meta:
        model = CalendarDay
        django_get_or_create = ("date",)

    date = factory.Sequence(lambda n: datetime.date(2030, 1, 1) + datetime.timedelta(days=n))
    kind = CalendarDay.Kind.DAY_OFF
    note = factory.Sequence(lambda n: f"Ngày nghỉ thử {n}")
