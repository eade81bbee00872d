from django.contrib import admin

from forum.models import (
    Answer,
    Bookmark,
    Flag,
    ModerationAction,
    Notification,
    Question,
    Revision,
    Suspension,
    Vote,
)
from taro.admin import ReadOnlyAdmin


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "author",
        "is_anonymous",
        "score",
        "answer_count",
        "is_locked",
        "is_deleted",
        "created_at",
    ]
    list_filter = [
        "is_anonymous",
        "is_locked",
        "is_deleted",
        "has_accepted_answer",
        "company",
        "topics",
    ]
    search_fields = ["title", "body_source", "author__username"]
    raw_id_fields = ["author"]
    readonly_fields = [
        "body_html",
        "excerpt",
        "score",
        "answer_count",
        "view_count",
        "search_vector",
    ]
    list_select_related = ["author"]
    date_hierarchy = "created_at"


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "question",
        "author",
        "is_anonymous",
        "score",
        "is_accepted",
        "is_deleted",
        "created_at",
    ]
    list_filter = ["is_anonymous", "is_accepted", "is_deleted"]
    search_fields = ["body_source", "author__username", "question__title"]
    raw_id_fields = ["author", "question"]
    readonly_fields = ["body_html", "score", "search_vector"]
    list_select_related = ["author", "question"]


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    list_display = ["user", "question", "answer", "recipient", "created_at"]
    search_fields = ["user__username", "recipient__username"]
    raw_id_fields = ["user", "recipient", "question", "answer"]
    list_select_related = ["user", "recipient", "question", "answer"]


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ["pk", "question", "answer", "number", "editor", "created_at"]
    search_fields = ["title", "body_source", "editor__username"]
    raw_id_fields = ["editor", "question", "answer"]


@admin.register(Bookmark)
class BookmarkAdmin(admin.ModelAdmin):
    list_display = ["user", "question", "created_at"]
    search_fields = ["user__username", "question__title"]
    raw_id_fields = ["user", "question"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "question", "created_at", "read_at", "emailed_at"]
    list_filter = [
        "kind",
        ("read_at", admin.EmptyFieldListFilter),
        ("emailed_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["recipient__username", "question__title"]
    raw_id_fields = ["recipient", "question", "answer"]


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ["pk", "reporter", "reason", "status", "question", "answer", "created_at"]
    list_filter = ["status", "reason"]
    search_fields = ["reporter__username", "note"]
    raw_id_fields = ["reporter", "question", "answer"]


@admin.register(Suspension)
class SuspensionAdmin(admin.ModelAdmin):
    list_display = ["user", "reason", "created_by", "created_at", "ends_at", "lifted_at"]
    search_fields = ["user__username", "reason"]
    raw_id_fields = ["user", "created_by"]


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnlyAdmin):
    """The audit log: read-only, nobody edits history."""

    list_display = [
        "created_at",
        "moderator",
        "kind",
        "question",
        "answer",
        "target_user",
        "reason",
    ]
    list_filter = ["kind"]
    search_fields = ["reason", "moderator__username", "target_user__username"]
