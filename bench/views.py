"""The benchmark's ceiling: what the stack (gunicorn, middleware, WhiteNoise) costs with no
database and no template, so `make bench` can show each page as a fraction of it."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET

CEILING_HTML = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    "<title>Ceiling · Taro</title></head><body>"
    + "<p>A fixed paragraph of text that stands in for a page of roughly twenty kilobytes.</p>\n"
    * 240
    + "</body></html>"
)


@require_GET
def ceiling(request):
    return HttpResponse(CEILING_HTML)
