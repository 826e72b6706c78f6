"""Staff pages for partner systems, mounted under ``/quan-tri/`` by ``egov.urls``."""

from django.urls import path

from . import pages

app_name = "partners"
urlpatterns = [
    path("he-thong-doi-tac/", pages.partner_list, name="list"),
    path("he-thong-doi-tac/them/", pages.partner_create, name="create"),
    path("he-thong-doi-tac/<int:pk>/", pages.partner_detail, name="detail"),
    path("he-thong-doi-tac/<int:pk>/khoa-moi/", pages.secret_add, name="secret-add"),
    path("he-thong-doi-tac/<int:pk>/khoa/<int:secret_pk>/thu-hoi/", pages.secret_revoke, name="secret-revoke"),
    path("he-thong-doi-tac/<int:pk>/trang-thai/", pages.partner_active, name="active"),
    path("he-thong-doi-tac/nhat-ky-goi/", pages.call_log, name="calls"),
]
