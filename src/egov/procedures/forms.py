from django import forms
from django.utils.translation import gettext_lazy as _

from . import services


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp danh mục"),
        help_text=_("Tệp .xlsx (các sheet Thủ tục, Thành phần hồ sơ, Phí, Quy trình) hoặc .json."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.json"}),
    )
    dry_run = forms.BooleanField(
        label=_("Chỉ kiểm tra, chưa ghi"),
        required=False,
        help_text=_("Kiểm tra toàn bộ tệp và cho biết sẽ thêm, cập nhật những thủ tục nào."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if services.detect_format(upload.name) is None:
            raise forms.ValidationError(_("Chỉ nhận tệp .xlsx hoặc .json."))
        if upload.size > services.MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("Tệp lớn hơn %(size)d MB.") % {"size": services.MAX_IMPORT_BYTES // (1024 * 1024)}
            )
        return upload
