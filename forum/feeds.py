"""RSS and Atom feeds: newest questions (overall, per topic, per company). The guides' own feed
is guides/feeds.py; taro/urls.py serves both.

Authors appear exactly as on the page: the display name, or "Anonymous · SDE 2 at Amazon" for an
anonymous post. Descriptions are the stored plain-text excerpt, never rendered HTML.
"""

from datetime import datetime
from typing import Any, cast

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import SyndicationFeed

from forum.models import Question
from forum.presentation import public_author_label
from forum.selectors import question_feed
from taro.feeds import CleanAtomFeed, CleanRssFeed
from taro.models import Company, Topic

FEED_LENGTH = 30


class QuestionsFeed(Feed):
    """What every question feed shows of a question."""

    feed_type: type[SyndicationFeed] = CleanRssFeed

    def item_title(self, question: Question) -> str:
        return question.title

    def item_description(self, question: Question) -> str:
        return question.excerpt

    def item_author_name(self, question: Question) -> str:
        return public_author_label(question)

    def item_pubdate(self, question: Question) -> datetime:
        return question.created_at

    def item_updateddate(self, question: Question) -> datetime:
        return question.edited_at or question.created_at

    def item_categories(self, question: Question) -> list[str]:
        return [topic.name for topic in question.topics.all()]


class NewestQuestionsFeed(QuestionsFeed):
    title = "Newest questions · Taro"
    description = "New questions from Amazon engineers about reviews, promotions, PIPs and pay."

    def link(self) -> str:
        return reverse("forum:questions") + "?sort=new"

    def items(self) -> QuerySet[Question]:
        return question_feed(sort="new")[:FEED_LENGTH]


class NewestQuestionsAtomFeed(NewestQuestionsFeed):
    feed_type = CleanAtomFeed
    subtitle = NewestQuestionsFeed.description


class ScopedQuestionsFeed(QuestionsFeed):
    """The newest questions of one topic or company (`scope`: the question_feed argument)."""

    model: type[Topic | Company]
    scope: str
    description_text: str

    def get_object(self, request: HttpRequest, slug: str) -> Topic | Company:
        # mypy can't tell get_object_or_404's model from a union of model classes
        return cast(Topic | Company, get_object_or_404(self.model, slug=slug))

    def title(self, obj: Topic | Company) -> str:
        return f"{obj.name}: newest questions · Taro"

    def description(self, obj: Topic | Company) -> str:
        return self.description_text.format(name=obj.name)

    def link(self, obj: Topic | Company) -> str:
        return obj.get_absolute_url()

    def items(self, obj: Topic | Company) -> QuerySet[Question]:
        scoped: dict[str, Any] = {self.scope: obj}  # topic= or company=
        return question_feed(sort="new", **scoped)[:FEED_LENGTH]


class TopicQuestionsFeed(ScopedQuestionsFeed):
    model, scope = Topic, "topic"
    description_text = "New questions on {name} from Amazon engineers."


class CompanyQuestionsFeed(ScopedQuestionsFeed):
    model, scope = Company, "company"
    description_text = "New questions about working at {name}."
