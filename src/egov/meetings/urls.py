from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("lich-cong-tac/", views.public_week, name="schedule"),
    path("lich-cong-tac/man-hinh/", views.lobby_screen, name="screen"),
    path("ban-lam-viec/lich-cong-tac/", views.staff_list, name="staff-schedules"),
    path("ban-lam-viec/lich-cong-tac/<int:pk>/", views.staff_schedule, name="staff-schedule"),
    path("ban-lam-viec/lich-cong-tac/<int:pk>/muc/<int:entry_pk>/", views.staff_schedule, name="staff-entry"),
    path("ban-lam-viec/lich-cong-tac/<int:pk>/muc/<int:entry_pk>/xoa/", views.staff_delete_entry, name="staff-delete"),
    path("ban-lam-viec/lich-cong-tac/<int:pk>/<slug:action>/", views.staff_act, name="staff-act"),
]
