"""“Save to my log” on an answer: the answer's text becomes a note in the reader's private
workbench (workbench). The forum reads the answer and checks it may be seen; the workbench
gets only plain text and a link, so it never imports the forum."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from forum import permissions, selectors
from workbench import services as workbench

TITLE_PREFIX = "Advice: "


@require_POST
@login_required
def save_answer_to_log(request, pk):
    answer = selectors.get_answer(pk)
    permissions.ensure_visible(request.user, answer)  # a deleted or hidden answer is a 404
    url = answer.get_absolute_url()
    workbench.save_note(
        owner=request.user,
        title=f"{TITLE_PREFIX}{answer.question.title}",
        text=answer.body_source,
        source_url=url,
    )
    messages.success(request, "Saved to your work log as a note. Only you can see it.")
    return redirect(url)
