from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("bao-cao/", views.home, name="home"),
    path("bao-cao/toan-tinh/", views.province, name="province"),
    path("bao-cao/co-quan/<int:pk>/", views.agency, name="agency"),
    path("bao-cao/dinh-nghia-chi-so/", views.definitions_page, name="definitions"),
    path("bao-cao/chi-so-766/", views.index_page, name="index766"),
    path("bao-cao/chi-so-766/<int:pk>/", views.index_detail, name="index766-detail"),
    path("bao-cao/chi-tiet/", views.drill_page, name="drill"),
    path("bao-cao/tai-ve.<str:fmt>", views.export, name="export"),
]
