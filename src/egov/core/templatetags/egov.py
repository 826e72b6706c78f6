"""Template helpers shared by every page: ``{% load egov %}``.

Navigation is a registry (``NAVIGATION``, a ``core.registry.Registry`` keyed by (area, url name)): an app
adds its pages with ``register_nav_item(...)`` from its ``AppConfig.ready()``; panels likewise (``PANELS``).
An item whose url name does not resolve is left out, so a link to a page that is not installed yet breaks
nothing.
"""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from egov.accounts.decorators import user_has_role
from egov.core.registry import Registry

register = template.Library()

STAFF = "staff"
PUBLIC = "public"


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str
    area: str = STAFF  # "staff": workspace sidebar; "public": portal navigation
    roles: tuple[str, ...] = ()  # staff: any of these roles (superusers always); () = every staff user
    order: int = 100
    description: str = ""  # shown on the workspace shortcut cards


NAVIGATION: Registry[NavItem] = Registry("navigation")


def register_nav_item(
    url_name: str,
    label,
    *,
    area: str = STAFF,
    roles: tuple[str, ...] = (),
    order: int = 100,
    description="",
) -> None:
    """Add (or replace) a navigation link; ``label``/``description`` should be lazy translations."""
    NAVIGATION.register(
        (area, url_name), NavItem(url_name, label, area, tuple(roles), order, description), replace=True
    )


register_nav_item("core:home", _("Trang chủ"), area=PUBLIC, order=0)
register_nav_item("core:workspace", _("Bàn làm việc"), order=0)


def url_or_empty(url_name: str, *args) -> str:
    try:
        return reverse(url_name, args=args or None)
    except NoReverseMatch:
        return ""


@register.simple_tag
def url_or_none(url_name: str, *args) -> str:
    """``{% url_or_none "app:name" as link %}{% if link %}...``: '' when the url does not exist."""
    return url_or_empty(url_name, *args)


def _visible(item: NavItem, user) -> bool:
    if item.area == PUBLIC:
        return True
    return user_has_role(user, *item.roles)


@register.simple_tag(takes_context=True)
def navigation(context, area: str = STAFF) -> list[dict]:
    """The links of ``area`` the current user may see: dicts with url, label, description, current."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    path = getattr(request, "path", "")
    links = []
    for item in sorted((i for i in NAVIGATION.all() if i.area == area), key=lambda i: (i.order, i.url_name)):
        url = url_or_empty(item.url_name)
        if not url or user is None or not _visible(item, user):
            continue
        links.append(
            {
                "url": url,
                "url_name": item.url_name,
                "label": item.label,
                "description": item.description,
                "current": path == url,
            }
        )
    return links


@register.filter
def has_role(user, roles: str) -> bool:
    """``{% if user|has_role:"system_admin,agency_admin" %}``: staff with one of the roles."""
    return user_has_role(user, *[r.strip() for r in roles.split(",") if r.strip()])


@register.filter
def is_staff_user(user) -> bool:
    """``{% if user|is_staff_user %}``: a signed-in, active staff (official) account."""
    return user_has_role(user)


ALERT_LABELS = {
    "error": _("Lỗi"),
    "warning": _("Lưu ý"),
    "success": _("Thành công"),
    "info": _("Thông tin"),
    "debug": _("Thông tin"),
}


@register.filter
def alert_label(level_tag: str) -> str:
    """The word shown before an alert's text, so that its meaning does not rest on colour alone."""
    return ALERT_LABELS.get(level_tag, ALERT_LABELS["info"])


@register.filter
def alert_class(level_tag: str) -> str:
    return level_tag if level_tag in ("error", "warning", "success") else "info"


@register.simple_tag(takes_context=True)
def page_url(context, number) -> str:
    """The current url with ``page`` set to ``number`` and every other query parameter kept."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else {}
    if hasattr(query, "setlist"):
        query["page"] = number
        return "?" + query.urlencode()
    return f"?page={number}"


@register.simple_tag
def site_info() -> dict:
    """Province name and contact details for the header and footer (optional settings)."""
    return {
        "province_name": getattr(settings, "EGOV_PROVINCE_NAME", ""),
        "address": getattr(settings, "EGOV_CONTACT_ADDRESS", ""),
        "phone": getattr(settings, "EGOV_CONTACT_PHONE", ""),
        "email": getattr(settings, "EGOV_CONTACT_EMAIL", ""),
    }


@dataclass(frozen=True)
class StaffProfile:
    official: object | None
    agency: object | None
    department: object | None
    role_labels: tuple[str, ...]


def staff_profile_of(user) -> StaffProfile | None:
    """The signed-in staff user's official record, agency and role names (one query, kept on the user)."""
    if not user_has_role(user):
        return None
    cached = getattr(user, "_egov_staff_profile", None)
    if cached is not None:
        return cached
    official = None
    if user.official_id:
        from egov.agencies.models import Official

        official = Official.objects.select_related("agency", "department", "position").get(pk=user.official_id)
    from egov.accounts.models import Role

    labels = tuple(str(Role(code).label) for code in sorted(user.role_codes) if code in Role.values)
    profile = StaffProfile(official, getattr(official, "agency", None), getattr(official, "department", None), labels)
    user._egov_staff_profile = profile
    return profile


@register.simple_tag
def staff_profile(user) -> StaffProfile | None:
    """``{% staff_profile user as profile %}``: official, agency, department, role_labels (or None)."""
    return staff_profile_of(user)


@register.filter
def elided_page_range(paginator, number):
    """``paginator|elided_page_range:page_obj.number``: 1 … 4 5 [6] 7 8 … 20."""
    return paginator.get_elided_page_range(number, on_each_side=2, on_ends=1)


# --- Panels: an app adds a block to another app's page without that app importing it -----------------


@dataclass(frozen=True)
class Panel:
    template_name: str
    context: object = None  # callable(obj, request) -> dict, or None
    order: int = 100


PANELS: Registry[Panel] = Registry("panels")  # keyed by (slot, template name)


def register_panel(slot: str, template_name: str, *, context=None, order: int = 100) -> None:
    """Show ``template_name`` in every page that renders ``{% panels slot obj %}`` (e.g. the exchange
    status of an outgoing document on the documents page). ``context(obj, request)`` returns extra context;
    returning ``None`` hides the panel for that object."""
    PANELS.register((slot, template_name), Panel(template_name, context, order), replace=True)


@register.simple_tag(takes_context=True)
def panels(context, slot: str, obj=None) -> str:
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    request = context.get("request")
    parts = []
    mine = [panel for (name, _template), panel in PANELS.items() if name == slot]
    for panel in sorted(mine, key=lambda p: (p.order, p.template_name)):
        extra = panel.context(obj, request) if panel.context else {}
        if extra is None:
            continue
        parts.append(render_to_string(panel.template_name, {"object": obj, **extra}, request=request))
    return mark_safe("".join(parts))
