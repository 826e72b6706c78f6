"""Privacy-friendly view counts: one row per page and day, no visitor data at all."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PageViewDaily(models.Model):
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    site_root = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("trang chủ của trang"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("ngày"))
    views = models.PositiveIntegerField(_("lượt xem"), default=0)

    class Meta:
        verbose_name = _("lượt xem theo ngày")
        verbose_name_plural = _("lượt xem theo ngày")
        constraints = [models.UniqueConstraint(fields=["page", "day"], name="cms_pageview_page_day")]
        indexes = [models.Index(fields=["site_root", "day"], name="cms_pageview_site_day")]

    def __str__(self) -> str:
        return f"{self.page_id} {self.day}: {self.views}"
