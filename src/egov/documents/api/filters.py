"""Filters of ``GET /api/v1/documents/{incoming,outgoing}/``: the search form of the workspace, read from the
query string (the direction is the path)."""

from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.filters import BaseFilterBackend

from egov.agencies.scoping import visible_agencies

from ..forms import SearchForm
from ..transitions import IncomingStatus, OutgoingStatus

# (query parameter, schema type, format, description)
PARAMETERS = (
    ("q", "string", None, "Từ khóa, không cần dấu: số ký hiệu, trích yếu, người ký, nội dung tệp đính kèm."),
    ("status", "string", None, "Trạng thái. Văn bản đến: %s; văn bản đi: %s."),
    ("document_type", "integer", None, "Mã số (id) loại văn bản."),
    ("issuer", "string", None, "Cơ quan ban hành (văn bản đến), một phần tên."),
    ("date_from", "string", "date", "Ngày văn bản từ (YYYY-MM-DD)."),
    ("date_to", "string", "date", "Ngày văn bản đến (YYYY-MM-DD)."),
    ("unit", "integer", None, "Đơn vị chủ trì (văn bản đến) hoặc đơn vị soạn thảo (văn bản đi)."),
)


class DocumentFilterBackend(BaseFilterBackend):
    """Same validation and the same search (full text on PostgreSQL) as the workspace search page."""

    def filter_queryset(self, request, queryset, view):
        data = request.query_params.copy()
        data["direction"] = view.direction
        form = SearchForm(data, agencies=visible_agencies(request.user))
        if not form.is_valid():
            raise ApiValidationError({field: list(errors) for field, errors in form.errors.items()})
        return form.filter(queryset, queryset)

    def get_schema_operation_parameters(self, view):
        statuses = (", ".join(IncomingStatus.values), ", ".join(OutgoingStatus.values))
        return [
            {
                "name": name,
                "required": False,
                "in": "query",
                "description": description % statuses if name == "status" else description,
                "schema": {"type": kind, **({"format": fmt} if fmt else {})},
            }
            for name, kind, fmt, description in PARAMETERS
        ]
