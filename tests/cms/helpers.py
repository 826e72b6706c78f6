"""A small portal for the cms tests: a province portal at "/", component sites of agencies A and B with
their news, editorial accounts on each site."""

import io
from datetime import date

from django.conf import settings
from django.core.files.images import ImageFile
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from egov.accounts.models import Role
from egov.agencies.models import Agency
from egov.cms import services
from egov.cms.models import AgencySiteHomePage, NewsIndexPage, NewsPage, PortalHomePage
from factories import AdministrativeUnitFactory, AgencyFactory, StaffUserFactory


def tree_root() -> Page:
    """Wagtail's root page (a transactional test's flush removes the one the migrations made)."""
    from wagtail.models import Collection

    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


def publish(page, user=None):
    page.save_revision(user=user).publish(user=user)
    return page


def png_image(title="Ảnh thử"):
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 36), (11, 74, 139)).save(buffer, "PNG")
    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name="thu.png"))


class CmsWorld:
    """The cms domain's world: a province portal, component sites of agencies A and B, editorial accounts.

    (Not the services portal: that one is ``services_portal.portal_factories.PortalWorld``, a OneStopWorld.)
    """

    def __init__(self):
        self.unit = AdministrativeUnitFactory(code="98", name="Tỉnh Cổng Thử")
        self.province = AgencyFactory(
            code="000.00.00.H98",
            name="Ủy ban nhân dân tỉnh Cổng Thử",
            kind=Agency.Kind.PEOPLES_COMMITTEE,
            administrative_unit=self.unit,
        )
        self.agency_a = AgencyFactory(name="Sở Tư pháp", parent=self.province, administrative_unit=self.unit)
        self.agency_b = AgencyFactory(name="Sở Nội vụ", parent=self.province, administrative_unit=self.unit)
        self.admin = StaffUserFactory(username="quantri.cms", is_superuser=True, roles=[Role.SYSTEM_ADMIN])
        root = tree_root()
        for page in root.get_children().filter(depth=2):
            if not isinstance(page.specific, PortalHomePage):
                Site.objects.filter(root_page=page).delete()
                page.delete()
        self.portal = PortalHomePage(title="Cổng thông tin điện tử tỉnh Cổng Thử", slug="cong", intro="Tin chính thức.")
        root.add_child(instance=self.portal)
        publish(self.portal)
        Site.objects.update_or_create(
            is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": self.portal}
        )
        self.news = self._index(self.portal)
        self.site_a = self._site(self.agency_a, "so-a")
        self.site_b = self._site(self.agency_b, "so-b")
        self.news_a = NewsIndexPage.objects.child_of(self.site_a).get()
        self.news_b = NewsIndexPage.objects.child_of(self.site_b).get()

    def _index(self, parent):
        index = NewsIndexPage(title="Tin tức", slug="tin-tuc", show_in_menus=True)
        parent.add_child(instance=index)
        return publish(index)

    def _site(self, agency, slug):
        site = AgencySiteHomePage(title=agency.name, slug=slug, agency=agency)
        self.portal.add_child(instance=site)
        publish(site)
        self._index(site)
        return site

    def news_page(self, index=None, title="Khai trương dịch vụ công mới", *, live=True, user=None, **fields):
        index = index or self.news
        fields.setdefault("summary", f"Tóm tắt: {title}")
        fields.setdefault("date", date(2026, 11, 2))
        page = NewsPage(title=title, live=live, owner=user, **fields)
        index.add_child(instance=page)
        if live:
            publish(page, user)
        else:
            page.save_revision(user=user)
        return page

    def editor(self, username, site, role, agency=None):
        user = StaffUserFactory(username=username, official__agency=agency or site.agency, roles=[Role.SPECIALIST])
        services.grant_site_role(user, site, role, actor=self.admin)
        return user
