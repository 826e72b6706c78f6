from django.urls import path

from . import otp_views, views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.StaffLoginView.as_view(), name="staff-login"),
    path("cong-dan/dang-nhap/", views.CitizenLoginView.as_view(), name="citizen-login"),
    path("dang-nhap/sso/", views.start_staff_oidc, name="staff-oidc"),
    path("cong-dan/dang-nhap/vneid/", views.start_citizen_oidc, name="citizen-oidc"),
    path("dang-xuat/", views.SignOutView.as_view(), name="logout"),
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password-change"),
    path("doi-mat-khau/xong/", views.PasswordChangeDoneView.as_view(), name="password-change-done"),
    path("quen-mat-khau/", views.PasswordResetView.as_view(), name="password-reset"),
    path("quen-mat-khau/da-gui/", views.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("dat-lai-mat-khau/xong/", views.PasswordResetCompleteView.as_view(), name="password-reset-complete"),
    path("tai-khoan/", otp_views.account, name="account"),
    path("tai-khoan/dang-xuat-moi-noi/", otp_views.logout_everywhere, name="logout-everywhere"),
    path("xac-thuc-hai-buoc/", otp_views.otp_verify, name="otp-verify"),
    path("xac-thuc-hai-buoc/dang-ky/", otp_views.otp_enrol, name="otp-enrol"),
    path("xac-thuc-hai-buoc/tat/", otp_views.otp_disable, name="otp-disable"),
]
