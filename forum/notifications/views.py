"""The unsubscribe link in every notification email: works logged out, signed, one-click capable."""
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from forum.notifications import mail
from taro.models import Profile

ONE_CLICK_BODY = "One-Click"


# The signed token is the credential, so a CSRF cookie adds nothing, and RFC 8058 one-click POSTs come
# from mail providers that never saw our pages.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    user = mail.user_for_unsubscribe_token(token)
    if user is None:
        return render(request, "email/unsubscribe_invalid.html", status=400)
    if request.method == "GET":
        # GET only shows a button: link scanners in mail filters must not unsubscribe anyone.
        unsubscribed = user.profile.email_preference == Profile.EmailPreference.NONE
        return render(request, "email/unsubscribe.html", {"token": token, "unsubscribed": unsubscribed})
    mail.unsubscribe(user=user)
    if request.POST.get("List-Unsubscribe") == ONE_CLICK_BODY:
        # RFC 8058 clients expect a 2xx, not a redirect.
        return render(request, "email/unsubscribe.html", {"token": token, "unsubscribed": True})
    return redirect("email_unsubscribe", token=token)
