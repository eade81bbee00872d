"""Forum views: form → permission check → service → redirect. Reads come from selectors."""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from forum import (
    cache_entries,
    fragments,
    limits,
    moderation,
    permissions,
    selectors,
    services,
)
from forum.changes import thread_version_name
from forum.diffs import revision_pairs
from forum.forms import (
    BODY_MAX,
    TITLE_MAX,
    AnswerForm,
    EditAnswerForm,
    EditQuestionForm,
    QuestionForm,
)
from forum.models import Question
from forum.moderation import hidden
from forum.notifications.services import mark_thread_read
from forum.pagination import BuiltWhenRead, paginate
from forum.related import related_box, related_fragment
from guides.models import Guide
from guides.selectors import guide_cards
from taro import cache_entries as taro_entries
from taro import pagecache, requestcache, versions
from taro.clientip import client_ip
from taro.markdown import check_rendered_size
from taro.models import Company, Topic
from taro.pagecache import cache_for_anonymous
from taro.selectors import (
    get_default_company,
    get_public_profile,
    topic_list,
)
from taro.text import clean_text
from videos.selectors import lessons_for_topic, playable_lessons


def refuse(form, refusal: limits.LimitExceeded) -> None:
    """A posting limit said no: the form carries the reason and keeps the text."""
    form.add_error(None, str(refusal))
    form.rate_limited = refusal.retry_at is not None


def form_status(request, form) -> int:
    if request.method != "POST" or not form.errors:
        return 200
    return 429 if getattr(form, "rate_limited", False) else 400


def wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


LIST_DEPENDS_ON = cache_entries.LIST_DEPENDS_ON


def feed_sort(request) -> str:
    """The list's order as asked, or the default (and no cached page for the junk spelling)."""
    sort = request.GET.get("sort", selectors.DEFAULT_SORT)
    if sort not in selectors.SORTS:
        pagecache.skip(request)
        return selectors.DEFAULT_SORT
    return sort


def feed_context(request, *, topic=None, company=None, fragments=()) -> dict:
    """One page of questions, and `feed_fragment`: its rendered list's cached fragment
    (cache_entries.FEED, keyed on the versions of what lists show). The list's count, its
    fragment and the page's other `fragments` (bound by the view) come in one round trip."""
    sort = feed_sort(request)
    where = (sort, topic.pk if topic else "", company.pk if company else "")
    count = cache_entries.FEED_COUNT
    asked_page = request.GET.get("page", "1")  # the usual case: the page asked for exists
    pagecache.prefetch(
        request,
        [
            count.key(*where, request=request),
            cache_entries.FEED.bind(*where, asked_page, request=request).key,
            *(fragment.key for fragment in fragments),
        ],
    )
    questions = BuiltWhenRead(
        lambda: selectors.question_feed(sort=sort, topic=topic, company=company)
    )
    page = paginate(
        request,
        questions,
        keep=("sort", "topic"),
        count=lambda: count.get(*where, request=request, topic=topic, company=company),
    )
    return {
        "page": page,
        "questions": page.object_list,
        "sort": sort,
        "sort_labels": selectors.SORT_LABELS,
        "feed_fragment": cache_entries.FEED.bind(*where, page.number, request=request),
    }


# Hub, lists and topics ---------------------------------------------------------------------------

# Everyone gets the lists from cached fragments, and anonymous readers get whole cached pages:
# both keyed on the versions of what they show (taro/pagecache.py). Lists show question scores
# in an order votes on questions change, so they name the ranking version too.
FEED_PARAMS = ("sort", "page")


@cache_for_anonymous(depends_on=(*LIST_DEPENDS_ON, versions.GUIDES), params=FEED_PARAMS)
def home(request):
    return company_hub(request, get_default_company(request=request))


@cache_for_anonymous(depends_on=(*LIST_DEPENDS_ON, versions.GUIDES), params=FEED_PARAMS)
def company(request, slug):
    return company_hub(request, get_object_or_404(Company, slug=slug))


