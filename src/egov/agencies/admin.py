"""Django admin for the agency tree and the directory. Lists are scoped like every staff query
(``for_user`` / ``visible_agencies``); tree changes go through ``services``."""

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import services
from .models import AdministrativeUnit, Agency, Official, Position
from .scoping import scope_of, visible_agency_ids
from .tree import tree_label


class TreeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return tree_label(obj)


def scoped_agencies(user) -> QuerySet:
    """Agencies the admin user may see and pick (all of them for a system administrator)."""
    queryset = Agency.objects.order_by("path")
    if scope_of(user).everything:
        return queryset
    return queryset.filter(pk__in=visible_agency_ids(user))


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")
    list_select_related = ("parent",)
    raw_id_fields = ("parent",)


class AgencyAdminForm(forms.ModelForm):
    website = forms.URLField(label=_("trang thông tin"), required=False, assume_scheme="https")

    class Meta:
        model = Agency
        fields = (
            "code",
            "name",
            "abbreviation",
            "kind",
            "parent",
            "administrative_unit",
            "address",
            "phone",
            "email",
            "website",
            "sort_order",
        )
        help_texts = {
            "code": _(
                "Ví dụ 000.00.00.H12: các nhóm chữ số và chữ in hoa (0-9, A-Z) nối bằng dấu chấm, tối đa 35 ký tự."
            ),
        }
        error_messages = {"code": {"unique": _("Mã định danh này đã được dùng cho một cơ quan khác.")}}


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    form = AgencyAdminForm
    list_display = ("tree_name", "code", "abbreviation", "kind", "administrative_unit", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name", "abbreviation")
    list_select_related = ("administrative_unit",)
    ordering = ("path",)
    readonly_fields = ("is_active",)
    list_per_page = 100
    actions = ("deactivate",)

    @admin.display(description=_("tên cơ quan"), ordering="path")
    def tree_name(self, obj):
        return format_html('<span style="padding-left: {}em">{}</span>', obj.depth * 1.5, obj.name)

    def get_queryset(self, request):
        return scoped_agencies(request.user).select_related("administrative_unit")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = scoped_agencies(request.user).filter(is_active=True)
            kwargs["form_class"] = TreeChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            fields = {name: data[name] for name in AgencyAdminForm.Meta.fields}
            created = services.create_agency(**fields, actor=request.user)
            obj.pk, obj.path, obj._state.adding = created.pk, created.path, False
            return
        agency = Agency.objects.get(pk=obj.pk)
        changed = {name: data[name] for name in form.changed_data if name in services.EDITABLE_FIELDS}
        if changed:
            services.update_agency(agency, actor=request.user, **changed)
        if "parent" in form.changed_data:
            services.move_agency(agency, data["parent"], actor=request.user)
        obj.refresh_from_db()

    @admin.action(description=_("Ngừng hoạt động (cả các đơn vị cấp dưới)"))
    def deactivate(self, request, queryset):
        count = sum(services.deactivate_agency(agency, actor=request.user) for agency in queryset)
        message = gettext("Đã ngừng hoạt động %(count)d cơ quan, đơn vị.") % {"count": count}
        self.message_user(request, message, messages.SUCCESS)


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ("name", "rank", "is_leader")
    list_editable = ("rank", "is_leader")
    search_fields = ("name",)


class OfficialAdminForm(forms.ModelForm):
    class Meta:
        model = Official
        fields = ("full_name", "agency", "department", "position", "email", "phone", "is_focal_point", "is_active")


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    form = OfficialAdminForm
    list_display = ("full_name", "position", "agency", "department", "phone", "email", "is_focal_point", "is_active")
    list_filter = ("is_active", "is_focal_point", "position")
    search_fields = ("full_name", "email", "phone", "agency__name", "agency__code")
    list_select_related = ("position", "agency", "department")

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in ("agency", "department"):
            queryset = scoped_agencies(request.user).filter(is_active=True)
            if db_field.name == "department":
                queryset = queryset.departments()
            else:
                queryset = queryset.exclude(kind=Agency.Kind.DEPARTMENT)
            kwargs["queryset"] = queryset
            kwargs["form_class"] = TreeChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
