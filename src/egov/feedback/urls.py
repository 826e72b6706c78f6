from django.urls import path

from .views import consultations, public, staff

app_name = "feedback"
urlpatterns = [
    # public: questions and feedback
    path("hoi-dap/", public.questions, name="questions"),
    path("hoi-dap/gui-cau-hoi/", public.ask, name="ask"),
    path("hoi-dap/tra-cuu/", public.track, name="track"),
    path("hoi-dap/danh-gia/<str:token>/", public.rate, name="rate"),
    path("hoi-dap/<int:pk>/", public.question, name="question"),
    path("phan-anh-kien-nghi/", public.feedback_list, name="feedback-list"),
    path("phan-anh-kien-nghi/gui/", public.send_feedback, name="send-feedback"),
    path("phan-anh-kien-nghi/<int:pk>/", public.feedback, name="feedback"),
    # public: consultation on drafts
    path("du-thao/", consultations.public_list, name="consultations"),
    path("du-thao/<int:pk>/", consultations.public_detail, name="consultation"),
    path("du-thao/<int:pk>/tep/", consultations.draft_file, name="consultation-file"),
    # staff
    path("ban-lam-viec/hoi-dap/", staff.inbox, name="staff-inbox"),
    path("ban-lam-viec/hoi-dap/<int:pk>/", staff.detail, name="staff-detail"),
    path("ban-lam-viec/hoi-dap/<int:pk>/tep/", staff.attachment, name="staff-attachment"),
    path("ban-lam-viec/hoi-dap/<int:pk>/<slug:action>/", staff.act, name="staff-act"),
    path("ban-lam-viec/du-thao/", consultations.staff_list, name="staff-consultations"),
    path("ban-lam-viec/du-thao/moi/", consultations.staff_create, name="staff-consultation-create"),
    path("ban-lam-viec/du-thao/<int:pk>/", consultations.staff_detail, name="staff-consultation"),
    path(
        "ban-lam-viec/du-thao/<int:pk>/thao-tac/<slug:action>/", consultations.staff_act, name="staff-consultation-act"
    ),
    path(
        "ban-lam-viec/du-thao/<int:pk>/gop-y/<int:comment_pk>/",
        consultations.staff_comment,
        name="staff-consultation-comment",
    ),
]
