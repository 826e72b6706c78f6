from django.urls import path

from .views import account, apply, catalogue, stats, store, tracking
from .vneid import views as vneid

app_name = "services_portal"
P = "dich-vu-cong/"
urlpatterns = [
    path(P, catalogue.catalogue, name="catalogue"),
    path(P + "thu-tuc/<int:pk>/", catalogue.procedure_detail, name="procedure"),
    path(P + "dang-ky/", account.register, name="register"),
    path(P + "dang-ky/xac-minh/", account.verify, name="verify"),
    path(P + "dang-ky/gui-lai-ma/", account.resend_code, name="resend-code"),
    path(P + "tai-khoan/", account.profile, name="profile"),
    path(P + "tai-khoan/lien-ket-vneid/", account.link_vneid, name="link-vneid"),
    path(P + "thu-tuc/<int:pk>/nop-truc-tuyen/", apply.start, name="apply"),
    path(P + "ho-so-nhap/<int:pk>/thong-tin/", apply.fields, name="draft-fields"),
    path(P + "ho-so-nhap/<int:pk>/giay-to/", apply.papers, name="draft-papers"),
    path(P + "ho-so-nhap/<int:pk>/giay-to/<str:key>/xem/", apply.paper_file, name="draft-paper-file"),
    path(P + "ho-so-nhap/<int:pk>/xem-lai/", apply.review, name="draft-review"),
    path(P + "ho-so-nhap/<int:pk>/nop/", apply.submit, name="draft-submit"),
    path(P + "kho-du-lieu/", store.store, name="store"),
    path(P + "kho-du-lieu/<int:pk>/tep/", store.stored_file, name="stored-file"),
    path(P + "tra-cuu/", tracking.track, name="track"),
    path(P + "thong-ke/", stats.statistics, name="statistics"),
    path(P + "ho-so-cua-toi/", tracking.my_dossiers, name="my-dossiers"),
    path(P + "ho-so-cua-toi/<int:pk>/", tracking.my_dossier, name="my-dossier"),
    path(P + "ho-so-cua-toi/<int:pk>/bo-sung/", tracking.supplement, name="supplement"),
    path(P + "ho-so-cua-toi/<int:pk>/danh-gia/", tracking.rate, name="rate"),
    path(P + "ho-so-cua-toi/<int:pk>/thanh-toan/", tracking.pay, name="pay"),
    path(P + "ho-so-cua-toi/<int:pk>/ket-qua/<int:result_pk>/", tracking.result_download, name="result"),
]

# The VNeID-style identity-provider simulator: its views answer 404 unless VNEID_SIMULATOR is on.
V = "mo-phong/vneid/"
urlpatterns += [
    path(V + ".well-known/openid-configuration", vneid.discovery, name="vneid-discovery"),
    path(V + "xac-thuc/", vneid.authorize, name="vneid-authorize"),
    path(V + "token/", vneid.token, name="vneid-token"),
    path(V + "userinfo/", vneid.userinfo, name="vneid-userinfo"),
    path(V + "jwks/", vneid.jwks_view, name="vneid-jwks"),
]
