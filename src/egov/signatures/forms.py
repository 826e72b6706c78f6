from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_PDF_SIZE = 50 * 1024 * 1024


class VerifyForm(forms.Form):
    file = forms.FileField(label=_("Tệp PDF đã ký số"), help_text=_("Tối đa 50 MB."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_PDF_SIZE:
            raise ValidationError(_("Tệp quá lớn: tối đa 50 MB."), code="too_large")
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise ValidationError(_("Tệp không phải là tệp PDF."), code="not_pdf")
        return upload
