"""Staff workspace of the one-stop back office; mounted with ``path("mot-cua/", include("egov.dossiers.urls"))``."""

from django.urls import path

from . import views
from .views.documents import dossier_file, register_download, result_file

app_name = "dossiers"
urlpatterns = [
    path("", views.inbox_home, name="home"),
    path("tiep-nhan/", views.inbox, {"box": "receive"}, name="receive"),
    path("cho-phan-cong/", views.inbox, {"box": "assign"}, name="assign"),
    path("can-xu-ly/", views.inbox, {"box": "process"}, name="process"),
    path("cho-phe-duyet/", views.inbox, {"box": "approve"}, name="approve"),
    path("cho-tra-ket-qua/", views.inbox, {"box": "return"}, name="return"),
    path("qua-han/", views.inbox, {"box": "overdue"}, name="overdue"),
    path("tra-cuu/", views.inbox, {"box": "all"}, name="search"),
    path("tiep-nhan/truc-tiep/", views.intake_start, name="intake"),
    path("tiep-nhan/truc-tiep/<int:procedure_id>/", views.intake_form, name="intake-form"),
    path("ho-so/<int:pk>/", views.dossier_detail, name="detail"),
    path("ho-so/<int:pk>/thao-tac/<slug:action>/", views.dossier_action, name="action"),
    path("ho-so/<int:pk>/bieu-mau/<slug:name>.pdf", views.dossier_document, name="document"),
    path("ho-so/<int:pk>/tep/<int:attachment_id>/", dossier_file, name="file"),
    path("ho-so/<int:pk>/ket-qua/<int:result_pk>/", result_file, name="result-file"),
    path("thong-ke/", views.stats_page, name="stats"),
    path("thong-ke.xlsx", views.stats_xlsx, name="stats-xlsx"),
    path("so-theo-doi.xlsx", register_download, {"fmt": "xlsx"}, name="register-xlsx"),
    path("so-theo-doi.pdf", register_download, {"fmt": "pdf"}, name="register-pdf"),
]
