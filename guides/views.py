"""Guide pages: thin views over guides.selectors, cached whole for anonymous readers."""
from django.shortcuts import render
from django.views.decorators.http import require_safe

from guides import selectors
from taro import pagecache, versions
from taro.pagecache import cache_for_anonymous


@require_safe
@cache_for_anonymous(depends_on=(versions.GUIDES,))
def guide_index(request):
    return render(request, "guides/index.html", {"guides": selectors.guides_for_index()})


GUIDE_PAGE_DEPENDS_ON = (versions.FORUM, versions.GUIDES)  # the guide, its citations and related questions


@require_safe
@cache_for_anonymous(depends_on=GUIDE_PAGE_DEPENDS_ON)
def guide_detail(request, slug):
    page = selectors.get_guide_page(slug=slug, guides_version=versions.current(request=request)[versions.GUIDES])
    context = {
        "guide": page.guide,
        "previous_guide": page.previous,
        "next_guide": page.next,
        "guide_key": f"{pagecache.RELEASE}:{versions.key(GUIDE_PAGE_DEPENDS_ON, request=request)}:{slug}",
    }
    return render(request, "guides/detail.html", context)

