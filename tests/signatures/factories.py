"""Certificates for tests, issued by the (session-wide, temporary) demo CA."""

import datetime as dt

from django.utils import timezone

from egov.signatures import services
from factories import AgencyFactory, OfficialFactory, PositionFactory


def official_certificate(**kwargs):
    official = OfficialFactory(position=PositionFactory(name="Giám đốc", rank=30))
    return services.issue_certificate(official=official, **kwargs)


def agency_certificate(agency=None, **kwargs):
    return services.issue_certificate(agency=agency or AgencyFactory(name="Sở Tư pháp"), **kwargs)


def expired_certificate():
    now = timezone.now()
    return official_certificate(not_before=now - dt.timedelta(days=400), not_after=now - dt.timedelta(days=1))
