"""Structured data for crawlers: schema.org QAPage as JSON-LD on question pages."""

import json

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from forum.models import thread_url
from forum.presentation import plain_excerpt

register = template.Library()

# As Django's json_script: inside <script>, "</script>" or "<!--" in a title must stay data.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
MAX_SUGGESTED_ANSWERS = 10


@register.filter(is_safe=True)
def json_ld(data) -> str:
    """`{{ data|json_ld }}`: a <script type="application/ld+json"> that no string inside can break
    out of."""
    text = json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag(takes_context=True)
def qa_page_data(context, question, answers) -> dict:
    """`{% qa_page_data question answers as data %}`: the QAPage for a thread, visible answers
    only."""
    absolute = _absolute_url_builder(context)
    visible = [a for a in answers if not a.is_deleted]
    entity = {
        "@type": "Question",
        "name": question.title,
        "text": question.excerpt or question.title,
        "answerCount": question.answer_count,
        "upvoteCount": question.score,
        "dateCreated": question.created_at.isoformat(),
        "author": _author(question, absolute),
        "url": absolute(question.get_absolute_url()),
    }
    if question.edited_at:
        entity["dateModified"] = question.edited_at.isoformat()
    accepted = next((a for a in visible if a.is_accepted), None)
    if accepted:
        entity["acceptedAnswer"] = _answer(accepted, question, absolute)
    suggested = [a for a in visible if a is not accepted][:MAX_SUGGESTED_ANSWERS]
    if suggested:
        entity["suggestedAnswer"] = [_answer(a, question, absolute) for a in suggested]
    return {"@context": "https://schema.org", "@type": "QAPage", "mainEntity": entity}


def _absolute_url_builder(context):
    request = context.get("request")
    if request is not None:
        return request.build_absolute_uri
    site = getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/")
    return lambda path: site + path


def _author(post, absolute) -> dict:
    # "Anonymous" only: even the badge is left out of the structured data.
    if post.is_anonymous:
        return {"@type": "Person", "name": "Anonymous"}
    return {
        "@type": "Person",
        "name": post.author.profile.name,
        "url": absolute(reverse("profile", args=[post.author.username])),
    }


def _answer(answer, question, absolute) -> dict:
    return {
        "@type": "Answer",
        "text": plain_excerpt(answer.body_html),
        "upvoteCount": answer.score,
        "dateCreated": answer.created_at.isoformat(),
        "url": absolute(thread_url(question.pk, question.slug, answer.pk)),
        "author": _author(answer, absolute),
    }
