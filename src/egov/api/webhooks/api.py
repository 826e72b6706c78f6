"""REST API of webhook subscriptions (``/api/v1/webhooks/``), for a partner's own subscriptions and for
system administrators.

Who may call it: a partner system signed in with a token carrying the scope ``webhooks:manage`` (its own
subscriptions only; the request's user is then a partner principal with ``is_partner``, ``partner`` and
``has_scope``), or a staff session of a system administrator (every subscription; ``partner`` chosen by code).
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as BadRequest
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from egov.accounts.decorators import user_has_role
from egov.accounts.models import Role
from egov.api.errors import ErrorSerializer
from egov.api.scopes import WEBHOOKS_MANAGE

from ..models import Partner, WebhookAttempt, WebhookDelivery, WebhookSubscription
from . import kinds, services
from .sending import UnsafeTarget

SCOPE = WEBHOOKS_MANAGE
BAD_REQUEST = OpenApiResponse(ErrorSerializer, description="Dữ liệu chưa hợp lệ (thông báo tiếng Việt).")


def partner_of(request) -> Partner | None:
    user = getattr(request, "user", None)
    return user.partner if getattr(user, "is_partner", False) else None


class CanManageWebhooks(BasePermission):
    message = _("Cần phạm vi webhooks:manage hoặc quyền quản trị hệ thống.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        if getattr(user, "is_partner", False):
            return user.has_scope(SCOPE)
        return user_has_role(user, Role.SYSTEM_ADMIN)


def _actor(request):
    """The audit actor: the staff user, or None for a partner (its code goes into the record's summary)."""
    return None if partner_of(request) else request.user


class SubscriptionSerializer(serializers.ModelSerializer):
    partner = serializers.SlugRelatedField(slug_field="code", queryset=Partner.objects.all(), required=False)
    kinds = serializers.MultipleChoiceField(choices=kinds.choices(), allow_empty=False)
    url = serializers.URLField(max_length=500)

    class Meta:
        model = WebhookSubscription
        fields = ["id", "partner", "url", "kinds", "description", "is_active", "created_at", "previous_secret_until"]
        read_only_fields = ["id", "created_at", "previous_secret_until"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["kinds"] = list(instance.kinds)
        return data


class NewSubscriptionSerializer(SubscriptionSerializer):
    secret = serializers.CharField(read_only=True, help_text="Khóa ký whsec_…, chỉ trả về một lần.")

    class Meta(SubscriptionSerializer.Meta):
        fields = [*SubscriptionSerializer.Meta.fields, "secret"]


class AttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookAttempt
        fields = ["at", "status_code", "duration_ms", "ok", "error", "response_excerpt", "next_attempt_at"]


class DeliverySerializer(serializers.ModelSerializer):
    attempts_log = AttemptSerializer(source="tries", many=True, read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "webhook_id",
            "kind",
            "aggregate_key",
            "event_at",
            "state",
            "attempts",
            "next_attempt_at",
            "last_status",
            "last_error",
            "delivered_at",
            "attempts_log",
        ]


SecretSerializer = inline_serializer(
    "WebhookSecret", {"secret": serializers.CharField(), "previous_valid_until": serializers.DateTimeField()}
)
ReplaySinceSerializer = inline_serializer("WebhookReplaySince", {"since": serializers.DateTimeField()})
ReplayCountSerializer = inline_serializer("WebhookReplayCount", {"count": serializers.IntegerField()})


class KindSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


def _bad_target(exc: UnsafeTarget):
    return BadRequest({"url": [str(exc)]})


class SubscriptionViewSet(viewsets.ModelViewSet):
    """Webhook subscriptions: a partner sees and changes only its own."""

    permission_classes = [CanManageWebhooks]
    partner_scopes = (SCOPE, SCOPE)  # the OpenAPI security requirement of partner tokens (egov.api.schema)
    serializer_class = SubscriptionSerializer
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        queryset = WebhookSubscription.objects.select_related("partner").order_by("pk")
        partner = partner_of(self.request)
        return queryset.filter(partner=partner) if partner else queryset

    @extend_schema(request=SubscriptionSerializer, responses={201: NewSubscriptionSerializer, 400: BAD_REQUEST})
    def create(self, request, *args, **kwargs):
        serializer = SubscriptionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        partner = partner_of(request) or serializer.validated_data.get("partner")
        if partner is None:
            raise BadRequest({"partner": [_("Chọn hệ thống đối tác (mã).")]})
        try:
            subscription, secret = services.create_subscription(
                partner,
                url=serializer.validated_data["url"],
                kinds=sorted(serializer.validated_data["kinds"]),
                description=serializer.validated_data.get("description", ""),
                actor=_actor(request),
            )
        except UnsafeTarget as exc:
            raise _bad_target(exc)
        data = {**SubscriptionSerializer(subscription).data, "secret": secret}
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: SubscriptionSerializer, 400: BAD_REQUEST})
    def partial_update(self, request, *args, **kwargs):
        subscription = self.get_object()
        serializer = SubscriptionSerializer(subscription, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = {k: v for k, v in serializer.validated_data.items() if k != "partner"}
        if "kinds" in changes:
            changes["kinds"] = sorted(changes["kinds"])
        try:
            subscription = services.update_subscription(subscription, actor=_actor(request), **changes)
        except UnsafeTarget as exc:
            raise _bad_target(exc)
        return Response(SubscriptionSerializer(subscription).data)

    def perform_destroy(self, instance):
        services.delete_subscription(instance, actor=_actor(self.request))

    @extend_schema(request=None, responses={200: SecretSerializer})
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request, pk=None):
        subscription = self.get_object()
        secret = services.rotate_secret(subscription, actor=_actor(request))
        subscription.refresh_from_db()
        return Response({"secret": secret, "previous_valid_until": subscription.previous_secret_until})

    @extend_schema(request=None, responses={202: DeliverySerializer})
    @action(detail=True, methods=["post"], url_path="test")
    def test(self, request, pk=None):
        delivery = services.send_test(self.get_object(), actor=_actor(request))
        return Response(DeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        responses={200: DeliverySerializer(many=True)},
        parameters=[OpenApiParameter("state", str, enum=WebhookDelivery.State.values, required=False)],
    )
    @action(detail=True, methods=["get"], url_path="deliveries")
    def deliveries(self, request, pk=None):
        queryset = self.get_object().deliveries.prefetch_related("tries").order_by("-event_at", "-pk")
        state = request.query_params.get("state")
        if state:
            if state not in WebhookDelivery.State.values:
                raise BadRequest({"state": [_("Tình trạng không hợp lệ.")]})
            queryset = queryset.filter(state=state)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(DeliverySerializer(page, many=True).data)

    @extend_schema(request=ReplaySinceSerializer, responses={200: ReplayCountSerializer, 400: BAD_REQUEST})
    @action(detail=True, methods=["post"], url_path="replay-failed")
    def replay_failed(self, request, pk=None):
        subscription = self.get_object()
        since = serializers.DateTimeField().run_validation(request.data.get("since"))
        count = services.replay_failed_since(subscription, since, actor=_actor(request))
        return Response({"count": count})


class DeliveryViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """One delivery with its attempts; ``replay`` sends it again with the same ``webhook-id``."""

    permission_classes = [CanManageWebhooks]
    partner_scopes = (SCOPE, SCOPE)  # the OpenAPI security requirement of partner tokens (egov.api.schema)
    serializer_class = DeliverySerializer
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        queryset = WebhookDelivery.objects.prefetch_related("tries")
        partner = partner_of(self.request)
        return queryset.filter(subscription__partner=partner) if partner else queryset

    @extend_schema(request=None, responses={202: DeliverySerializer, 400: BAD_REQUEST})
    @action(detail=True, methods=["post"], url_path="replay")
    def replay(self, request, pk=None):
        delivery = get_object_or_404(self.get_queryset(), pk=pk)
        try:
            delivery = services.replay(delivery, actor=_actor(request))
        except services.WebhookError:
            raise BadRequest(_("Lượt gửi này đang chờ gửi, không cần gửi lại."))
        return Response(DeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)


class KindViewSet(viewsets.ViewSet):
    """The event kinds a subscription may receive."""

    permission_classes = [CanManageWebhooks]
    partner_scopes = (SCOPE, SCOPE)  # the OpenAPI security requirement of partner tokens (egov.api.schema)

    @extend_schema(responses={200: KindSerializer(many=True)})
    def list(self, request):
        return Response([{"code": code, "label": str(label)} for code, label in kinds.choices()])
