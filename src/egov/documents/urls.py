"""Staff workspace of official documents; mounted at ``van-ban/`` (``den`` = incoming, ``di`` = outgoing)."""

from django.urls import path

from . import report_views, views, workfile_views

app_name = "documents"
urlpatterns = [
    path("", views.home, name="home"),
    path("tra-cuu/", views.search, name="search"),
    path("den/vao-so/", views.register_incoming, name="incoming-register-form"),
    path("den/<int:pk>/phan-cong/", views.assign, name="incoming-assign"),
    path("den/<int:pk>/giao-lai/", views.reassign, name="incoming-reassign"),
    path("di/du-thao/", views.create_draft, name="outgoing-create"),
    path("di/<int:pk>/phien-ban/", views.add_version, name="outgoing-version"),
    path("di/<int:pk>/y-kien/", views.comment, name="outgoing-comment"),
    path("di/<int:pk>/noi-nhan/", views.edit_recipients, name="outgoing-recipients"),
    path("ho-so/", workfile_views.work_files, name="work-files"),
    path("ho-so/lap/", workfile_views.create_work_file, name="work-file-create"),
    path("ho-so/<int:pk>/", workfile_views.work_file, name="work-file"),
    path("ho-so/<int:pk>/them-van-ban/", workfile_views.work_file_add, name="work-file-add"),
    path("ho-so/<int:pk>/thao-tac/<slug:name>/", workfile_views.work_file_action, name="work-file-action"),
    path("thong-ke/", report_views.statistics, name="statistics"),
    path("thong-ke.xlsx", report_views.statistics_download, name="statistics-xlsx"),
    *[path(f"{box.key}/", views.inbox, {"box": box.key}, name=box.key) for box in views.BOXES],
]
for slug, direction in (("den", "incoming"), ("di", "outgoing")):
    urlpatterns += [
        path(f"{slug}/<int:pk>/", views.detail, {"direction": direction}, name=f"{direction}-detail"),
        path(
            f"{slug}/<int:pk>/thao-tac/<slug:name>/", views.action, {"direction": direction}, name=f"{direction}-action"
        ),
        path(
            f"so-van-ban-{slug}.xlsx", views.register_download, {"direction": direction}, name=f"{direction}-register"
        ),
        path(
            f"so-van-ban-{slug}.pdf",
            report_views.register_pdf_download,
            {"direction": direction},
            name=f"{direction}-register-pdf",
        ),
    ]
