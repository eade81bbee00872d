"""`{% cache %}`, Django's tag, except that a fragment the view already fetched with the page's
other cache reads (taro.pagecache.prefetch) is taken from the request instead of costing another
round trip. Load it in place of Django's: `{% load fragment_cache %}`; the tag's syntax and keys
are Django's own (django.core.cache.utils.make_template_fragment_key)."""

from django import template
from django.core.cache.utils import make_template_fragment_key
from django.templatetags.cache import CacheNode, do_cache

from taro.pagecache import prefetched

register = template.Library()


class PrefetchedCacheNode(CacheNode):
    def render(self, context):
        request = context.get("request")
        if request is not None and getattr(request, "_prefetched", None):
            vary_on = [var.resolve(context) for var in self.vary_on]
            value = prefetched(request, make_template_fragment_key(self.fragment_name, vary_on))
            if value is not None:
                return value
        return super().render(context)


@register.tag("cache")
def do_prefetched_cache(parser, token):
    node = do_cache(parser, token)
    return PrefetchedCacheNode(
        node.nodelist, node.expire_time_var, node.fragment_name, node.vary_on, node.cache_name
    )
