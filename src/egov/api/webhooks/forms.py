"""Forms of the administrators' webhook pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Partner, WebhookSubscription
from . import kinds


class SubscriptionForm(forms.Form):
    url = forms.URLField(label=_("Địa chỉ nhận (URL)"), max_length=500, assume_scheme="https")
    kinds = forms.MultipleChoiceField(
        label=_("Loại sự kiện"),
        choices=kinds.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Chỉ gửi sự kiện của các cơ quan hệ thống đối tác được phép."),
    )
    description = forms.CharField(label=_("Mô tả"), max_length=200, required=False)


class NewSubscriptionForm(SubscriptionForm):
    partner = forms.ModelChoiceField(label=_("Hệ thống đối tác"), queryset=Partner.objects.filter(is_active=True))

    field_order = ["partner", "url", "kinds", "description"]


class EditSubscriptionForm(SubscriptionForm):
    is_active = forms.BooleanField(label=_("Đang hoạt động"), required=False)

    @classmethod
    def for_subscription(cls, subscription: WebhookSubscription, data=None):
        initial = {
            "url": subscription.url,
            "kinds": subscription.kinds,
            "description": subscription.description,
            "is_active": subscription.is_active,
        }
        return cls(data, initial=initial)


class ReplaySinceForm(forms.Form):
    since = forms.DateTimeField(
        label=_("Gửi lại các lượt thất bại từ thời điểm"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
    )
