"""The public catalogue: ``GET /api/v1/public/procedures/`` and ``GET /api/v1/public/procedures/{code}/``."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.permissions import AllowAny

from egov.agencies.models import Agency

from ..models import Procedure, RequiredDocument
from .filters import ProcedureFilter, ProcedureSearchFilter
from .pagination import CataloguePagination
from .serializers import PublicProcedureDetailSerializer, PublicProcedureSerializer


@extend_schema_view(
    list=extend_schema(
        summary="Danh mục thủ tục hành chính",
        description="Các thủ tục đang áp dụng, có phân trang; tìm kiếm không phân biệt dấu.",
        tags=["Danh mục thủ tục (công khai)"],
    ),
    retrieve=extend_schema(
        summary="Chi tiết thủ tục hành chính",
        description=(
            "Thành phần hồ sơ, phí, lệ phí, quy trình nội bộ và cơ quan giải quyết của một thủ tục (theo mã TTHC)."
        ),
        tags=["Danh mục thủ tục (công khai)"],
    ),
)
class PublicProcedureViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    authentication_classes = []  # public data: no session, no CSRF
    lookup_field = "code"
    lookup_value_regex = r"[^/]+"
    pagination_class = CataloguePagination
    filter_backends = [ProcedureSearchFilter, ProcedureFilter]

    def get_queryset(self):
        queryset = Procedure.objects.active().select_related("sector")
        if self.action != "retrieve":
            return queryset
        return queryset.prefetch_related(
            Prefetch("required_documents", queryset=RequiredDocument.objects.order_by("order", "pk")),
            "fees",
            "steps",
            Prefetch("agencies", queryset=Agency.objects.only("pk", "code", "name").order_by("path")),
        )

    def get_serializer_class(self):
        return PublicProcedureDetailSerializer if self.action == "retrieve" else PublicProcedureSerializer
