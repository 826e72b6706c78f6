from django.urls import path

from . import views

app_name = "exchange"
urlpatterns = [
    path("api/v1/exchange/inbox/", views.inbox, name="inbox"),
    path("lien-thong/", views.message_list, name="messages"),
    path("lien-thong/<int:pk>/gui-lai/", views.retry, name="retry"),
]
