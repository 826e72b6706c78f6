"""POST /api/v1/signatures/verify/ (multipart ``file``): the signature report of a PDF, for staff."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from egov.accounts.decorators import user_has_role
from egov.api.errors import ErrorSerializer, error_body
from egov.api.permissions import PartnerScopes, is_partner
from egov.api.scopes import SIGNATURES_VERIFY

from .forms import VerifyForm
from .services import verify_pdf


class IsStaff(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return is_partner(request.user) or user_has_role(request.user)


class SignatureReportSerializer(serializers.Serializer):
    field_name = serializers.CharField()
    valid = serializers.BooleanField()
    intact = serializers.BooleanField()
    trusted = serializers.BooleanField()
    modified = serializers.BooleanField()
    revoked = serializers.BooleanField()
    timestamped = serializers.BooleanField()
    signer = serializers.CharField()
    organisation = serializers.CharField()
    signed_at = serializers.DateTimeField(allow_null=True)
    certificate_fingerprint = serializers.CharField()


class VerifyRequestSerializer(serializers.Serializer):
    file = serializers.FileField()


class VerifyView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsStaff, PartnerScopes]
    partner_scopes = (SIGNATURES_VERIFY, SIGNATURES_VERIFY)  # a POST that changes nothing
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": VerifyRequestSerializer},
        responses={
            200: inline_serializer(
                "SignatureVerification",
                {"valid": serializers.BooleanField(), "signatures": SignatureReportSerializer(many=True)},
            ),
            400: ErrorSerializer,
        },
        summary="Kiểm tra chữ ký số trên tệp PDF",
    )
    def post(self, request):
        form = VerifyForm(files=request.FILES)
        if not form.is_valid():
            return Response(error_body(form.errors), status=400)
        try:
            reports = verify_pdf(form.cleaned_data["file"].read())
        except ValidationError as exc:
            return Response(error_body({"file": exc.messages}, detail=" ".join(exc.messages)), status=400)
        data = SignatureReportSerializer(reports, many=True).data
        return Response({"valid": bool(reports) and all(r.valid for r in reports), "signatures": data})
