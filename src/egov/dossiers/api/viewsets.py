"""Dossier API: scoped list and detail, the actions of the transition table, and the public status by code."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.exceptions import ValidationError as BadRequest
from rest_framework.generics import RetrieveAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from egov.api.errors import ErrorSerializer, error_body
from egov.api.permissions import PartnerScopes
from egov.api.scopes import DOSSIERS_READ
from egov.core.throttle import AtomicRateThrottle

from ..forms import action_form
from ..labels import LIST_RELATED
from ..models import Dossier, Handover
from ..services import refusal
from ..transitions import acting_roles, available_actions, transition_for
from .filters import DossierFilterBackend
from .permissions import IsStaffUser
from .serializers import (
    ActionRequestSerializer,
    AvailableActionSerializer,
    DossierDetailSerializer,
    DossierListSerializer,
    PublicDossierSerializer,
)


class DossierViewSet(viewsets.ReadOnlyModelViewSet):
    """Dossiers the signed-in official may see (``Dossier.objects.for_user``), newest first."""

    permission_classes = [IsStaffUser, PartnerScopes]
    partner_scopes = (DOSSIERS_READ, None)  # partner tokens read; actions need an official
    filter_backends = [DossierFilterBackend]
    lookup_value_regex = r"[0-9]+"  # a non-numeric id is a 404 of the router, never a ValueError in a lookup
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def get_queryset(self):
        queryset = Dossier.objects.for_user(self.request.user).select_related(*LIST_RELATED)
        if self.action == "list":
            return queryset.order_by("-submitted_at", "-id")
        return queryset.prefetch_related(
            "papers",
            "results",
            Prefetch("handovers", Handover.objects.select_related("actor", "from_unit", "to_unit", "to_user")),
        )

    def get_serializer_class(self):
        return DossierListSerializer if self.action == "list" else DossierDetailSerializer

    @extend_schema(
        methods=["GET"],
        responses={200: AvailableActionSerializer(many=True)},
        description="Các thao tác người dùng được thực hiện với hồ sơ ở trạng thái hiện tại "
        "(theo bảng chuyển trạng thái).",
    )
    @extend_schema(
        methods=["POST"],
        request=ActionRequestSerializer,
        responses={
            200: DossierDetailSerializer,
            400: OpenApiResponse(ErrorSerializer, description="Thao tác bị từ chối (thông báo tiếng Việt)."),
        },
        description="Thực hiện một thao tác; kiểm tra như trên bàn làm việc, không thay đổi gì nếu bị từ chối.",
    )
    @action(detail=True, methods=["get", "post"], url_path="actions", filter_backends=[], pagination_class=None)
    def actions(self, request, pk=None):
        dossier = get_object_or_404(Dossier.objects.for_user(request.user).select_related(*LIST_RELATED), pk=pk)
        if request.method == "GET":
            return Response(AvailableActionSerializer(self._available(dossier), many=True).data)
        return self._perform(request, dossier)

    def _available(self, dossier) -> list[dict]:
        result = []
        for transition in available_actions(dossier.status, acting_roles(dossier, self.request.user)):
            form = action_form(transition, dossier)
            fields = [
                {"name": name, "label": str(field.label), "required": field.required, "type": type(field).__name__}
                for name, field in form.fields.items()
            ]
            result.append(
                {
                    "action": transition.action,
                    "label": str(transition.label),
                    "needs_note": transition.needs_note,
                    "fields": fields,
                }
            )
        return result

    def _perform(self, request, dossier):
        transition = transition_for(str(request.data.get("action", "")))
        if transition is None:
            return _refused(_("Thao tác không hợp lệ."), status.HTTP_400_BAD_REQUEST)
        reason = refusal(transition, dossier, request.user)
        if reason:
            return _refused(reason, status.HTTP_400_BAD_REQUEST)
        form = action_form(transition, dossier, data=request.data, files=request.FILES)
        if not form.is_valid():
            return _form_errors(form)
        try:
            dossier = form.perform(request.user)
        except ValidationError as exc:
            if form.errors:
                return _form_errors(form)
            return _refused(" ".join(exc.messages), status.HTTP_400_BAD_REQUEST)
        dossier = self.get_queryset().filter(pk=dossier.pk).first() or dossier
        return Response(DossierDetailSerializer(dossier, context=self.get_serializer_context()).data)


def _refused(message: str, code: int) -> Response:
    return Response({"detail": message}, status=code)


def _form_errors(form) -> Response:
    body = error_body(form.errors)
    body.setdefault("errors", {})
    return Response(body, status=status.HTTP_400_BAD_REQUEST)


class PublicLookupThrottle(AtomicRateThrottle):
    """Codes are sequential: limit how fast anyone can walk through them."""

    scope = "public_dossier"
    rate = "60/min"


class PublicDossierStatusView(RetrieveAPIView):
    """The public status of a dossier by its code: status, appointment, agencies, procedure; no personal data."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [PublicLookupThrottle]
    serializer_class = PublicDossierSerializer
    lookup_field = "code"
    queryset = Dossier.objects.select_related("procedure", "receiving_agency", "handling_agency").exclude(
        code__isnull=True
    )

    def get_object(self):
        """The same proof and lock-out as the portal's look-up page (``services_portal.services.track_dossier``):
        the code alone answers nothing, whether it exists or not."""
        from egov.accounts.throttle import client_ip
        from egov.services_portal.services import PortalError, track_dossier

        last_digits = self.request.query_params.get("last_digits", "")
        if len(last_digits) != 4 or not last_digits.isdigit():
            raise BadRequest(_("Nhập đúng 4 chữ số cuối số định danh hoặc số điện thoại (last_digits)."))
        try:
            dossier = track_dossier(self.kwargs["code"], last_digits, ip=client_ip(self.request))
        except PortalError as exc:
            raise Throttled(detail=" ".join(exc.messages)) from None
        if dossier is None:
            raise NotFound(_("Không tìm thấy hồ sơ có mã và 4 chữ số cuối này."))
        return dossier

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "last_digits",
                str,
                required=True,
                pattern=r"^[0-9]{4}$",
                description="4 chữ số cuối số định danh hoặc số điện thoại của người nộp.",
            )
        ],
        responses={
            200: PublicDossierSerializer,
            400: ErrorSerializer,
            404: OpenApiResponse(ErrorSerializer, description="Không có hồ sơ với mã và 4 chữ số này."),
            429: OpenApiResponse(ErrorSerializer, description="Tra cứu sai quá nhiều lần: tạm khóa."),
        },
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
