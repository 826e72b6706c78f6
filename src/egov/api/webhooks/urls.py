from django.urls import path

from . import pages, receiver

app_name = "webhooks"
urlpatterns = [
    path("quan-tri/webhook/", pages.subscriptions, name="subscriptions"),
    path("quan-tri/webhook/<int:pk>/", pages.subscription, name="subscription"),
    path("quan-tri/webhook/<int:pk>/doi-khoa/", pages.rotate, name="rotate"),
    path("quan-tri/webhook/<int:pk>/gui-thu/", pages.ping, name="ping"),
    path("quan-tri/webhook/<int:pk>/gui-lai-loi/", pages.replay_failed, name="replay-failed"),
    path("quan-tri/webhook/luot-gui/<int:pk>/gui-lai/", pages.replay, name="replay"),
    # The local receiver (demo and tests): 404 unless WEBHOOK_RECEIVER_SIMULATOR is on.
    path("mo-phong/webhook-receiver/", receiver.receive, name="receiver"),
]
