"""Public lists of the portal's records: legal documents, gazette, procurement; and their files."""

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from egov.attachments.models import Attachment
from egov.attachments.responses import file_response

from ..cache import anonymous_cache
from ..models import GazetteIssue, LegalDocument, ProcurementItem

PER_PAGE = 20


class LegalSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Từ khóa"),
        required=False,
        max_length=200,
        help_text=_("Số, ký hiệu, trích yếu, cơ quan ban hành; gõ có dấu hoặc không dấu đều được."),
    )
    loai = forms.ChoiceField(label=_("Loại văn bản"), required=False)
    nhom = forms.ChoiceField(
        label=_("Nhóm văn bản"), required=False, choices=[("", _("Tất cả"))] + LegalDocument.Category.choices
    )
    linh_vuc = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    hieu_luc = forms.ChoiceField(
        label=_("Tình trạng hiệu lực"), required=False, choices=[("", _("Tất cả"))] + LegalDocument.Validity.choices
    )
    tu_ngay = forms.DateField(label=_("Ban hành từ ngày"), required=False, help_text=_("Dạng ngày/tháng/năm."))
    den_ngay = forms.DateField(label=_("Đến ngày"), required=False, help_text=_("Dạng ngày/tháng/năm."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        public = LegalDocument.objects.public()
        types = public.order_by("doc_type").values_list("doc_type", flat=True).distinct()
        sectors = public.exclude(sector="").order_by("sector").values_list("sector", flat=True).distinct()
        self.fields["loai"].choices = [("", _("Tất cả"))] + [(t, t) for t in types]
        self.fields["linh_vuc"].choices = [("", _("Tất cả"))] + [(s, s) for s in sectors]

    def clean(self):
        data = super().clean()
        if data.get("tu_ngay") and data.get("den_ngay") and data["tu_ngay"] > data["den_ngay"]:
            self.add_error("den_ngay", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data

    def filter(self, queryset):
        data = self.cleaned_data
        if data.get("q"):
            queryset = queryset.search(data["q"])
        for field, name in (
            ("doc_type", "loai"),
            ("category", "nhom"),
            ("sector", "linh_vuc"),
            ("validity", "hieu_luc"),
        ):
            if data.get(name):
                queryset = queryset.filter(**{field: data[name]})
        if data.get("tu_ngay"):
            queryset = queryset.filter(issued_on__gte=data["tu_ngay"])
        if data.get("den_ngay"):
            queryset = queryset.filter(issued_on__lte=data["den_ngay"])
        return queryset


@require_GET
@anonymous_cache
def legal_list(request):
    form = LegalSearchForm(request.GET or None)
    documents = LegalDocument.objects.public()
    if form.is_bound and form.is_valid():
        documents = form.filter(documents)
    page_obj = Paginator(documents.order_by("-issued_on", "-pk"), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "cms/legal_list.html", {"form": form, "page_obj": page_obj})


@require_GET
@anonymous_cache
def legal_detail(request, pk: int):
    document = get_object_or_404(LegalDocument.objects.public(), pk=pk)
    context = {
        "document": document,
        "files": list(document.attachments.all()),
        "issues": list(document.gazette_issues.public()),
    }
    return render(request, "cms/legal_detail.html", context)


@require_GET
@anonymous_cache
def gazette_list(request):
    issues = GazetteIssue.objects.public()
    years = list(issues.order_by("-year").values_list("year", flat=True).distinct())
    year = request.GET.get("nam", "")
    if year.isdigit():
        issues = issues.filter(year=int(year))
    issues = issues.annotate(document_count=Count("documents")).order_by("-year", "-number")
    page_obj = Paginator(issues, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "cms/gazette_list.html", {"page_obj": page_obj, "years": years, "year": year})


@require_GET
@anonymous_cache
def gazette_detail(request, pk: int):
    issue = get_object_or_404(
        GazetteIssue.objects.public()
        .select_related("pdf")
        .prefetch_related(Prefetch("documents", queryset=LegalDocument.objects.public().order_by("issued_on"))),
        pk=pk,
    )
    return render(request, "cms/gazette_detail.html", {"issue": issue})


class ProcurementFilterForm(forms.Form):
    q = forms.CharField(label=_("Từ khóa"), required=False, max_length=200)
    loai = forms.ChoiceField(
        label=_("Loại"), required=False, choices=[("", _("Tất cả"))] + ProcurementItem.Kind.choices
    )
    tinh_trang = forms.ChoiceField(
        label=_("Tình trạng"), required=False, choices=[("", _("Tất cả"))] + ProcurementItem.Stage.choices
    )


@require_GET
@anonymous_cache
def procurement_list(request):
    form = ProcurementFilterForm(request.GET or None)
    items = ProcurementItem.objects.public()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            items = items.search(data["q"])
        if data["loai"]:
            items = items.filter(kind=data["loai"])
        if data["tinh_trang"]:
            items = items.filter(stage=data["tinh_trang"])
    items = items.prefetch_related("attachments").order_by("-published_at", "-pk")
    page_obj = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "cms/procurement_list.html", {"form": form, "page_obj": page_obj})


@require_GET
def public_file(request, kind: str, pk: int, attachment_id: int):
    """A file of a published record (the attachments app serves only staff within their scope)."""
    owners = {"van-ban": LegalDocument, "dau-thau": ProcurementItem, "cong-bao": GazetteIssue}
    model = owners.get(kind)
    if model is None:
        raise Http404
    record = get_object_or_404(model.objects.public(), pk=pk)
    allowed = set(record.attachments.values_list("pk", flat=True))
    if isinstance(record, GazetteIssue) and record.pdf_id:
        allowed.add(record.pdf_id)
    if attachment_id not in allowed:
        raise Http404
    attachment = get_object_or_404(Attachment, pk=attachment_id)
    return file_response(attachment, inline=True, cache="public, max-age=3600")
