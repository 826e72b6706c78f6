"""Staff pages: IT plans (list, plan-versus-result table, projects and budget, unit entry, XLSX) under
``/ke-hoach-cntt/`` and periodic reports (units' reports, review, summary) under ``/bao-cao-dinh-ky/``."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from egov.accounts.decorators import staff_required
from egov.attachments.services import store_upload

from . import io, services
from .forms import ActualForm, AssessForm, ImportForm, OpenPeriodForm, ProgressForm, SubmissionForm
from .models import BudgetSource, ItPlan, PlanIndicator, PlanProject, PlanTask, ReportSchedule, ReportSubmission
from .summary import period_summary, summary_xlsx
from .transitions import SubmissionStatus, available_actions
from .values import format_number

PAGE_SIZE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EVIDENCE_TYPES = ("pdf", "docx", "xlsx", "odt", "ods", "jpeg", "png")


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _plan(user, pk: int) -> ItPlan:
    return get_object_or_404(ItPlan.objects.for_user(user).select_related("agency"), pk=pk)


# --- plans ----------------------------------------------------------------------------------------------


@staff_required
def plan_list(request):
    plans = (
        ItPlan.objects.for_user(request.user)
        .select_related("agency")
        .annotate(
            indicator_count=Count("indicators", distinct=True),
            achieved_count=Count("indicators", filter=Q(indicators__result="achieved"), distinct=True),
        )
        .order_by("-start_year", "-id")
    )
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "plans/plan_list.html", {"page": page, "can_manage": services.can_manage(request.user)})


def _sections(indicators) -> list[dict]:
    sections = []
    for indicator in indicators:
        if not sections or sections[-1]["code"] != indicator.section_code:
            sections.append({"code": indicator.section_code, "title": indicator.section_title, "rows": []})
        sections[-1]["rows"].append(indicator)
    return sections


def _budget(projects, plan) -> dict:
    """Budget totals: by project (total), and for the plan by year and by source."""
    years = list(range(plan.start_year, plan.end_year + 1))
    by_year_source = defaultdict(Decimal)
    for project in projects:
        project.budget_total = sum((line.amount for line in project.budget_lines.all()), Decimal(0))
        project.budget_by_year = {y: Decimal(0) for y in years}
        for line in project.budget_lines.all():
            project.budget_by_year[line.year] = project.budget_by_year.get(line.year, Decimal(0)) + line.amount
            by_year_source[(line.year, line.source)] += line.amount
            if line.year not in years:
                years.append(line.year)
        project.budget_total_text = format_number(project.budget_total)
        project.budget_cells = [format_number(project.budget_by_year.get(y) or None) for y in sorted(years)]
    years.sort()
    rows = []
    for source, label in BudgetSource.choices:
        cells = [by_year_source.get((y, source), Decimal(0)) for y in years]
        rows.append({"label": label, "cells": [format_number(c) for c in cells], "total": format_number(sum(cells))})
    totals = [sum((by_year_source.get((y, s), Decimal(0)) for s in BudgetSource.values), Decimal(0)) for y in years]
    return {
        "years": years,
        "rows": rows,
        "totals": [format_number(t) for t in totals],
        "grand_total": format_number(sum(totals, Decimal(0))),
    }


@staff_required
def plan_detail(request, pk: int):
    plan = _plan(request.user, pk)
    indicators = list(plan.indicators.select_related("reporting_agency", "evidence", "actual_by"))
    for indicator in indicators:
        indicator.can_enter = services.can_enter(request.user, indicator)
    projects = list(
        plan.projects.select_related("owner_agency").prefetch_related("budget_lines", "tasks__owner_agency")
    )
    for project in projects:
        project.can_update = services.can_update_progress(request.user, project)
    counts = defaultdict(int)
    for indicator in indicators:
        counts[indicator.result] += 1
    context = {
        "plan": plan,
        "sections": _sections(indicators),
        "projects": projects,
        "budget": _budget(projects, plan),
        "counts": dict(counts),
        "indicator_total": len(indicators),
        "can_manage": services.can_manage(request.user),
    }
    return render(request, "plans/plan_detail.html", context)


@staff_required
def plan_xlsx(request, pk: int):
    plan = _plan(request.user, pk)
    return _xlsx(io.export_xlsx(plan), f"ke-hoach-{plan.code}.xlsx")


@require_POST
@staff_required
def plan_refresh(request, pk: int):
    plan = _plan(request.user, pk)
    try:
        changed = services.refresh_computed(plan, actor=request.user)
    except services.PlanError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã cập nhật số liệu tự động (%(n)d chỉ tiêu thay đổi).") % {"n": changed})
    return redirect("plans:plan-detail", pk=plan.pk)


@staff_required
def plan_import(request):
    if not services.can_manage(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    issues = []
    if request.method == "POST" and form.is_valid():
        result = io.import_plan(
            form.cleaned_data["file"], actor=request.user, plan_code=form.cleaned_data["plan_code"] or None
        )
        if result.ok:
            messages.success(request, _("Đã nhập kế hoạch %(code)s.") % {"code": result.plan.code})
            return redirect("plans:plan-detail", pk=result.plan.pk)
        issues = result.issues
    return render(request, "plans/plan_import.html", {"form": form, "issues": issues}, status=400 if issues else 200)


def _indicator(user, plan_pk: int, pk: int) -> PlanIndicator:
    plan = _plan(user, plan_pk)
    indicator = get_object_or_404(plan.indicators.select_related("reporting_agency", "evidence"), pk=pk)
    indicator.plan = plan
    return indicator


@staff_required
def indicator_entry(request, plan_pk: int, pk: int):
    """The reporting unit enters the actual value (with a note and evidence); the IT department may also assess."""
    indicator = _indicator(request.user, plan_pk, pk)
    if not services.can_enter(request.user, indicator):
        raise PermissionDenied
    assess = services.can_manage(request.user) and not indicator.is_numeric
    initial = {"actual": indicator.actual, "note": indicator.actual_note, "result_note": indicator.result_note}
    form = ActualForm(request.POST or None, request.FILES or None, assess=assess, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        evidence = _store_evidence(request, form, indicator)
        if not form.errors:
            try:
                services.enter_actual(
                    indicator,
                    actor=request.user,
                    actual=data["actual"],
                    note=data["note"],
                    evidence=evidence,
                    result=data.get("result") or None,
                    result_note=data.get("result_note") if assess else None,
                )
            except ValidationError as error:
                form.add_error("actual", error)
            else:
                messages.success(request, _("Đã ghi kết quả thực hiện chỉ tiêu."))
                return redirect("plans:plan-detail", pk=plan_pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "plans/indicator_entry.html", {"indicator": indicator, "form": form}, status=status)


def _store_evidence(request, form, indicator):
    upload = form.cleaned_data.get("evidence")
    if not upload:
        return None
    agency = indicator.reporting_agency or indicator.plan.agency
    try:
        return store_upload(upload, uploaded_by=request.user, agency=agency, allowed_types=EVIDENCE_TYPES)
    except ValidationError as error:
        form.add_error("evidence", error)
        return None


@staff_required
def indicator_assess(request, plan_pk: int, pk: int):
    indicator = _indicator(request.user, plan_pk, pk)
    if not services.can_manage(request.user):
        raise PermissionDenied
    form = AssessForm(request.POST or None, initial={"result": indicator.result, "note": indicator.result_note})
    if request.method == "POST" and form.is_valid():
        try:
            services.assess(
                indicator, actor=request.user, result=form.cleaned_data["result"], note=form.cleaned_data["note"]
            )
        except services.PlanError as error:
            form.add_error("result", error)
        else:
            messages.success(request, _("Đã ghi đánh giá."))
            return redirect("plans:plan-detail", pk=plan_pk)
    return render(
        request,
        "plans/indicator_assess.html",
        {"indicator": indicator, "form": form},
        status=400 if form.errors else 200,
    )


@staff_required
def progress(request, kind: str, pk: int):
    """The owner unit (or the IT department) updates a project's or task's status and progress."""
    model = PlanProject if kind == "project" else PlanTask
    item = get_object_or_404(model.objects.for_user(request.user), pk=pk)
    plan = item.plan if kind == "project" else item.project.plan
    if not services.can_update_progress(request.user, item):
        raise PermissionDenied
    form = ProgressForm(request.POST or None, initial={"status": item.status, "progress": item.progress})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_progress(item, actor=request.user, **form.cleaned_data)
        except services.PlanError as error:
            form.add_error("progress", error)
        else:
            messages.success(request, _("Đã cập nhật tiến độ."))
            return redirect("plans:plan-detail", pk=plan.pk)
    context = {"item": item, "plan": plan, "form": form, "kind": kind}
    return render(request, "plans/progress.html", context, status=400 if form.errors else 200)


# --- periodic reports -----------------------------------------------------------------------------------


@staff_required
def report_list(request):
    submissions = ReportSubmission.objects.for_user(request.user).select_related("agency", "schedule")
    status = request.GET.get("trang-thai", "")
    overdue = request.GET.get("qua-han") == "1"
    if status in SubmissionStatus.values:
        submissions = submissions.filter(status=status)
    if overdue:
        submissions = submissions.overdue()
    page = Paginator(submissions.order_by("-period_start", "deadline", "agency__name", "id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    can_manage = services.can_manage(request.user)
    schedules = []
    if can_manage:
        schedules = list(ReportSchedule.objects.select_related("template").annotate(units=Count("recipients")))
        periods = (
            ReportSubmission.objects.values("schedule_id", "period_start", "period_label")
            .annotate(total=Count("id"), accepted=Count("id", filter=Q(status=SubmissionStatus.ACCEPTED)))
            .order_by("-period_start")
        )
        by_schedule = defaultdict(list)
        for row in periods:
            by_schedule[row["schedule_id"]].append(row)
        for schedule in schedules:
            schedule.periods = by_schedule.get(schedule.pk, [])[:8]
            schedule.open_form = OpenPeriodForm(
                frequency=schedule.frequency, initial={"year": timezone.localdate().year}, prefix=f"s{schedule.pk}"
            )
    context = {
        "page": page,
        "status": status,
        "overdue": overdue,
        "statuses": SubmissionStatus.choices,
        "schedules": schedules,
        "can_manage": can_manage,
        "today": timezone.localdate(),
    }
    return render(request, "plans/report_list.html", context)


def _submission(user, pk: int) -> ReportSubmission:
    return get_object_or_404(
        ReportSubmission.objects.for_user(user).select_related(
            "agency", "schedule__template", "submitted_by", "reviewed_by"
        ),
        pk=pk,
    )


@staff_required
def submission_detail(request, pk: int):
    submission = _submission(request.user, pk)
    editable = services.can_edit(request.user, submission)
    template = submission.schedule.template
    form = SubmissionForm(
        request.POST if request.method == "POST" else None,
        template=template,
        editable=editable,
        initial=submission.values,
    )
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.save_values(submission, actor=request.user, data=form.cleaned_data)
            except ValidationError as error:
                for key, errors in getattr(error, "message_dict", {"__all__": error.messages}).items():
                    form.add_error(key if key in form.fields else None, errors)
            else:
                messages.success(request, _("Đã lưu số liệu báo cáo."))
                return redirect("plans:submission-detail", pk=pk)
    relations = services.relations(request.user, submission)
    context = {
        "submission": submission,
        "form": form,
        "editable": editable,
        "actions": available_actions(submission.status, relations),
        "prefilled": [f for f in template.fields if f["key"] in submission.prefilled],
    }
    return render(request, "plans/submission_detail.html", context, status=400 if form.errors else 200)


ACTIONS = {
    "submit": lambda s, u, note: services.submit(s, actor=u),
    "return": lambda s, u, note: services.return_submission(s, actor=u, reason=note),
    "accept": lambda s, u, note: services.accept(s, actor=u),
}


@require_POST
@staff_required
def submission_action(request, pk: int, name: str):
    submission = _submission(request.user, pk)
    handler = ACTIONS.get(name)
    if handler is None:
        raise Http404
    try:
        handler(submission, request.user, request.POST.get("note", "").strip())
    except services.PlanError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã thực hiện thao tác."))
    return redirect("plans:submission-detail", pk=pk)


@require_POST
@staff_required
def submission_refill(request, pk: int):
    submission = _submission(request.user, pk)
    try:
        services.refill(submission, actor=request.user)
    except services.PlanError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã lấy lại số liệu do hệ thống tính."))
    return redirect("plans:submission-detail", pk=pk)


@require_POST
@staff_required
def open_period(request, pk: int):
    if not services.can_manage(request.user):
        raise PermissionDenied
    schedule = get_object_or_404(ReportSchedule.objects.select_related("template"), pk=pk)
    form = OpenPeriodForm(request.POST, frequency=schedule.frequency, prefix=f"s{schedule.pk}")
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("plans:report-list")
    try:
        created = services.open_period(schedule, actor=request.user, **form.cleaned_data)
    except services.PlanError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã mở kỳ báo cáo cho %(n)d đơn vị.") % {"n": len(created)})
    return redirect("plans:report-list")


def _summary(request, pk: int, start: str):
    schedule = get_object_or_404(ReportSchedule.objects.select_related("template"), pk=pk)
    try:
        period_start = date.fromisoformat(start)
    except ValueError as error:
        raise Http404 from error
    summary = period_summary(schedule, period_start, user=request.user)
    if not summary.counts["total"]:
        raise Http404
    return summary


@staff_required
def report_summary(request, pk: int, start: str):
    summary = _summary(request, pk, start)
    return render(request, "plans/summary.html", {"summary": summary, "today": timezone.localdate()})


@staff_required
def report_summary_xlsx(request, pk: int, start: str):
    summary = _summary(request, pk, start)
    return _xlsx(summary_xlsx(summary), f"tong-hop-bao-cao-{summary.schedule.pk}-{summary.period_start:%Y%m%d}.xlsx")
