"""Pages of 20 for every list: a bad page number gives the nearest real page, never an error."""

from typing import Any

from django.core.paginator import Paginator
from django.utils.functional import SimpleLazyObject

from taro import pagecache

PAGE_SIZE = 20


class BuiltWhenRead:
    """A list's queryset, built only when its count or a page's rows are read: a member's list
    page whose count and rows come from cached fragments never builds the ORM query at all
    (building it was a tenth of the page)."""

    def __init__(self, build):
        self._build = build
        self._queryset = None

    def _get(self):
        if self._queryset is None:
            self._queryset = self._build()
        return self._queryset

    def count(self) -> int:
        return self._get().count()

    def __len__(self) -> int:
        return len(self._get())

    def __getitem__(self, index):
        return SimpleLazyObject(lambda: self._page(index))

    def _page(self, index):
        """A page's rows by a deferred join: the page's ids found along the list's index alone
        (a deep page skips thousands of index entries, not thousands of rows), then only those
        rows read, in the list's order."""
        queryset = self._get()
        if not isinstance(index, slice):
            return queryset[index]
        return queryset.filter(pk__in=queryset.values("pk")[index])


class CountedPaginator(Paginator):
    """A paginator told its count by a function (a cheaper query than COUNT over the list's)."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self._count_of = count

    @property
    def count(self) -> int:
        if not hasattr(self, "_count"):
            self._count = self._count_of()
        return self._count


def paginate(request, queryset, *, keep: tuple[str, ...] = (), count=None):
    """Page N of 20; a bad or out-of-range ?page= gives the nearest real page, not an error, and
    is never cached (nor is ?page=1, the same page as none). `keep` names the query parameters
    the page links carry along; `count`, a function, counts instead of COUNT over the list's own
    query (a maintained counter, or a cached count: forum.cache_entries.FEED_COUNT)."""
    paginator: Paginator[Any]
    if count is not None:
        paginator = CountedPaginator(queryset, PAGE_SIZE, count=count)
    else:
        paginator = Paginator(queryset, PAGE_SIZE)
    asked = request.GET.get("page")
    page = paginator.get_page(asked)
    if asked is not None and asked != str(page.number) or asked == "1":
        pagecache.skip(request)
    kept = request.GET.copy()
    for name in set(kept) - set(keep):
        del kept[name]
    # An attribute of our own on Django's Page, read by the templates.
    page.query_prefix = kept.urlencode() + "&" if kept else ""  # type: ignore[attr-defined]
    return page
