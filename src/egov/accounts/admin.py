from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .forms import AdminLoginForm
from .models import LoginFailure, StaffRole, User

# The admin's own sign-in is throttled and refuses citizen accounts, like the staff sign-in page.
admin.site.login_form = AdminLoginForm


class StaffRoleInline(admin.TabularInline):
    model = StaffRole
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [StaffRoleInline]
    list_display = ("username", "full_name", "kind", "email", "official", "is_active", "is_staff")
    list_filter = ("kind", "roles__role", "is_active", "is_staff", "is_superuser")
    search_fields = ("username", "full_name", "email", "phone", "oidc_subject", "verified_id_number")
    raw_id_fields = ("official",)
    readonly_fields = ("verified_id_number",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("full_name", "email", "phone")}),
        (_("Tài khoản"), {"fields": ("kind", "official", "oidc_subject", "verified_id_number")}),
        (
            _("Quyền quản trị Django"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Thời điểm"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "kind", "usable_password", "password1", "password2")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("official")


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    """Read-only; deleting rows unlocks a username or address before its window passes."""

    list_display = ("username", "ip_address", "at")
    search_fields = ("username", "ip_address")
    date_hierarchy = "at"
    readonly_fields = ("username", "ip_address", "at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
