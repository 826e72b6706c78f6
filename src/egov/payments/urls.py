from django.urls import path

from . import views

app_name = "payments"
urlpatterns = [
    path("ipn/<slug:gateway>/", views.ipn, name="ipn"),
    path("ket-qua/<slug:gateway>/", views.payment_return, name="return"),
    path("mo-phong/", views.simulator, name="simulator"),
    path("bien-lai/<slug:reference>/", views.receipt, name="receipt"),
    path("doi-soat/", views.reconciliation, name="reconciliation"),
]
