"""A page type added for tests/taro/test_new_page_type.py, as an app would add one: its cache
needs are declarations (an entry, a fragment, the page cache's depends_on) and no key."""

from django.http import HttpResponse
from django.template import Context, Template
from django.urls import path

from taro import entries, fragments, pagecache, versions

WIDGETS = entries.declare(
    "test-widgets", depends_on=(versions.FORUM,), load="tests.taro.page_type_urls.load_widgets"
)
WIDGET_LIST = fragments.declare("test_widget_list", depends_on=(versions.FORUM,))
LOADED: list[str] = []  # what the loader was asked for, so the test can count loads

PAGE = Template(
    "{% load fragment_cache %}{% cached widget_list %}<ul>{% for w in widgets %}"
    "<li>{{ w }}</li>{% endfor %}</ul>{% endcached %}"
)


def load_widgets(kind: str) -> list[str]:
    from forum.models import Question

    LOADED.append(kind)
    return list(Question.objects.order_by("id").values_list("title", flat=True))


@pagecache.cache_for_anonymous(depends_on=(versions.FORUM,))
def widgets_page(request):
    widget_list = WIDGET_LIST.bind(request=request)
    pagecache.prefetch(request, [widget_list.key])
    context = {"widgets": WIDGETS.get("all", request=request), "widget_list": widget_list}
    return HttpResponse(PAGE.render(Context({**context, "request": request})))


urlpatterns = [path("widgets/", widgets_page)]
