"""Query parameters of the public catalogue list: ``search`` (diacritic-insensitive, best matches first),
``sector`` (sector code), ``level`` (province / commune) and ``agency`` (OrganId of a handling agency)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

from ..models import Procedure


class _Params(serializers.Serializer):
    sector = serializers.CharField(required=False, max_length=30)
    level = serializers.ChoiceField(
        required=False,
        choices=Procedure.Level.choices,
        error_messages={"invalid_choice": _("«{input}» không hợp lệ; dùng province hoặc commune.")},
    )
    agency = serializers.CharField(required=False, max_length=35)


def _parameter(name: str, description: str, enum=None) -> dict:
    schema = {"type": "string"}
    if enum:
        schema["enum"] = list(enum)
    return {"name": name, "required": False, "in": "query", "description": str(description), "schema": schema}


class ProcedureSearchFilter(BaseFilterBackend):
    param = "search"

    def filter_queryset(self, request, queryset, view):
        query = request.query_params.get(self.param, "").strip()
        if view.action != "list" or not query:
            return queryset
        return queryset.ranked_search(query[:200])

    def get_schema_operation_parameters(self, view):
        description = _(
            "Tìm theo mã, tên thủ tục hoặc cơ quan có thẩm quyền, không phân biệt dấu và hoa thường; "
            "thủ tục có tên khớp được xếp trước."
        )
        return [_parameter(self.param, description)]


class ProcedureFilter(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        if view.action != "list":
            return queryset
        params = _Params(data=request.query_params)
        if not params.is_valid():
            raise ValidationError(params.errors)
        data = params.validated_data
        if data.get("sector"):
            queryset = queryset.filter(sector__code=data["sector"])
        if data.get("level"):
            queryset = queryset.filter(level=data["level"])
        if data.get("agency"):
            queryset = queryset.filter(agencies__code=data["agency"])
        return queryset

    def get_schema_operation_parameters(self, view):
        return [
            _parameter("sector", _("Mã lĩnh vực, ví dụ HT (Hộ tịch).")),
            _parameter("level", _("Cấp thực hiện."), enum=Procedure.Level.values),
            _parameter("agency", _("Mã định danh (OrganId) của cơ quan giải quyết, ví dụ 000.00.04.H99.")),
        ]
