from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "egov.feedback"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Hỏi đáp, phản ánh kiến nghị, lấy ý kiến dự thảo")

    def ready(self):
        from . import files

        files.register()
        from egov.core.templatetags.egov import PUBLIC, register_nav_item

        register_nav_item("feedback:questions", _("Hỏi đáp"), area=PUBLIC, order=60)
        register_nav_item("feedback:feedback-list", _("Phản ánh, kiến nghị"), area=PUBLIC, order=61)
        register_nav_item("feedback:consultations", _("Lấy ý kiến dự thảo"), area=PUBLIC, order=62)
        register_nav_item(
            "feedback:staff-inbox",
            _("Hỏi đáp, phản ánh"),
            order=60,
            description=_("Tiếp nhận, chuyển xử lý, trả lời, duyệt và công khai câu hỏi, phản ánh của người dân."),
        )
        register_nav_item(
            "feedback:staff-consultations",
            _("Lấy ý kiến dự thảo"),
            order=61,
            description=_("Đăng dự thảo, kiểm duyệt và trả lời góp ý, công bố tổng hợp ý kiến."),
        )
