from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Message


class OutboxFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", _("Tất cả"))] + Message.Status.choices
    )
    channel = forms.ChoiceField(label=_("Kênh"), required=False, choices=[("", _("Tất cả"))] + Message.Channel.choices)
    q = forms.CharField(label=_("Người nhận"), required=False, max_length=254)

    def filter(self, messages):
        data = self.cleaned_data
        if data.get("status"):
            messages = messages.filter(status=data["status"])
        if data.get("channel"):
            messages = messages.filter(channel=data["channel"])
        if data.get("q"):
            messages = messages.filter(recipient__icontains=data["q"].strip())
        return messages
