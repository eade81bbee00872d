"""The search page, and the suggestions the ask form shows while a title is typed."""

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from forum import cache_entries, search
from forum.pagination import paginate
from forum.search.suggestions import similar as similar_to
from taro import pagecache, versions
from taro.models import Topic
from taro.pagecache import cache_for_anonymous
from taro.selectors import topic_list
from videos.selectors import search_transcripts

SEARCH_PARAMS = ("q", "kind", "topic", "page")


@cache_for_anonymous(
    depends_on=(versions.FORUM, versions.VOTES, versions.GUIDES, versions.PEOPLE),
    params=SEARCH_PARAMS,
    timeout=search.SEARCH_TTL_SECONDS,
)
def search_page(request):
    """Anonymous readers also get the page cached for a minute (canonical spellings only), which
    bounds what any stream of new searches can store (forum.search.results caches the ranking)."""
    raw = request.GET.get("q", "")
    text, note = search.clean_query(raw)
    kind = request.GET.get("kind", "all") if request.GET.get("kind") in search.KINDS else "all"
    asked_topic = request.GET.get("topic")
    topic = Topic.objects.filter(slug=asked_topic).first() if asked_topic else None
    canonical = not note and raw == text and kind == request.GET.get("kind", "all")
    if not canonical or bool(topic) != bool(asked_topic):
        pagecache.skip(request)  # not the canonical spelling of this search
    page = help_instead = None
    topic_options = cache_entries.TOPIC_OPTIONS.bind(topic.pk if topic else "", request=request)
    # The ranking and the topic options' fragment in one round trip.
    pagecache.prefetch(
        request,
        [
            text and search.ranking_key(text, kind=kind, topic=topic, request=request),
            topic_options.key,
        ],
    )
    if text:
        page = search.results_page(
            text,
            kind=kind,
            topic=topic,
            paginate=lambda hits: paginate(request, hits, keep=("q", "kind", "topic")),
            request=request,
        )
        if not page.paginator.count:
            help_instead = search.no_results_help(
                page.parsed, request=request, suggestion=page.suggestion
            )
        elif page.any_words and page.number == 1:
            help_instead = {"suggestion": page.suggestion}
    context = {
        # When the guides and the forum have nothing, what the video lessons say (their
        # transcripts): a phrase only spoken in a lesson still finds it, at its moment. Only
        # then, so a search that finds posts stays within its query budget.
        "lesson_hits": (
            search_transcripts(text, limit=3)
            if text and kind == "all" and page is not None and not page.paginator.count
            else []
        ),
        "search_query": text,
        "no_results": help_instead,
        "note": note,
        "page": page,
        "results_fragment": page
        and cache_entries.SEARCH_RESULTS.bind(*page.html_key, request=request),
        "topic_options_fragment": topic_options,
        "kind": kind,
        "topic": topic,
        "topics": topic_list(),
    }
    return render(request, "forum/search.html", context)


@require_GET
def similar(request):
    """The ask form's suggestions while a title is typed: the site search's engine."""
    found = similar_to(request.GET.get("title", "")[:150])
    return JsonResponse(
        {
            "questions": [
                {"title": hit.title, "url": hit.url, "answers": hit.answer_count}
                for hit in found["questions"]
            ],
            "sections": [
                {"guide": hit.title, "section": hit.section, "url": hit.url}
                for hit in found["sections"]
            ],
        }
    )
