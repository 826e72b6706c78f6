"""Staff workspace of official documents; mounted at ``van-ban/`` (``den`` = incoming, ``di`` = outgoing)."""

from django.urls import path

from . import views

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
    ]
