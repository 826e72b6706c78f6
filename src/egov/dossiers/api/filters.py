"""Filters of ``GET /api/v1/dossiers/``: the workspace's filter form, read from the query string."""

from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.filters import BaseFilterBackend

from ..forms import DossierFilterForm
from ..transitions import Status

# (query parameter, schema type, description)
PARAMETERS = (
    ("search", "string", "Mã hồ sơ, tên hoặc số định danh người nộp (không phân biệt dấu)."),
    ("status", "string", "Trạng thái: " + ", ".join(Status.values)),
    ("procedure", "integer", "Mã số (id) thủ tục."),
    ("sector", "integer", "Mã số (id) lĩnh vực."),
    ("flag", "string", "due_soon (sắp đến hạn) hoặc overdue (quá hạn)."),
    ("received_from", "string", "Tiếp nhận từ ngày (YYYY-MM-DD)."),
    ("received_to", "string", "Tiếp nhận đến ngày (YYYY-MM-DD)."),
    ("due_from", "string", "Hẹn trả từ ngày (YYYY-MM-DD)."),
    ("due_to", "string", "Hẹn trả đến ngày (YYYY-MM-DD)."),
)


class DossierFilterBackend(BaseFilterBackend):
    """Same validation and the same diacritic-insensitive search as the workspace inboxes."""

    def filter_queryset(self, request, queryset, view):
        data = request.query_params.copy()
        if "search" in data:
            data["q"] = data.pop("search")[-1]
        form = DossierFilterForm(data)
        if not form.is_valid():
            raise ApiValidationError(_messages(form))
        return form.filter(queryset)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": name,
                "required": False,
                "in": "query",
                "description": description,
                "schema": {"type": kind, **({"format": "date"} if name.endswith(("_from", "_to")) else {})},
            }
            for name, kind, description in PARAMETERS
        ]


def _messages(form) -> dict:
    """``{field: [messages]}`` with the form's Vietnamese messages, ``q`` reported as ``search``."""
    return {("search" if field == "q" else field): list(errors) for field, errors in form.errors.items()}
