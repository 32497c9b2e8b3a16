from django.urls import path

from . import views

app_name = "discussions"

C = "espaces/<slug:slug>/conference/"

urlpatterns = [
    path(C, views.thread_list, name="threads"),
    path(f"{C}nouveau/", views.thread_new, name="new"),
    path(f"{C}reunion/", views.meeting_requests, name="meeting_requests"),
    path(f"{C}reglages/", views.conference_settings, name="settings"),
    path(f"{C}pieces/<int:attachment_id>/", views.attachment, name="attachment"),
    path(f"{C}<int:thread_id>/", views.thread_detail, name="thread"),
    path(f"{C}<int:thread_id>/moi-aussi/", views.support, name="support"),
    path(
        f"{C}<int:thread_id>/reponses/<int:reply_id>/solution/",
        views.solution,
        name="solution",
    ),
    path(f"{C}<int:thread_id>/ordre-du-jour/", views.to_agenda, name="to_agenda"),
]
