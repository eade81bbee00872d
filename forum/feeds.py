"""RSS and Atom feeds: newest questions (overall, per topic, per company). The guides' own feed
is guides/feeds.py; taro/urls.py serves both.

Authors appear exactly as on the page: the display name, or "Anonymous · SDE 2 at Amazon" for an
anonymous post. Descriptions are the stored plain-text excerpt, never rendered HTML.
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse

from forum.presentation import public_author_label
from forum.selectors import question_feed
from taro.feeds import CleanAtomFeed, CleanRssFeed
from taro.models import Company, Topic

FEED_LENGTH = 30


class NewestQuestionsFeed(Feed):
    feed_type = CleanRssFeed
    title = "Newest questions · Taro"
    description = "New questions from Amazon engineers about reviews, promotions, PIPs and pay."

    def link(self):
        return reverse("forum:questions") + "?sort=new"

    def items(self):
        return question_feed(sort="new")[:FEED_LENGTH]

    def item_title(self, question):
        return question.title

    def item_description(self, question):
        return question.excerpt

    def item_author_name(self, question):
        return public_author_label(question)

    def item_pubdate(self, question):
        return question.created_at

    def item_updateddate(self, question):
        return question.edited_at or question.created_at

    def item_categories(self, question):
        return [topic.name for topic in question.topics.all()]


class NewestQuestionsAtomFeed(NewestQuestionsFeed):
    feed_type = CleanAtomFeed
    subtitle = NewestQuestionsFeed.description


class ScopedQuestionsFeed(NewestQuestionsFeed):
    """The newest questions of one topic or company (`scope`: the question_feed argument)."""

    model = scope = description_text = None

    def get_object(self, request, slug):
        return get_object_or_404(self.model, slug=slug)

    def title(self, obj):
        return f"{obj.name}: newest questions · Taro"

    def description(self, obj):
        return self.description_text.format(name=obj.name)

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return question_feed(sort="new", **{self.scope: obj})[:FEED_LENGTH]


class TopicQuestionsFeed(ScopedQuestionsFeed):
    model, scope = Topic, "topic"
    description_text = "New questions on {name} from Amazon engineers."


class CompanyQuestionsFeed(ScopedQuestionsFeed):
    model, scope = Company, "company"
    description_text = "New questions about working at {name}."
