from django.urls import path

from . import views

app_name = "postal"
urlpatterns = [
    path("mot-cua/ho-so/<int:pk>/buu-chinh/", views.dossier_postal, name="dossier"),
    path("mot-cua/buu-chinh/<int:pk>/phieu-ban-giao/", views.handover_slip, name="slip"),
]
