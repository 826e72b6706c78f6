"""The public weekly schedule, the lobby screen and the office's pages to enter and publish it."""

from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from egov.accounts.decorators import role_required
from egov.agencies.models import Agency, Official
from egov.agencies.scoping import visible_agencies

from . import services
from .forms import EntryForm, OpenWeekForm, WithdrawForm
from .models import ScheduleEntry, WorkSchedule
from .transitions import BY_ACTION, EDITORS, ScheduleStatus, available_actions

WEEKDAYS = [
    gettext_lazy("Thứ Hai"),
    gettext_lazy("Thứ Ba"),
    gettext_lazy("Thứ Tư"),
    gettext_lazy("Thứ Năm"),
    gettext_lazy("Thứ Sáu"),
    gettext_lazy("Thứ Bảy"),
    gettext_lazy("Chủ nhật"),
]


def _entries():
    leaders = Official.objects.select_related("position").order_by("position__rank", "full_name")
    return ScheduleEntry.objects.select_related("preparing_unit").prefetch_related(
        Prefetch("leaders", queryset=leaders)
    )


def _by_day(schedule, entries) -> list[dict]:
    days = []
    for offset in range(7):
        day = schedule.week_start + timedelta(days=offset) if schedule else None
        days.append({"date": day, "name": WEEKDAYS[offset], "entries": [e for e in entries if e.date == day]})
    return days


def _parse_week(value: str | None) -> date:
    try:
        return services.monday_of(date.fromisoformat(value)) if value else services.monday_of(timezone.localdate())
    except ValueError:
        return services.monday_of(timezone.localdate())


def _published_agencies():
    ids = WorkSchedule.objects.filter(status=ScheduleStatus.PUBLISHED).values("agency_id")
    return Agency.objects.filter(pk__in=ids).order_by("path")


def _default_agency(agencies, requested):
    """The agency asked for, else the province's root agency if it publishes, else the first one."""
    chosen = {str(a.pk): a for a in agencies}
    if requested and requested in chosen:
        return chosen[requested]
    roots = [a for a in agencies if a.parent_id is None]
    return (roots or list(agencies) or [None])[0]


def _public_week(request):
    agencies = list(_published_agencies())
    agency = _default_agency(agencies, request.GET.get("co-quan"))
    week = _parse_week(request.GET.get("tuan"))
    schedule = None
    entries = []
    if agency is not None:
        schedule = WorkSchedule.objects.filter(agency=agency, week_start=week, status=ScheduleStatus.PUBLISHED).first()
        if schedule is not None:
            entries = list(_entries().filter(schedule=schedule))
    return agencies, agency, week, schedule, entries


def public_week(request):
    agencies, agency, week, schedule, entries = _public_week(request)
    context = {
        "agencies": agencies,
        "agency": agency,
        "week": week,
        "week_end": week + timedelta(days=6),
        "previous_week": week - timedelta(days=7),
        "next_week": week + timedelta(days=7),
        "this_week": services.monday_of(timezone.localdate()),
        "schedule": schedule,
        "days": _by_day(schedule, entries) if schedule else [],
        "today": timezone.localdate(),
    }
    return render(request, "meetings/public_week.html", context)


def lobby_screen(request):
    """Full screen for the lobby: this week from today on, large type, refreshed by the browser."""
    _agencies, agency, week, schedule, entries = _public_week(request)
    today = timezone.localdate()
    days = [d for d in _by_day(schedule, entries) if d["date"] and d["date"] >= today] if schedule else []
    context = {
        "agency": agency,
        "schedule": schedule,
        "days": days,
        "today": today,
        "now": timezone.localtime(),
        "refresh": settings.SCHEDULE_SCREEN_REFRESH_SECONDS,
    }
    return render(request, "meetings/lobby_screen.html", context)


# --- Office (staff) ---------------------------------------------------------------------------------------

office_required = role_required(*EDITORS)


@office_required
@require_http_methods(["GET", "POST"])
def staff_list(request):
    agencies = visible_agencies(request.user).active().exclude(kind=Agency.Kind.DEPARTMENT).order_by("path")
    form = OpenWeekForm(request.POST or None, agencies=agencies, initial={"day": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            schedule = services.open_week(form.cleaned_data["agency"], form.cleaned_data["day"], actor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            return redirect("meetings:staff-schedule", pk=schedule.pk)
    schedules = (
        WorkSchedule.objects.for_user(request.user)
        .select_related("agency")
        .annotate(n_entries=Count("entries"))
        .order_by("-week_start", "agency__path")
    )
    page = Paginator(schedules, 25).get_page(request.GET.get("page"))
    return render(request, "meetings/staff_list.html", {"form": form, "page_obj": page})


@office_required
@require_http_methods(["GET", "POST"])
def staff_schedule(request, pk: int, entry_pk: int | None = None):
    schedule = get_object_or_404(WorkSchedule.objects.for_user(request.user).select_related("agency"), pk=pk)
    entry = get_object_or_404(schedule.entries, pk=entry_pk) if entry_pk else None
    initial = {"date": schedule.week_start, "start_time": "08:00"}
    if entry is not None:
        initial = {
            **{f: getattr(entry, f) for f in ("date", "start_time", "end_time", "content", "location", "participants")},
            "preparing_unit": entry.preparing_unit_id,
            "leaders": list(entry.leaders.values_list("pk", flat=True)),
        }
    form = EntryForm(request.POST or None, schedule=schedule, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = services.EntryInput(**{k: v for k, v in form.cleaned_data.items() if k != "leaders"})
        data.leaders = list(form.cleaned_data["leaders"])
        try:
            if entry is None:
                services.add_entry(schedule, data, actor=request.user)
            else:
                services.update_entry(entry, data, actor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            messages.success(request, _("Đã lưu mục lịch công tác."))
            return redirect("meetings:staff-schedule", pk=pk)
    entries = list(_entries().filter(schedule=schedule))
    context = {
        "schedule": schedule,
        "entries": entries,
        "form": form,
        "editing": entry,
        "actions": [t.action for t in available_actions(schedule.status, request.user.role_codes)],
        "withdraw_form": WithdrawForm(),
    }
    return render(request, "meetings/staff_schedule.html", context, status=400 if form.errors else 200)


@office_required
@require_POST
def staff_act(request, pk: int, action: str):
    schedule = get_object_or_404(WorkSchedule.objects.for_user(request.user), pk=pk)
    try:
        if action == "publish":
            services.publish_schedule(schedule, actor=request.user)
        elif action == "withdraw":
            services.withdraw_schedule(schedule, actor=request.user, note=request.POST.get("note", ""))
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Đã thực hiện: %(action)s.") % {"action": BY_ACTION[action].label})
    return redirect("meetings:staff-schedule", pk=pk)


@office_required
@require_POST
def staff_delete_entry(request, pk: int, entry_pk: int):
    schedule = get_object_or_404(WorkSchedule.objects.for_user(request.user), pk=pk)
    entry = get_object_or_404(schedule.entries.select_related("schedule"), pk=entry_pk)
    try:
        services.delete_entry(entry, actor=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Đã xóa mục lịch công tác."))
    return redirect("meetings:staff-schedule", pk=pk)
