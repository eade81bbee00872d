from django.urls import path

from workbench import views
from workbench.models import Draft

app_name = "workbench"

PROMOTION = {"kind": Draft.Kind.PROMOTION}
SELF_REVIEW = {"kind": Draft.Kind.SELF_REVIEW}
ACCOMPLISHMENTS = {"kind": Draft.Kind.ACCOMPLISHMENTS}

urlpatterns = [
    path("", views.log, name="log"),
    path("about/", views.about, name="about"),
    path("entries/new/", views.add_entry, name="add_entry"),
    path("entries/quick/", views.quick_add, name="quick_add"),
    path("entries/<int:pk>/edit/", views.edit_entry, name="edit_entry"),
    path("entries/<int:pk>/delete/", views.delete_entry, name="delete_entry"),
    path("readiness/", views.readiness, name="readiness"),
    path("peers/", views.peers, name="peers"),
    path("peers/<int:pk>/", views.peers, name="edit_peer"),
    path("peers/<int:pk>/delete/", views.delete_peer, name="delete_peer"),
    path("feedback/", views.composer, name="composer"),
    path("feedback/<int:pk>/", views.composer, name="edit_feedback"),
    path("feedback/<int:pk>/delete/", views.delete_feedback, name="delete_feedback"),
    path("draft/", views.document, PROMOTION, name="draft"),
    path("draft/download/", views.document_download, PROMOTION, name="draft_download"),
    path("draft/print/", views.document_print, PROMOTION, name="draft_print"),
    path("self-review/", views.document, SELF_REVIEW, name="self_review"),
    path(
        "self-review/download/", views.document_download, SELF_REVIEW, name="self_review_download"
    ),
    path("self-review/print/", views.document_print, SELF_REVIEW, name="self_review_print"),
    path("accomplishments/", views.document, ACCOMPLISHMENTS, name="accomplishments"),
    path(
        "accomplishments/download/",
        views.document_download,
        ACCOMPLISHMENTS,
        name="accomplishments_download",
    ),
    path(
        "accomplishments/print/",
        views.document_print,
        ACCOMPLISHMENTS,
        name="accomplishments_print",
    ),
    path("capture/", views.capture, name="capture"),
    path("reminder/stop/<str:token>/", views.reminder_stop, name="reminder_stop"),
    path("plan/", views.plan, name="plan"),
    path("plan/goals/<int:pk>/delete/", views.delete_goal, name="delete_goal"),
    path("growth/", views.growth, name="growth"),
    path("growth/<int:pk>/", views.growth, name="edit_growth"),
    path("growth/<int:pk>/delete/", views.delete_growth, name="delete_growth"),
    path("handover/", views.handover, name="handover"),
    path("handover/download/", views.handover_download, name="handover_download"),
    path("handover/print/", views.handover_print, name="handover_print"),
    path("data/", views.data, name="data"),
    path("data/export.json", views.export_json, name="export_json"),
    path("data/export.md", views.export_markdown, name="export_markdown"),
]
