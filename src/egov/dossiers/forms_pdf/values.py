"""The values printed on the forms, formatted the Vietnamese way (local time, dd/mm/yyyy, 1.250.000 đồng)."""

import unicodedata
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.core import formatting
from egov.procedures.models import RequiredDocument

from ..models import Handover
from ..transitions import BY_ACTION

DASH = "—"

# Actions written by the services that are not transitions of the table.
ACTION_LABELS = {"receive": _("Tiếp nhận hồ sơ"), "submit_online": _("Nộp hồ sơ trực tuyến")}


def text(value) -> str:
    """NFC text (see ``templates.markup``)."""
    return unicodedata.normalize("NFC", str(value)) if value not in (None, "") else ""


def local(moment: datetime | None) -> datetime | None:
    """In the province's time zone (settings), not the reader's: the form is the same for everyone."""
    return timezone.localtime(moment, timezone.get_default_timezone()) if moment is not None else None


def day(moment) -> str:
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        moment = local(moment)
    return f"{moment:%d/%m/%Y}"


def clock(moment: datetime | None) -> str:
    """``08 giờ 30 phút, ngày 15/01/2024``."""
    if moment is None:
        return ""
    moment = local(moment)
    return f"{moment:%H} giờ {moment:%M} phút, ngày {moment:%d/%m/%Y}"


def short(moment: datetime | None) -> str:
    """``08h30 15/01/2024`` (table cells)."""
    if moment is None:
        return ""
    moment = local(moment)
    return f"{moment:%H}h{moment:%M} {moment:%d/%m/%Y}"


def money(amount) -> str:
    return formatting.money(amount)


def number(value: Decimal) -> str:
    """15.0 → ``15``; 0.5 → ``0,5``."""
    return formatting.number(value)


def person(user) -> str:
    if user is None:
        return ""
    return text(getattr(user, "full_name", "") or str(user))


def place(agency, prefixes: list[str]) -> str:
    """The locality of the date line: ``Tỉnh Hà Giang`` → ``Hà Giang``."""
    name = text(agency.administrative_unit.name)
    for prefix in prefixes:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def date_parts(moment) -> dict:
    if moment is None:
        return {}
    if isinstance(moment, datetime):
        moment = local(moment)
    return {"day": f"{moment:%d}", "month": f"{moment:%m}", "year": f"{moment:%Y}"}


def paper_form(value: str) -> str:
    try:
        return str(RequiredDocument.Form(value).label)
    except ValueError:
        return text(value)


def action_label(action: str) -> str:
    transition = BY_ACTION.get(action)
    return str(transition.label if transition else ACTION_LABELS.get(action, action))


def last_event(dossier, *actions: str) -> Handover | None:
    """The latest hand-over recording one of ``actions`` (the supplement request, the refusal...)."""
    return dossier.handovers.filter(action__in=actions).select_related("actor").order_by("-at", "-id").first()


def today() -> date:
    return timezone.localdate(timezone=timezone.get_default_timezone())
