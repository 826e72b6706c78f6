"""The portal's page tree (Wagtail).

Tree: Root → ``PortalHomePage`` (the province portal, served at "/") → news, introduction, standard pages,
one ``AgencySiteHomePage`` per agency (component site, e.g. ``/so-tu-phap/``) and an English section
(a second ``PortalHomePage`` with slug ``en``, see ``section_language``).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

ENGLISH_SLUG = "en"  # a PortalHomePage with this slug right under the portal home is the English section
CARD_RENDITION = "fill-480x270"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Ảnh"))
    alt = blocks.CharBlock(label=_("Mô tả ảnh (văn bản thay thế)"), max_length=200)
    caption = blocks.CharBlock(label=_("Chú thích"), required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "cms/blocks/image.html"


def body_blocks():
    """A deliberately small set of blocks: headings, rich text and images with alt text."""
    return [
        ("heading", blocks.CharBlock(label=_("Tiêu đề mục"), form_classname="title", max_length=200)),
        (
            "paragraph",
            blocks.RichTextBlock(label=_("Đoạn văn"), features=["bold", "italic", "link", "ol", "ul", "document-link"]),
        ),
        ("image", ImageBlock(label=_("Ảnh"))),
    ]


def section_language(page) -> str:
    """ "en" inside the English section, else "vi"; read from the url path, so it costs no query."""
    parts = [p for p in (page.url_path or "").split("/") if p]
    return "en" if len(parts) >= 2 and parts[1] == ENGLISH_SLUG else "vi"


class PortalPage(Page):
    """Base of every portal page: served in its section's language, menu of its site."""

    class Meta:
        abstract = True

    def site_home(self):
        """The nearest home (agency site or portal) above or at this page (one query)."""
        if isinstance(self, (PortalHomePage, AgencySiteHomePage)):
            return self
        homes = self.get_ancestors().type(PortalHomePage, AgencySiteHomePage).order_by("-depth")
        home = homes.first()
        return home.specific if home else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        home = self.site_home()
        context["site_home"] = home
        context["site_menu"] = list(home.get_children().live().in_menu()) if home else []
        return context

    def serve(self, request, *args, **kwargs):
        request.cms_page = self  # read by the cache and the view counter (cms.cache)
        language = section_language(self)
        with translation.override(language):
            response = super().serve(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
        response.headers["Content-Language"] = language
        return response


class HomePageBase(PortalPage):
    intro = models.TextField(_("lời giới thiệu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        abstract = True

    def latest_news(self, limit: int = 6):
        return news_queryset(NewsPage.objects.live().descendant_of(self))[:limit]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = list(self.latest_news())
        context["news_index"] = NewsIndexPage.objects.live().child_of(self).first()
        return context


class PortalHomePage(HomePageBase):
    """The province portal's home (and the English section's home)."""

    parent_page_types = ["wagtailcore.Page", "cms.PortalHomePage"]
    subpage_types = [
        "cms.NewsIndexPage",
        "cms.StandardPage",
        "cms.IntroductionPage",
        "cms.AgencySiteHomePage",
        "cms.PortalHomePage",
    ]
    template = "cms/portal_home_page.html"

    class Meta:
        verbose_name = _("trang chủ cổng thông tin")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["agency_sites"] = list(
            AgencySiteHomePage.objects.live().child_of(self).select_related("agency").order_by("title")
        )
        return context


class AgencySiteHomePage(HomePageBase):
    """A component site of one agency; its editors' permissions stop at this subtree."""

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="cms_sites"
    )

    parent_page_types = ["cms.PortalHomePage"]
    subpage_types = ["cms.NewsIndexPage", "cms.StandardPage", "cms.IntroductionPage"]
    content_panels = HomePageBase.content_panels + [FieldPanel("agency")]
    template = "cms/agency_site_home_page.html"

    class Meta:
        verbose_name = _("trang chủ trang thành phần")


class StandardPage(PortalPage):
    intro = models.TextField(_("tóm tắt"), blank=True)
    body = StreamField(body_blocks(), verbose_name=_("nội dung"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    subpage_types = ["cms.StandardPage"]
    template = "cms/standard_page.html"

    class Meta:
        verbose_name = _("trang nội dung")


@register_snippet
class NewsCategory(models.Model):
    name = models.CharField(_("tên chuyên mục"), max_length=100, unique=True)
    slug = models.SlugField(_("đường dẫn"), max_length=100, unique=True, allow_unicode=False)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        verbose_name = _("chuyên mục tin")
        verbose_name_plural = _("chuyên mục tin")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def news_queryset(queryset):
    """News with what a list shows, in a fixed number of queries (image renditions prefetched)."""
    from wagtail.images import get_image_model

    images = get_image_model().objects.prefetch_renditions(CARD_RENDITION)
    return queryset.order_by("-date", "-pk").prefetch_related(Prefetch("main_image", queryset=images), "categories")


class NewsIndexPage(PortalPage):
    intro = models.TextField(_("lời giới thiệu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.PortalHomePage", "cms.AgencySiteHomePage"]
    subpage_types = ["cms.NewsPage"]
    template = "cms/news_index_page.html"
    PER_PAGE = 10

    class Meta:
        verbose_name = _("danh sách tin tức")

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        context = super().get_context(request, *args, **kwargs)
        news = NewsPage.objects.live().child_of(self)
        category = NewsCategory.objects.filter(slug=request.GET.get("chuyen-muc", "")).first()
        if category:
            news = news.filter(categories=category)
        context["category"] = category
        context["categories"] = list(NewsCategory.objects.all())
        context["page_obj"] = Paginator(news_queryset(news), self.PER_PAGE).get_page(request.GET.get("page"))
        context["feed_home"] = context["site_home"]
        return context


class NewsPage(PortalPage):
    date = models.DateField(_("ngày đăng"), default=timezone.localdate)
    summary = models.TextField(_("tóm tắt"), max_length=500)
    main_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh đại diện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    main_image_alt = models.CharField(
        _("mô tả ảnh đại diện"),
        max_length=200,
        blank=True,
        help_text=_("Bắt buộc khi có ảnh: mô tả nội dung ảnh cho người khiếm thị."),
    )
    categories = ParentalManyToManyField(NewsCategory, verbose_name=_("chuyên mục"), blank=True)
    body = StreamField(body_blocks(), verbose_name=_("nội dung"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("main_image"),
        FieldPanel("main_image_alt"),
        FieldPanel("categories"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types = []
    template = "cms/news_page.html"

    class Meta:
        verbose_name = _("tin tức")
        verbose_name_plural = _("tin tức")

    def clean(self):
        super().clean()
        if self.main_image_id and not self.main_image_alt.strip():
            raise ValidationError({"main_image_alt": _("Hãy nhập mô tả cho ảnh đại diện (văn bản thay thế).")})


class IntroductionPage(PortalPage):
    """ "Giới thiệu": text plus the organisation chart read from the agency directory."""

    intro = models.TextField(_("lời giới thiệu"), blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("cơ quan (gốc sơ đồ tổ chức)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = StreamField(body_blocks(), verbose_name=_("nội dung"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("agency"), FieldPanel("body")]
    subpage_types = []
    template = "cms/introduction_page.html"

    class Meta:
        verbose_name = _("trang giới thiệu")

    def get_context(self, request, *args, **kwargs):
        from egov.cms.orgchart import organisation_chart

        context = super().get_context(request, *args, **kwargs)
        context["chart"] = organisation_chart(self.agency)
        return context
