"""IT plans under ``/ke-hoach-cntt/`` and periodic reports under ``/bao-cao-dinh-ky/`` (mounted at "")."""

from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("ke-hoach-cntt/", views.plan_list, name="plan-list"),
    path("ke-hoach-cntt/nhap/", views.plan_import, name="plan-import"),
    path("ke-hoach-cntt/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("ke-hoach-cntt/<int:pk>/ke-hoach.xlsx", views.plan_xlsx, name="plan-xlsx"),
    path("ke-hoach-cntt/<int:pk>/cap-nhat-so-lieu/", views.plan_refresh, name="plan-refresh"),
    path("ke-hoach-cntt/<int:plan_pk>/chi-tieu/<int:pk>/nhap-ket-qua/", views.indicator_entry, name="indicator-entry"),
    path("ke-hoach-cntt/<int:plan_pk>/chi-tieu/<int:pk>/danh-gia/", views.indicator_assess, name="indicator-assess"),
    path("ke-hoach-cntt/du-an/<int:pk>/tien-do/", views.progress, {"kind": "project"}, name="project-progress"),
    path("ke-hoach-cntt/nhiem-vu/<int:pk>/tien-do/", views.progress, {"kind": "task"}, name="task-progress"),
    path("bao-cao-dinh-ky/", views.report_list, name="report-list"),
    path("bao-cao-dinh-ky/<int:pk>/", views.submission_detail, name="submission-detail"),
    path("bao-cao-dinh-ky/<int:pk>/thao-tac/<slug:name>/", views.submission_action, name="submission-action"),
    path("bao-cao-dinh-ky/<int:pk>/lay-so-lieu/", views.submission_refill, name="submission-refill"),
    path("bao-cao-dinh-ky/che-do/<int:pk>/mo-ky/", views.open_period, name="open-period"),
    path("bao-cao-dinh-ky/che-do/<int:pk>/tong-hop/<str:start>/", views.report_summary, name="report-summary"),
    path(
        "bao-cao-dinh-ky/che-do/<int:pk>/tong-hop/<str:start>/tong-hop.xlsx",
        views.report_summary_xlsx,
        name="report-summary-xlsx",
    ),
]