def company_hub(request, company):
    fragments_bound = {
        "hub_guides_fragment": cache_entries.HUB_GUIDES.bind(company.pk, request=request),
        "hub_sidebar_fragment": cache_entries.HUB_SIDEBAR.bind(company.pk, request=request),
    }
    context = {
        "company": company,
        # Lazy: evaluated only when the template's fragment for them isn't cached.
        "guides": SimpleLazyObject(guide_cards),
        "lessons": SimpleLazyObject(lambda: playable_lessons(limit=3)),
        "topics": Topic.objects.all(),
        "contributors": SimpleLazyObject(lambda: selectors.top_contributors(company=company)),
        **fragments_bound,
        **feed_context(request, company=company, fragments=fragments_bound.values()),
    }
    return render(request, "forum/company.html", context)


@cache_for_anonymous(depends_on=LIST_DEPENDS_ON, params=(*FEED_PARAMS, "topic"))
def questions(request):
    topic = None
    if request.GET.get("topic"):
        topic = Topic.objects.filter(slug=request.GET["topic"]).first()
        if topic is None:
            raise Http404("No such topic.")
    chips = cache_entries.TOPIC_CHIPS.bind(
        feed_sort(request), topic.pk if topic else "", request=request
    )
    context = {
        "topic": topic,
        "topics": topic_list(),
        "topic_chips_fragment": chips,
        **feed_context(request, topic=topic, fragments=[chips]),
    }
    return render(request, "forum/questions.html", context)


@cache_for_anonymous(depends_on=())
def topic_index(request):
    return render(request, "forum/topic_index.html", {"topics": Topic.objects.all()})


