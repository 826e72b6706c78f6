from django.urls import path

from . import views

app_name = "procedures"
urlpatterns = [
    path("quan-tri/thu-tuc/nhap/", views.import_catalogue, name="import"),
    path("quan-tri/thu-tuc/xuat/", views.export_catalogue, name="export"),
    path("thu-tuc/mau-don/<int:pk>/", views.form_template, name="form-template"),
]
