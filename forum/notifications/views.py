"""The inbox, and the unsubscribe link in every notification email (works logged out, signed,
one-click capable)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from forum import services as forum_services
from forum.models import Question
from forum.notifications import selectors, services
from forum.notifications.unsubscribe import follow_for_unfollow_token, user_for_unsubscribe_token
from forum.notifications.unsubscribe import unsubscribe as unsubscribe_user
from forum.pagination import paginate
from taro.models import Profile

ONE_CLICK_BODY = "One-Click"


@login_required
def inbox(request):
    page = paginate(
        request,
        selectors.notification_groups_for(request.user),
        count=lambda: selectors.notification_thread_count(request.user),
    )
    return render(
        request, "forum/notifications.html", {"page": page, "notifications": page.object_list}
    )


class MarkReadForm(forms.Form):
    """One notification by id, one thread's (question), or (neither) all of them."""

    id = forms.IntegerField(required=False)
    question = forms.IntegerField(required=False)


@require_POST
@login_required
def mark_read(request):
    form = MarkReadForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That notification doesn’t exist.")
    elif form.cleaned_data["id"] is not None:
        services.mark_notification_read(user=request.user, notification_id=form.cleaned_data["id"])
    elif form.cleaned_data["question"] is not None:
        services.mark_thread_read(user=request.user, question_id=form.cleaned_data["question"])
    else:
        services.mark_all_notifications_read(user=request.user)
        messages.success(request, "All notifications marked as read.")
    return redirect("forum:notifications")


# The signed token is the credential, so a CSRF cookie adds nothing, and RFC 8058 one-click POSTs
# come from mail providers that never saw our pages.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    user = user_for_unsubscribe_token(token)
    if user is None:
        return render(request, "email/unsubscribe_invalid.html", status=400)
    if request.method == "GET":
        # GET only shows a button: link scanners in mail filters must not unsubscribe anyone.
        unsubscribed = user.profile.email_preference == Profile.EmailPreference.NONE
        return render(
            request, "email/unsubscribe.html", {"token": token, "unsubscribed": unsubscribed}
        )
    unsubscribe_user(user=user)
    if request.POST.get("List-Unsubscribe") == ONE_CLICK_BODY:
        # RFC 8058 clients expect a 2xx, not a redirect.
        return render(request, "email/unsubscribe.html", {"token": token, "unsubscribed": True})
    return redirect("email_unsubscribe", token=token)


# As unsubscribe: the signed token is the credential; GET only shows the button.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unfollow(request, token):
    found = follow_for_unfollow_token(token)
    if found is None:
        return render(request, "email/unsubscribe_invalid.html", status=400)
    user, question_id = found
    question = Question.objects.filter(pk=question_id).only("title", "is_deleted").first()
    title = question.title if question is not None and not question.is_deleted else ""
    if request.method == "POST":
        forum_services.unfollow_question(user=user, question=question_id)
        return render(request, "email/unfollow.html", {"done": True, "title": title})
    return render(request, "email/unfollow.html", {"token": token, "title": title})
