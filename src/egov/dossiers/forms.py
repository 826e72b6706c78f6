"""Forms of the staff workspace: inbox filters, desk intake, one form per dossier action, statistics period.

The action forms are shared by the workspace and the REST API: each validates the fields its service
function needs and ``perform(actor)`` calls that function. Which actions exist comes from the transition
table (``ACTION_FORMS`` has one form per row of ``transitions.TRANSITIONS``).
"""

from datetime import date, datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.accounts.models import Role, User
from egov.agencies.models import Agency
from egov.attachments.services import store_upload
from egov.core.collation import vi_order
from egov.core.validators import normalize_id_number, normalize_phone
from egov.procedures.models import Procedure, RequiredDocument, Sector

from . import services
from .deadlines import due_soon_until
from .models import Channel
from .services import Applicant, Intake, Paper
from .transitions import Status

SCAN_TYPES = ("pdf", "jpeg", "png", "tiff")
RESULT_TYPES = ("pdf", "docx", "odt", "jpeg", "png")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def local_start(day: date) -> datetime:
    """Midnight at the start of ``day`` in local time, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min))


# --- inbox filters --------------------------------------------------------------------------------------


class DossierFilterForm(forms.Form):
    """Filters of every dossier list (workspace inboxes and ``GET /api/v1/dossiers/``)."""

    FLAG_DUE_SOON = "due_soon"
    FLAG_OVERDUE = "overdue"

    q = forms.CharField(
        label=_("Tìm kiếm"),
        required=False,
        max_length=200,
        help_text=_("Mã hồ sơ, tên hoặc số định danh người nộp; gõ có dấu hay không dấu đều được."),
    )
    status = forms.ChoiceField(label=_("Trạng thái"), required=False, choices=[("", _("Tất cả")), *Status.choices])
    procedure = forms.ModelChoiceField(
        label=_("Thủ tục"), required=False, queryset=Procedure.objects.only("code", "name"), empty_label=_("Tất cả")
    )
    sector = forms.ModelChoiceField(
        label=_("Lĩnh vực"), required=False, queryset=Sector.objects.all(), empty_label=_("Tất cả")
    )
    flag = forms.ChoiceField(
        label=_("Hạn xử lý"),
        required=False,
        choices=[("", _("Tất cả")), (FLAG_DUE_SOON, _("Sắp đến hạn")), (FLAG_OVERDUE, _("Quá hạn"))],
    )
    due_from = forms.DateField(label=_("Hẹn trả từ ngày"), required=False, widget=DATE_INPUT)
    due_to = forms.DateField(label=_("Hẹn trả đến ngày"), required=False, widget=DATE_INPUT)
    received_from = forms.DateField(label=_("Tiếp nhận từ ngày"), required=False, widget=DATE_INPUT)
    received_to = forms.DateField(label=_("Tiếp nhận đến ngày"), required=False, widget=DATE_INPUT)

    def clean(self):
        data = super().clean()
        for start, end in (("due_from", "due_to"), ("received_from", "received_to")):
            if data.get(start) and data.get(end) and data[start] > data[end]:
                self.add_error(end, _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."))
        return data

    def filter(self, queryset, now: datetime | None = None):
        """``queryset`` narrowed by the valid filters (call after ``is_valid()``)."""
        data = self.cleaned_data
        now = now or timezone.now()
        if data.get("q"):
            queryset = queryset.search(data["q"])
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("procedure"):
            queryset = queryset.filter(procedure=data["procedure"])
        if data.get("sector"):
            queryset = queryset.filter(procedure__sector=data["sector"])
        if data.get("flag") == self.FLAG_OVERDUE:
            queryset = queryset.overdue(now)
        elif data.get("flag") == self.FLAG_DUE_SOON:
            queryset = queryset.due_soon(now, due_soon_until(now))
        queryset = _date_range(queryset, "due_at", data.get("due_from"), data.get("due_to"))
        return _date_range(queryset, "received_at", data.get("received_from"), data.get("received_to"))


def _date_range(queryset, field, start, end):
    if start:
        queryset = queryset.filter(**{f"{field}__gte": local_start(start)})
    if end:
        queryset = queryset.filter(**{f"{field}__lt": local_start(end + timedelta(days=1))})
    return queryset


# --- desk intake ------------------------------------------------------------------------------------------


class ProcedureSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm thủ tục"),
        required=False,
        max_length=200,
        help_text=_("Mã hoặc tên thủ tục, gõ có dấu hay không dấu đều được."),
    )


class IntakeForm(forms.Form):
    """The applicant and the desk details of a dossier received in person or by post."""

    applicant_name = forms.CharField(label=_("Họ và tên người nộp"), max_length=200)
    applicant_id_number = forms.CharField(label=_("Số định danh cá nhân / mã số thuế"), max_length=20, required=False)
    applicant_phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)
    applicant_email = forms.EmailField(label=_("Thư điện tử"), required=False)
    applicant_address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)
    channel = forms.ChoiceField(
        label=_("Hình thức nộp"),
        choices=[(Channel.DESK, Channel.DESK.label), (Channel.POST, Channel.POST.label)],
        initial=Channel.DESK,
    )
    handling_agency = forms.ModelChoiceField(
        label=_("Cơ quan giải quyết"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("Xác định tự động"),
        help_text=_("Chỉ chọn khi thủ tục do nhiều cơ quan giải quyết."),
    )
    other_papers = forms.CharField(
        label=_("Giấy tờ khác"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Mỗi dòng một giấy tờ ngoài danh mục (bản chính, 1 bản)."),
    )
    fee_paid = forms.BooleanField(label=_("Người nộp đã nộp phí, lệ phí"), required=False)

    def __init__(self, *args, procedure: Procedure, **kwargs):
        super().__init__(*args, **kwargs)
        self.procedure = procedure
        self.fields["handling_agency"].queryset = procedure.agencies.filter(is_active=True)

    def clean_applicant_id_number(self):
        value = self.cleaned_data["applicant_id_number"].strip()
        return normalize_id_number(value) if value else ""

    def clean_applicant_phone(self):
        value = self.cleaned_data["applicant_phone"].strip()
        return normalize_phone(value) if value else ""

    def applicant(self) -> Applicant:
        d = self.cleaned_data
        return Applicant(
            name=d["applicant_name"],
            id_number=d["applicant_id_number"],
            phone=d["applicant_phone"],
            email=d["applicant_email"],
            address=d["applicant_address"],
        )

    def extra_papers(self) -> list[Paper]:
        lines = (line.strip() for line in self.cleaned_data["other_papers"].splitlines())
        return [Paper(name=line[:500]) for line in lines if line]


class PaperForm(forms.Form):
    """One row of the checklist: a required document handed in (or not), its form, count and scan."""

    handed_in = forms.BooleanField(label=_("Đã nộp"), required=False)
    form = forms.ChoiceField(label=_("Hình thức"), choices=RequiredDocument.Form.choices)
    count = forms.IntegerField(label=_("Số lượng"), min_value=1, max_value=99, initial=1)
    scan = forms.FileField(label=_("Bản quét"), required=False, help_text=_("PDF, JPEG, PNG hoặc TIFF."))


class BasePaperFormSet(forms.BaseFormSet):
    """The checklist: one ``PaperForm`` per required document of the procedure, in catalogue order."""

    def __init__(self, *args, documents, **kwargs):
        self.documents = list(documents)
        initial = [{"handed_in": d.is_mandatory, "form": d.form, "count": d.count} for d in self.documents]
        super().__init__(*args, initial=initial, **kwargs)

    def total_form_count(self):
        return len(self.documents)

    def get_form_kwargs(self, index):
        return {"use_required_attribute": False}

    def rows(self):
        return list(zip(self.documents, self.forms, strict=True))

    def papers(self, store) -> list[Paper]:
        """The papers handed in; ``store(file)`` saves a scan and returns its attachment."""
        papers = []
        for document, form in self.rows():
            data = form.cleaned_data
            if not data.get("handed_in"):
                continue
            scan = data.get("scan")
            attachment = None
            if scan:
                try:
                    attachment = store(scan)
                except ValidationError as exc:
                    form.add_error("scan", exc)
                    raise
            papers.append(
                Paper(
                    name=document.name,
                    form=data["form"],
                    count=data["count"],
                    required_document=document,
                    attachment=attachment,
                )
            )
        return papers


PaperFormSet = forms.formset_factory(PaperForm, formset=BasePaperFormSet, extra=0)


def receive_at_desk(*, form: IntakeForm, checklist: BasePaperFormSet, officer, receiving_agency):
    """Store the scans and receive the dossier in one transaction: a refused intake keeps no file."""
    stored = []

    def store(file):
        attachment = store_upload(file, uploaded_by=officer, agency=receiving_agency, allowed_types=SCAN_TYPES)
        stored.append(attachment)
        return attachment

    try:
        with transaction.atomic():
            intake = Intake(
                procedure=form.procedure,
                applicant=form.applicant(),
                papers=checklist.papers(store) + form.extra_papers(),
                channel=form.cleaned_data["channel"],
                handling_agency=form.cleaned_data.get("handling_agency"),
                fee_paid=form.cleaned_data["fee_paid"],
            )
            return services.receive(intake, officer=officer, receiving_agency=receiving_agency)
    except BaseException:
        for attachment in stored:
            attachment.file.delete(save=False)
        raise


# --- dossier actions --------------------------------------------------------------------------------------


class ActionForm(forms.Form):
    """One action of the transition table on one dossier; ``perform(actor)`` calls its service function.

    ``reason`` is added (and required) when the transition ``needs_note``.
    """

    service = None  # the service function, called as service(dossier, actor=..., **self.arguments())

    def __init__(self, *args, dossier, transition, **kwargs):
        super().__init__(*args, **kwargs)
        self.dossier = dossier
        self.transition = transition
        if transition.needs_note:
            self.fields["reason"] = forms.CharField(
                label=_("Lý do, nội dung"),
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={"required": _("Cần nhập lý do hoặc nội dung.")},
            )

    def arguments(self) -> dict:
        data = self.cleaned_data
        return {"reason": data["reason"]} if "reason" in self.fields else {}

    def perform(self, actor):
        """Call the service; a ``DossierError`` (or a refused upload) propagates and changes nothing."""
        return type(self).service(self.dossier, actor=actor, **self.arguments())


class AcceptForm(ActionForm):
    service = staticmethod(services.accept)


class RefuseForm(ActionForm):
    service = staticmethod(services.refuse)


class TransferForm(ActionForm):
    service = staticmethod(services.transfer)

    to_agency = forms.ModelChoiceField(
        label=_("Chuyển đến cơ quan"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("Cơ quan giải quyết của hồ sơ"),
    )

    def __init__(self, *args, dossier, **kwargs):
        super().__init__(*args, dossier=dossier, **kwargs)
        self.fields["to_agency"].queryset = dossier.procedure.agencies.filter(is_active=True).exclude(
            pk=dossier.receiving_agency_id
        )

    def arguments(self):
        return {"to_agency": self.cleaned_data.get("to_agency")}


class AcceptTransferForm(ActionForm):
    service = staticmethod(services.accept_transfer)


class AssignForm(ActionForm):
    service = staticmethod(services.assign)

    department = forms.ModelChoiceField(label=_("Phòng chuyên môn"), queryset=Agency.objects.none())

    def __init__(self, *args, dossier, **kwargs):
        super().__init__(*args, dossier=dossier, **kwargs)
        self.fields["department"].queryset = Agency.objects.filter(
            parent_id=dossier.handling_agency_id, kind=Agency.Kind.DEPARTMENT, is_active=True
        ).order_by("sort_order", vi_order("name"))

    def arguments(self):
        return {"department": self.cleaned_data["department"]}


class SpecialistChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.username


class AssignSpecialistForm(ActionForm):
    service = staticmethod(services.assign_specialist)

    specialist = SpecialistChoiceField(label=_("Chuyên viên thụ lý"), queryset=User.objects.none())

    def __init__(self, *args, dossier, **kwargs):
        super().__init__(*args, dossier=dossier, **kwargs)
        unit = dossier.current_unit_id
        in_unit = Q(official__department_id=unit) | Q(official__agency_id=unit, official__department__isnull=True)
        self.fields["specialist"].queryset = (
            User.objects.staff_users()
            .filter(in_unit, is_active=True, roles__role=Role.SPECIALIST)
            .select_related("official")
            .order_by(vi_order("full_name"), "username")
            .distinct()
        )

    def arguments(self):
        return {"specialist": self.cleaned_data["specialist"]}


class PickUpForm(ActionForm):
    service = staticmethod(services.pick_up)


class HandleForm(ActionForm):
    service = staticmethod(services.handle)


class SubmitForApprovalForm(ActionForm):
    service = staticmethod(services.submit_for_approval)

    note = forms.CharField(
        label=_("Ý kiến trình"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def arguments(self):
        return {"note": self.cleaned_data["note"]}


class SendBackForm(ActionForm):
    service = staticmethod(services.send_back)


class ApproveForm(ActionForm):
    service = staticmethod(services.approve)

    result_title = forms.CharField(
        label=_("Tên kết quả giải quyết"),
        max_length=300,
        help_text=_("Ví dụ: Phiếu lý lịch tư pháp số 15/PLLTP."),
        error_messages={"required": _("Cần nhập tên kết quả giải quyết.")},
    )
    result_file = forms.FileField(
        label=_("Tệp kết quả điện tử"), required=False, help_text=_("Không bắt buộc; PDF, DOCX, ODT, JPEG hoặc PNG.")
    )

    def perform(self, actor):
        file = self.cleaned_data.get("result_file")
        attachment = None
        try:
            with transaction.atomic():
                if file:
                    try:
                        attachment = store_upload(
                            file, uploaded_by=actor, agency=self.dossier.handling_agency, allowed_types=RESULT_TYPES
                        )
                    except ValidationError as exc:
                        self.add_error("result_file", exc)
                        raise
                return services.approve(
                    self.dossier, actor=actor, result_title=self.cleaned_data["result_title"], attachment=attachment
                )
        except BaseException:
            if attachment is not None:
                attachment.file.delete(save=False)
            raise


class RequestSupplementForm(ActionForm):
    service = staticmethod(services.request_supplement)


class ResubmitForm(ActionForm):
    service = staticmethod(services.resubmit)

    papers = forms.CharField(
        label=_("Giấy tờ bổ sung đã nhận"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Mỗi dòng một giấy tờ."),
    )

    def arguments(self):
        lines = (line.strip() for line in self.cleaned_data["papers"].splitlines())
        return {"papers": [Paper(name=line[:500]) for line in lines if line]}


class RequestPaymentForm(ActionForm):
    service = staticmethod(services.request_payment)

    amount = forms.DecimalField(
        label=_("Số tiền (đồng)"),
        min_value=1,
        max_digits=14,
        decimal_places=0,
        error_messages={"min_value": _("Số tiền phí, lệ phí phải lớn hơn 0.")},
    )

    def arguments(self):
        return {"amount": self.cleaned_data["amount"]}


class ConfirmPaymentForm(ActionForm):
    service = staticmethod(services.confirm_payment)


class WithdrawForm(ActionForm):
    service = staticmethod(services.withdraw)


class StopForm(ActionForm):
    service = staticmethod(services.stop)


class ApologizeForm(ActionForm):
    service = staticmethod(services.apologize)

    new_due_at = forms.DateTimeField(
        label=_("Ngày hẹn trả mới"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": _("Cần nhập ngày hẹn trả mới.")},
    )

    def arguments(self):
        return {**super().arguments(), "new_due_at": self.cleaned_data["new_due_at"]}


class ReturnResultForm(ActionForm):
    service = staticmethod(services.return_result)


ACTION_FORMS: dict[str, type[ActionForm]] = {
    "accept": AcceptForm,
    "refuse": RefuseForm,
    "transfer": TransferForm,
    "accept_transfer": AcceptTransferForm,
    "assign": AssignForm,
    "assign_specialist": AssignSpecialistForm,
    "pick_up": PickUpForm,
    "handle": HandleForm,
    "submit_for_approval": SubmitForApprovalForm,
    "send_back": SendBackForm,
    "approve": ApproveForm,
    "request_supplement": RequestSupplementForm,
    "resubmit": ResubmitForm,
    "request_payment": RequestPaymentForm,
    "confirm_payment": ConfirmPaymentForm,
    "withdraw": WithdrawForm,
    "stop": StopForm,
    "apologize": ApologizeForm,
    "return_result": ReturnResultForm,
}


def action_form(transition, dossier, *, data=None, files=None, prefix=None) -> ActionForm:
    """The form of ``transition`` on ``dossier`` (bound when ``data`` is given)."""
    return ACTION_FORMS[transition.action](data, files, dossier=dossier, transition=transition, prefix=prefix)


# --- statistics -------------------------------------------------------------------------------------------


class StatsForm(forms.Form):
    GROUP_AGENCY = "agency"
    GROUP_SECTOR = "sector"

    start = forms.DateField(label=_("Từ ngày"), widget=DATE_INPUT)
    end = forms.DateField(label=_("Đến ngày"), widget=DATE_INPUT)
    group_by = forms.ChoiceField(
        label=_("Thống kê theo"),
        choices=[(GROUP_AGENCY, _("Cơ quan giải quyết")), (GROUP_SECTOR, _("Lĩnh vực"))],
        initial=GROUP_AGENCY,
    )
    sector = forms.ModelChoiceField(
        label=_("Lĩnh vực"), required=False, queryset=Sector.objects.all(), empty_label=_("Tất cả")
    )

    MAX_DAYS = 3660

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."))
        elif start and end and (end - start).days > self.MAX_DAYS:
            self.add_error("end", _("Kỳ thống kê dài tối đa 10 năm."))
        return data

    @classmethod
    def defaults(cls, today: date) -> dict:
        """This month up to today."""
        return {"start": today.replace(day=1), "end": today, "group_by": cls.GROUP_AGENCY}
