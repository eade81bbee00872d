from django.urls import path

from forum import views, workbench_notes
from forum.moderation import views as moderation_views
from forum.notifications import views as notification_views
from forum.search import views as search_views

app_name = "forum"
# Pages that are someone's own or endless: robots.txt disallows their sections (taro/urls.py).
NOT_FOR_CRAWLERS = ("forum:moderation", "forum:notifications", "forum:search")
# The order is the order Django tries them in, so the pages read most come first: the thread
# right after the question's own actions (its <slug> would swallow /questions/<id>/flag/ and
# friends if it came before them). tests/test_urls.py checks that every route reaches its view.
urlpatterns = [
    path("", views.home, name="home"),
    path("questions/", views.questions, name="questions"),
    path("questions/<int:pk>/answer/", views.answer, name="answer"),
    path("questions/<int:pk>/vote/", views.vote_question, name="vote_question"),
    path("questions/<int:pk>/bookmark/", views.bookmark, name="bookmark"),
    path("questions/<int:pk>/follow/", views.follow, name="follow"),
    path("questions/<int:pk>/edit/", views.edit_question, name="edit_question"),
    path(
        "questions/<int:pk>/revisions/",
        views.revisions,
        {"kind": "question"},
        name="question_revisions",
    ),
    path("questions/<int:pk>/delete/", views.delete, {"kind": "question"}, name="delete_question"),
    path(
        "questions/<int:pk>/restore/", views.restore, {"kind": "question"}, name="restore_question"
    ),
    path(
        "questions/<int:pk>/flag/",
        moderation_views.flag,
        {"kind": "question"},
        name="flag_question",
    ),
    path(
        "questions/<int:pk>/hidden/",
        moderation_views.hidden_post,
        {"kind": "question"},
        name="hidden_question",
    ),
    path("questions/<int:pk>/<str:slug>/", views.question_detail, name="question"),
    path("questions/<int:pk>/", views.question_detail, name="question_noslug"),
    path("search/", search_views.search_page, name="search"),
    path("notifications/", notification_views.inbox, name="notifications"),
    path("notifications/read/", notification_views.mark_read, name="notifications_read"),
    path("questions/ask/", views.ask, name="ask"),
    path("questions/preview/", views.preview, name="preview"),
    path("questions/similar/", search_views.similar, name="similar"),
    path("companies/<slug:slug>/", views.company, name="company"),
    path("topics/", views.topic_index, name="topics"),
    path("topics/<slug:slug>/", views.topic, name="topic"),
    path("answers/<int:pk>/vote/", views.vote_answer, name="vote_answer"),
    path("answers/<int:pk>/accept/", views.accept, name="accept"),
    path("answers/<int:pk>/save-to-log/", workbench_notes.save_answer_to_log, name="save_to_log"),
    path("answers/<int:pk>/edit/", views.edit_answer, name="edit_answer"),
    path(
        "answers/<int:pk>/revisions/", views.revisions, {"kind": "answer"}, name="answer_revisions"
    ),
    path("answers/<int:pk>/delete/", views.delete, {"kind": "answer"}, name="delete_answer"),
    path("answers/<int:pk>/restore/", views.restore, {"kind": "answer"}, name="restore_answer"),
    path(
        "answers/<int:pk>/hidden/",
        moderation_views.hidden_post,
        {"kind": "answer"},
        name="hidden_answer",
    ),
    path("answers/<int:pk>/flag/", moderation_views.flag, {"kind": "answer"}, name="flag_answer"),
    path("bookmarks/", views.bookmarks, name="bookmarks"),
    path("email/unfollow/<str:token>/", notification_views.unfollow, name="unfollow_email"),
    path("moderation/", moderation_views.queue, name="moderation"),
    path(
        "moderation/questions/<int:pk>/",
        moderation_views.act_on_post,
        {"kind": "question"},
        name="moderate_question",
    ),
    path(
        "moderation/answers/<int:pk>/",
        moderation_views.act_on_post,
        {"kind": "answer"},
        name="moderate_answer",
    ),
    path("moderation/users/<str:username>/", moderation_views.member, name="moderate_user"),
]
