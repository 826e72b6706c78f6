import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation
from django.views import View
from django.views.defaults import permission_denied

from egov.accounts.decorators import StaffRequiredMixin, role_required, staff_required, user_has_role
from egov.accounts.models import Role
from factories import StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db


@role_required(Role.CLERK, Role.AGENCY_LEADER)
def clerk_view(request):
    return HttpResponse("ok")


@staff_required
def staff_view(request):
    return HttpResponse("ok")


class LeaderView(StaffRequiredMixin, View):
    required_roles = (Role.AGENCY_LEADER,)

    def get(self, request):
        return HttpResponse("ok")


def request_as(user):
    request = RequestFactory().get("/viec/")
    request.user = user
    return request


def test_anonymous_is_sent_to_staff_sign_in():
    for view in (clerk_view, staff_view, LeaderView.as_view()):
        response = view(request_as(AnonymousUser()))
        assert response.status_code == 302
        assert response.url == "/dang-nhap/?next=/viec/"


def test_citizens_are_refused():
    citizen = UserFactory()
    for view in (clerk_view, staff_view, LeaderView.as_view()):
        with pytest.raises(PermissionDenied):
            view(request_as(citizen))


def test_roles_are_checked():
    specialist = StaffUserFactory(roles=[Role.SPECIALIST])
    assert staff_view(request_as(specialist)).status_code == 200
    with pytest.raises(PermissionDenied):
        clerk_view(request_as(specialist))
    assert clerk_view(request_as(StaffUserFactory(roles=[Role.CLERK]))).status_code == 200
    assert LeaderView.as_view()(request_as(StaffUserFactory(roles=[Role.AGENCY_LEADER]))).status_code == 200


def test_superuser_passes_role_checks_but_inactive_staff_does_not():
    assert user_has_role(StaffUserFactory(is_superuser=True, roles=[Role.SPECIALIST]), Role.SYSTEM_ADMIN)
    assert not user_has_role(StaffUserFactory(is_active=False), Role.SPECIALIST)


def test_forbidden_page_is_vietnamese():
    request = request_as(UserFactory())
    with translation.override("vi"):
        response = permission_denied(request, PermissionDenied())
    html = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="vi">' in html and "Không có quyền truy cập" in html
