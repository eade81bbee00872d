"""Guide pages: thin views over guides.selectors, cached whole for anonymous readers."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from guides import cache_entries, panels, selectors
from taro import pagecache, versions
from taro.pagecache import cache_for_anonymous


@require_safe
@cache_for_anonymous(depends_on=lambda: panels.depends_on(panels.NO_GUIDES))  # the guides
def guide_index(request):
    return render(request, "guides/index.html", {"guides": selectors.guides_for_index()})


@require_safe
@cache_for_anonymous(depends_on=panels.depends_on)  # the guide and what its panels show
def guide_detail(request, slug):
    version_key = versions.key(panels.depends_on(), request=request)
    content = cache_entries.GUIDE_CONTENT.bind(version_key, slug)
    # The guide's page data and its rendered body in one round trip.
    pagecache.prefetch(
        request,
        [
            cache_entries.GUIDE_PAGE.key(slug, request=request),
            content.key,
        ],
    )
    page = selectors.get_guide_page(slug=slug, request=request)
    context = {
        "guide": page.guide,
        "previous_guide": page.previous,
        "next_guide": page.next,
        "guide_content_fragment": content,
    }
    return render(request, "guides/detail.html", context)
