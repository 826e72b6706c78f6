"""Documents API: scoped lists and details of incoming and outgoing documents, and the main write actions
(register an incoming document, assign it, mark it done), each calling one service."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from egov.api.permissions import PartnerScopes
from egov.api.scopes import DOCUMENTS_READ
from egov.attachments.services import kept_only_on_success, store_upload

from .. import services
from ..models import Assignment, DraftVersion, IncomingDocument, OutgoingDocument, TrailEntry
from ..transitions import available_actions
from .filters import DocumentFilterBackend
from .permissions import IsOfficial
from .serializers import (
    AssignSerializer,
    IncomingDetailSerializer,
    IncomingListSerializer,
    NoteSerializer,
    OutgoingDetailSerializer,
    OutgoingListSerializer,
    RefusalSerializer,
    RegisterIncomingSerializer,
)

TRAIL = Prefetch("trail", TrailEntry.objects.select_related("actor", "to_unit", "to_user"))
REFUSED = {400: OpenApiResponse(RefusalSerializer, description="Bị từ chối (thông báo tiếng Việt).")}


class DocumentPagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


class _DocumentViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsOfficial, PartnerScopes]
    partner_scopes = (DOCUMENTS_READ, None)  # partner tokens read; registering, assigning need an official
    lookup_value_regex = r"[0-9]+"  # a non-numeric id is a 404 of the router, never a ValueError in a lookup
    pagination_class = DocumentPagination
    filter_backends = [DocumentFilterBackend]
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    model = None
    direction = ""
    list_related: tuple[str, ...] = ()
    detail_prefetch: tuple = ()
    detail_serializer = None

    def get_queryset(self):
        queryset = self.model.objects.for_user(self.request.user).select_related(*self.list_related)
        if self.action == "list":
            return queryset.order_by("-created_at", "-id")
        return queryset.prefetch_related(*self.detail_prefetch)

    def retrieve(self, request, *args, **kwargs):
        return self._detail(self.get_object())

    def _detail(self, document, code=status.HTTP_200_OK):
        """The detail of ``document`` (read again through the scoped queryset after an action), with the
        actions the transition table offers this user."""
        rows = self.model.objects.for_user(self.request.user).select_related(*self.list_related)
        document = rows.prefetch_related(*self.detail_prefetch).get(pk=document.pk)
        actions = available_actions(self.direction, document.status, self.request.user.role_codes)
        context = {**self.get_serializer_context(), "actions": [t.action for t in actions]}
        return Response(self.detail_serializer(document, context=context).data, status=code)


class IncomingViewSet(_DocumentViewSet):
    """Incoming documents (văn bản đến) the official may see: agency scope, assignments, secrecy clearance."""

    model = IncomingDocument
    direction = "incoming"
    list_related = ("document_type", "lead_unit")
    detail_prefetch = (
        "attachments",
        Prefetch("assignments", Assignment.objects.select_related("unit", "user")),
        TRAIL,
    )

    def get_serializer_class(self):
        if self.action == "create":
            return RegisterIncomingSerializer
        if self.action == "assign":
            return AssignSerializer
        if self.action == "done":
            return NoteSerializer
        return IncomingListSerializer if self.action == "list" else IncomingDetailSerializer

    detail_serializer = IncomingDetailSerializer

    @extend_schema(
        request={"application/json": RegisterIncomingSerializer, "multipart/form-data": RegisterIncomingSerializer},
        responses={
            201: IncomingDetailSerializer,
            **REFUSED,
            409: OpenApiResponse(RefusalSerializer, description="Có thể trùng văn bản đã vào sổ (duplicates)."),
        },
        description="Văn thư vào sổ văn bản đến (giấy hoặc điện tử); số đến được cấp tự động.",
    )
    def create(self, request):
        body = RegisterIncomingSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = dict(body.validated_data)
        upload, allow = values.pop("file", None), values.pop("allow_duplicate")
        user = request.user
        try:
            with kept_only_on_success():  # a refused registration keeps no file
                attachments = []
                if upload is not None and user.official:
                    attachments = [store_upload(upload, uploaded_by=user, agency=user.official.agency)]
                document = services.register_incoming(
                    services.IncomingData(**values), clerk=user, attachments=attachments, allow_duplicate=allow
                )
        except services.DuplicateDocumentWarning as warning:
            detail = {"detail": " ".join(warning.messages), "duplicates": [d.pk for d in warning.duplicates]}
            return Response(detail, status=status.HTTP_409_CONFLICT)
        except ValidationError as error:  # DocumentError, or store_upload refusing the file
            return _refused(error)
        return self._detail(document, status.HTTP_201_CREATED)

    @extend_schema(
        request=AssignSerializer,
        responses={200: IncomingDetailSerializer, **REFUSED},
        description="Lãnh đạo phân công đơn vị chủ trì, đơn vị phối hợp, để biết, ý kiến chỉ đạo và hạn xử lý.",
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def assign(self, request, pk=None):
        document = self._visible(pk)
        body = AssignSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            services.assign(document, actor=request.user, **body.validated_data)
        except services.DocumentError as error:
            return _refused(error)
        return self._detail(document)

    @extend_schema(
        request=NoteSerializer,
        responses={200: IncomingDetailSerializer, **REFUSED},
        description="Người hoặc đơn vị chủ trì hoàn thành xử lý văn bản.",
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def done(self, request, pk=None):
        document = self._visible(pk)
        body = NoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            services.mark_done(document, actor=request.user, note=body.validated_data["note"])
        except services.DocumentError as error:
            return _refused(error)
        return self._detail(document)

    def _visible(self, pk):
        return get_object_or_404(IncomingDocument.objects.for_user(self.request.user), pk=pk)


class OutgoingViewSet(_DocumentViewSet):
    """Outgoing documents (văn bản đi) the official may see: agency scope, own drafts, secrecy clearance."""

    model = OutgoingDocument
    direction = "outgoing"
    list_related = ("document_type", "drafting_unit", "author")
    detail_prefetch = (
        "attachments",
        Prefetch("versions", DraftVersion.objects.select_related("attachment").defer("text")),
        "internal_recipients",
        "dispatches",
        TRAIL,
    )

    def get_serializer_class(self):
        return OutgoingListSerializer if self.action == "list" else OutgoingDetailSerializer

    detail_serializer = OutgoingDetailSerializer


def _refused(error) -> Response:
    return Response({"detail": " ".join(error.messages)}, status=status.HTTP_400_BAD_REQUEST)
