from django.urls import path

from .views import account, apply, catalogue, tracking

app_name = "services_portal"
P = "dich-vu-cong/"
urlpatterns = [
    path(P, catalogue.catalogue, name="catalogue"),
    path(P + "thu-tuc/<int:pk>/", catalogue.procedure_detail, name="procedure"),
    path(P + "dang-ky/", account.register, name="register"),
    path(P + "dang-ky/xac-minh/", account.verify, name="verify"),
    path(P + "dang-ky/gui-lai-ma/", account.resend_code, name="resend-code"),
    path(P + "tai-khoan/", account.profile, name="profile"),
    path(P + "thu-tuc/<int:pk>/nop-truc-tuyen/", apply.start, name="apply"),
    path(P + "ho-so-nhap/<int:pk>/thong-tin/", apply.fields, name="draft-fields"),
    path(P + "ho-so-nhap/<int:pk>/giay-to/", apply.papers, name="draft-papers"),
    path(P + "ho-so-nhap/<int:pk>/xem-lai/", apply.review, name="draft-review"),
    path(P + "ho-so-nhap/<int:pk>/nop/", apply.submit, name="draft-submit"),
    path(P + "tra-cuu/", tracking.track, name="track"),
    path(P + "ho-so-cua-toi/", tracking.my_dossiers, name="my-dossiers"),
    path(P + "ho-so-cua-toi/<int:pk>/", tracking.my_dossier, name="my-dossier"),
    path(P + "ho-so-cua-toi/<int:pk>/bo-sung/", tracking.supplement, name="supplement"),
    path(P + "ho-so-cua-toi/<int:pk>/danh-gia/", tracking.rate, name="rate"),
    path(P + "ho-so-cua-toi/<int:pk>/thanh-toan/", tracking.pay, name="pay"),
    path(P + "ho-so-cua-toi/<int:pk>/ket-qua/<int:result_pk>/", tracking.result_download, name="result"),
]