@cache_for_anonymous(depends_on=(*LIST_DEPENDS_ON, versions.GUIDES), params=FEED_PARAMS)
def topic(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    guides = Guide.objects.for_list().filter(topics=topic)
    context = {
        "topic": topic,
        "guides": guides,
        "lessons": lessons_for_topic(topic),  # lesson writes bump GUIDES, which this depends on
        **feed_context(request, topic=topic),
    }
    return render(request, "forum/topic.html", context)


# Asking -------------------------------------------------------------------------------------------


@login_required
def ask(request):
    permissions.ensure_can_post(request.user)
    initial = {"topics": [request.GET["topic"]]} if request.GET.get("topic") else {}
    if request.GET.get("title"):  # "Ask this question" from a search that found nothing
        initial["title"] = request.GET["title"][:TITLE_MAX]
    form = QuestionForm(request.POST or None, initial=initial)
    preview_html = None
    if request.method == "POST" and "preview" in request.POST:
        preview_html = preview_of(form)
    elif request.method == "POST" and form.is_valid():
        try:
            question = services.ask_question(
                author=request.user,
                company=get_default_company(),
                title=form.cleaned_data["title"],
                body_source=form.cleaned_data["body"],
                topics=form.cleaned_data["topics"],
                is_anonymous=form.cleaned_data["anonymous"],
            )
        except limits.LimitExceeded as refusal:
            refuse(form, refusal)
        else:
            messages.success(
                request, "Your question is live. We’ll notify you when someone answers."
            )
            return redirect(question)
    status = form_status(request, form)
    return render(
        request, "forum/ask.html", {"form": form, "preview_html": preview_html}, status=status
    )


@require_POST
def preview(request):
    """Live preview for the editor: the same pipeline the saved post will go through."""
    try:
        permissions.ensure_can_preview(request.user)
    except PermissionDenied as refusal:
        return JsonResponse({"error": str(refusal)}, status=403)
    body = request.POST.get("body", "")
    if len(body) > BODY_MAX:  # checked before any rendering
        return JsonResponse({"error": f"Posts are limited to {BODY_MAX:,} characters."}, status=400)
    try:
        limits.throttle_preview(user=request.user)
    except limits.LimitExceeded as refusal:
        return JsonResponse({"error": str(refusal)}, status=429)
    try:
        return JsonResponse({"html": check_rendered_size(body)})
    except ValidationError as refusal:
        return JsonResponse({"error": refusal.messages[0]}, status=400)


# The thread ---------------------------------------------------------------------------------------


def question_detail(request, pk, slug=None):
    """Signed in: the thread rendered (its answers from cached fragments). Anonymous: the cached
    page for this URL and the thread's current version; a page is only ever stored after the
    access and canonical-URL checks passed for that version, so a hit needs neither."""
    if request.user.is_authenticated:
        # The question, the reader's votes in it and the view marker come in the round trip
        # that reads the versions (taro/versions.py).
        cache_entries.THREAD_QUESTION.want(request, pk)
        cache_entries.VIEWER_STATE.want(request, request.user.pk, pk)
        versions.want(
            request, add=services.view_marker(question_id=pk, visitor_key=visitor_key(request))
        )
        question = selectors.get_thread_question(
            pk, selectors.thread_version(pk, request=request), request=request
        )
        try:
            return _checked_thread(
                request, question, slug, lambda: render_thread(request, question, AnswerForm())
            )
        except Http404:  # its author may still read a post moderators hid, on its own page
            if question.author_id == request.user.pk and hidden.hiding_action(question):
                return redirect("forum:hidden_question", pk)
            raise
    thread = thread_version_name(pk)

    # The related box (forum/related.py) shows other threads and guide sections: FORUM, GUIDES.
    site = (versions.FORUM, versions.GUIDES, versions.PEOPLE)

    def version_key():
        numbers = {
            thread: selectors.thread_version(pk, request=request),
            **versions.current(site, request=request),
        }
        return versions.key_of(numbers)

    def render_fresh():
        head = selectors.get_question_head(pk, selectors.thread_version(pk, request=request))
        return _checked_thread(
            request,
            head,
            slug,
            lambda: render_thread(request, selectors.get_question(pk), AnswerForm()),
        )

    visitor = visitor_key(request)
    response = pagecache.serve_anonymous(
        request,
        render_fresh,
        depends_on=(thread, *site),
        version_key=version_key,
        params=("sort",),
        mark=services.view_marker(question_id=pk, visitor_key=visitor),
    )
    if response.status_code == 200:
        services.record_view(
            question_id=pk, visitor_key=visitor, first_visit=requestcache.of(request).marked
        )
    return response


def _checked_thread(request, head, slug, render_page):
    permissions.ensure_visible(request.user, head)
    if slug != head.slug:
        response = HttpResponseRedirect(head.get_absolute_url(), status=301)
        # Titles can change back: a browser that kept an old 301 would loop between two slugs.
        response["Cache-Control"] = "no-cache"
        return response
    if request.user.is_authenticated:
        services.record_view(
            question_id=head.pk,
            visitor_key=visitor_key(request),
            first_visit=versions.added(request),
        )
    return render_page()


def render_thread(request, question, answer_form, status=200, preview_html=None):
    state = selectors.viewer_state(user=request.user, question=question, request=request)
    if state["unread_here"]:  # opening a thread reads its notifications (no query when none)
        read = mark_thread_read(user=request.user, question_id=question.pk)
        unread = getattr(request.user, "unread_notifications", None)
        if unread is not None:  # the bell was counted with the account (forum/members.py)
            request.user.unread_notifications = max(0, unread - read)
    asked_sort = request.GET.get("sort")
    sort = selectors.answer_sort(asked_sort)
    if asked_sort is not None and (asked_sort != sort or sort == selectors.DEFAULT_ANSWER_SORT):
        pagecache.skip(request)  # only ?sort=newest and ?sort=oldest are pages of their own
    # Loaded only if the answers section or the structured data (both cached) must be rendered.
    # Deleted answers only for moderators, who may restore them; the structured data skips them.
    with_deleted = permissions.sees_deleted(request.user)
    answers = SimpleLazyObject(
        lambda: selectors.thread_answers(question, include_deleted=with_deleted, sort=sort)
    )
    context = {
        "question": question,
        "answer_form": answer_form,
        "answer_fields": None if answer_form.is_bound else fragments.blank_answer_fields(),
        "answers": answers,
        "can_answer": permissions.answer_refusal(request.user, question),
        "preview_html": preview_html,
        "sort": sort,
        # Anonymous readers' structured data (templates/forum/includes/seo_question.html).
        "qa_page_fragment": cache_entries.QA_PAGE.bind(
            question.pk, question.version, question.people_version, request.get_host()
        ),
        "state": state,
        **state,
    }
    # The page's own parts and its related box (forum/related.py) in one round trip.
    parts = fragments.thread_parts_fragment(request, context)
    related = related_fragment(request, question)
    pagecache.prefetch(request, [parts.key if parts else None, related.key])
    page = {
        "question": question,
        "parts": fragments.thread_parts(
            request,
            context,
            lambda: fragments.thread_blocks(request, question, answers, state, sort),
            bound=parts,
        ),
        "related_html": related_box(request, question, related),
    }
    return render(request, "forum/question.html", page, status=status)


def visitor_key(request) -> str:
    if request.user.is_authenticated:
        return f"u{request.user.pk}"
    # hashlib, not hash(): every app server process must compute the same key for a visitor.
    # META, not request.headers: building that mapping was a twentieth of a cached thread.
    fingerprint = f"{client_ip(request)}|{request.META.get('HTTP_USER_AGENT', '')}"
    return "a" + hashlib.sha256(fingerprint.encode()).hexdigest()[:16]


@require_POST
@login_required
def answer(request, pk):
    question = selectors.get_question(pk)
    permissions.ensure_can_answer(request.user, question)
    form = AnswerForm(request.POST)
    if "preview" in request.POST:  # the server-side preview, with or without JavaScript
        return render_thread(request, question, form, preview_html=preview_of(form))
    if not form.is_valid():
        return render_thread(request, question, form, status=form_status(request, form))
    try:
        new_answer = services.post_answer(
            author=request.user,
            question=question,
            body_source=form.cleaned_data["body"],
            is_anonymous=form.cleaned_data["anonymous"],
        )
    except limits.LimitExceeded as refusal:
        refuse(form, refusal)
        return render_thread(request, question, form, status=form_status(request, form))
    messages.success(request, "Thanks for answering!")
    return redirect(new_answer.get_absolute_url())


@require_POST
@login_required
def vote_question(request, pk):
    return _vote(request, get_object_or_404(Question, pk=pk))


@require_POST
@login_required
def vote_answer(request, pk):
    return _vote(request, selectors.get_answer(pk))


def _vote(request, post):
    try:
        if request.POST.get("action") == "undo":
            services.remove_upvote(user=request.user, post=post)
        else:
            services.upvote(user=request.user, post=post)
    except limits.LimitExceeded as refusal:
        if wants_json(request):
            return JsonResponse({"error": str(refusal)}, status=429)
        messages.error(request, str(refusal))
        return redirect(post.get_absolute_url())
    post.refresh_from_db(fields=["score"])
    if wants_json(request):
        voted = request.POST.get("action") != "undo"
        return JsonResponse({"score": post.score, "voted": voted})
    return redirect(post.get_absolute_url())


@require_POST
@login_required
def accept(request, pk):
    answer = selectors.get_answer(pk)
    if request.POST.get("action") == "undo":
        services.unaccept_answer(user=request.user, answer=answer)
        messages.info(request, "You un-accepted that answer.")
    else:
        services.accept_answer(user=request.user, answer=answer)
        messages.success(request, "Answer accepted. Thanks for closing the loop!")
    return redirect(answer.get_absolute_url())


def preview_of(form) -> str:
    """Preview shows the rendered body whatever else the form lacks (topics, the confidentiality
    box, a body still too short): nothing is refused but a body over the limit, which is never
    rendered. The rest is checked when the person posts."""
    body = clean_text(form.data.get("body", ""))
    form.is_valid()
    form.errors.clear()
    if len(body) > BODY_MAX:
        form.add_error("body", f"Posts are limited to {BODY_MAX:,} characters.")
        return ""
    try:
        return check_rendered_size(body)
    except ValidationError as refusal:
        form.add_error("body", refusal)
        return ""


@require_POST
@login_required
def follow(request, pk):
    question = get_object_or_404(Question, pk=pk)
    if request.POST.get("action") == "unfollow":
        services.unfollow_question(user=request.user, question=question)
        messages.info(request, "You no longer follow this question.")
    else:
        services.follow_question(user=request.user, question=question)
        messages.success(request, "Following: we’ll notify you of new answers.")
    return HttpResponseRedirect(
        request.POST["next"] if _safe_next(request) else question.get_absolute_url()
    )


@require_POST
@login_required
def bookmark(request, pk):
    question = get_object_or_404(Question, pk=pk)
    if request.POST.get("action") == "remove":
        services.remove_bookmark(user=request.user, question=question)
        messages.info(request, "Removed from your bookmarks.")
    else:
        services.bookmark_question(user=request.user, question=question)
        messages.success(
            request,
            format_html('Saved to <a href="{}">your bookmarks</a>.', reverse("forum:bookmarks")),
        )
    return HttpResponseRedirect(
        request.POST["next"] if _safe_next(request) else question.get_absolute_url()
    )


def _safe_next(request) -> bool:
    target = request.POST.get("next", "")
    # Only local paths: a bare word would otherwise be read as a URL name by redirect().
    return target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


@login_required
def bookmarks(request):
    page = paginate(request, selectors.bookmarked_questions(request.user))
    return render(request, "forum/bookmarks.html", {"page": page, "questions": page.object_list})


# Editing, deleting, history -----------------------------------------------------------------------


@login_required
def edit_question(request, pk):
    question = selectors.get_question(pk)
    initial = {
        "title": question.title,
        "body": question.body_source,
        "topics": [topic.slug for topic in question.topics.all()],
    }
    form = EditQuestionForm(request.POST or None, initial=initial)
    return _edit(
        request,
        question,
        form,
        lambda data: services.edit_question(
            editor=request.user,
            question=question,
            title=data["title"],
            body_source=data["body"],
            topics=data["topics"],
        ),
    )


@login_required
def edit_answer(request, pk):
    answer = selectors.get_answer(pk)
    form = EditAnswerForm(request.POST or None, initial={"body": answer.body_source})
    return _edit(
        request,
        answer,
        form,
        lambda data: services.edit_answer(
            editor=request.user, answer=answer, body_source=data["body"]
        ),
    )


def _edit(request, post, form, save):
    """The edit page of a question or an answer; `save(cleaned_data)` writes a valid edit."""
    permissions.ensure_can_edit(request.user, post)
    if request.method == "POST" and form.is_valid():
        save(form.cleaned_data)
        messages.success(request, "Your edit is saved. The previous version is in the history.")
        return redirect(post.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "question": post.thread, "post": post}
    return render(request, "forum/edit.html", context, status=status)


DELETED_BY_A_MODERATOR = "Deleted by a moderator from the post"


@require_POST
@login_required
def delete(request, kind, pk):
    post = selectors.get_post(kind, pk)
    permissions.ensure_can_delete(request.user, post)
    if post.author_id == request.user.pk:
        services.delete_post(user=request.user, post=post)
    else:  # a moderator's Delete on someone else's post hides it, in the audit log
        moderation.hide_post(moderator=request.user, post=post, reason=DELETED_BY_A_MODERATOR)
    messages.info(request, "Deleted. Moderators can restore it if this was a mistake.")
    # Back to the thread, unless it is the thread that is gone for this reader.
    thread_gone = post.kind == "question" and not permissions.sees_deleted(request.user)
    return redirect("forum:questions" if thread_gone else post.thread.get_absolute_url())


@require_POST
@login_required
def restore(request, kind, pk):
    post = selectors.get_post(kind, pk)
    permissions.ensure_can_restore(request.user, post)
    moderation.restore_hidden_post(moderator=request.user, post=post)  # in the audit log
    messages.success(request, "Restored.")
    return redirect(post.get_absolute_url())


def revisions(request, kind, pk):
    post = selectors.get_post(kind, pk)
    permissions.ensure_visible(request.user, post)
    history = revision_pairs(selectors.revisions_for(**post.as_target()))
    context = {"post": post, "question": post.thread, "history": history}
    return render(request, "forum/revisions.html", context)


# People -------------------------------------------------------------------------------------------


def profile(request, username):
    # Keyed on the username (unique), so the profile, its reputation and its activity's fragment
    # come in one round trip.
    activity = cache_entries.PROFILE_ACTIVITY.bind(username, request=request)
    pagecache.prefetch(
        request,
        [
            taro_entries.PUBLIC_PROFILE.key(username, request=request),
            cache_entries.REPUTATION.key(username, request=request),
            activity.key,
        ],
    )
    profile = get_public_profile(username, request=request)
    context = {
        "profile": profile,
        "activity_fragment": activity,
        **selectors.profile_activity(profile=profile, request=request),
    }
    return render(request, "forum/profile.html", context)
