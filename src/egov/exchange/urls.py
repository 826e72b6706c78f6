from django.urls import path

from . import views
from .lgsp import simulator as lgsp_simulator

app_name = "exchange"
urlpatterns = [
    path("api/v1/exchange/inbox/", views.inbox, name="inbox"),
    path("lien-thong/", views.message_list, name="messages"),
    path("lien-thong/<int:pk>/gui-lai/", views.retry, name="retry"),
    # The local LGSP: every call answers 404 unless EGOV_EXCHANGE_LGSP_SIMULATOR is on.
    path("mo-phong/lgsp/<str:operation>", lgsp_simulator.endpoint, name="lgsp-simulator"),
]
