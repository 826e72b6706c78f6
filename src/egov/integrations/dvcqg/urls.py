from django.urls import path

from . import simulator, views

app_name = "dvcqg"
urlpatterns = [
    path("quan-tri/dvcqg/", views.overview, name="sync"),
    path("quan-tri/dvcqg/<int:pk>/gui-lai/", views.retry, name="retry"),
    path("quan-tri/dvcqg/thu-tuc/", views.mapping, name="mapping"),
    path("quan-tri/dvcqg/doi-soat/", views.reconciliation, name="reconcile"),
    path("mot-cua/ho-so/<int:pk>/dong-bo-dvcqg/", views.dossier_sync, name="dossier"),
    path("api/v1/dvcqg/ho-so/", views.push, name="push"),
    # The simulator: every view answers 404 unless DVCQG_SIMULATOR is on.
    path("mo-phong/dvcqg/xac-thuc/", simulator.auth, name="sim-auth"),
    path("mo-phong/dvcqg/api/", simulator.api, name="sim-api"),
]
