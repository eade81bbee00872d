"""`{% cached bound %}…{% endcached %}`: a fragment bound by the view (taro.fragments), taken
from what the view prefetched with the page's other cache reads (taro.pagecache.prefetch) or
from the cache, else rendered and stored for the fragment's lifetime. Django's own `{% cache %}`
is left alone: a template names a declared fragment instead of building a key."""

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils.safestring import SafeString

from taro.fragments import Bound

register = template.Library()


class CachedNode(template.Node):
    def __init__(self, nodelist: NodeList, bound: FilterExpression):
        self.nodelist = nodelist
        self.bound = bound

    def render(self, context: template.Context) -> SafeString:
        bound = self.bound.resolve(context)
        if not isinstance(bound, Bound):
            raise template.TemplateSyntaxError(
                f"{{% cached %}} needs a fragment the view bound (taro.fragments), not {bound!r}"
            )
        return bound.html(lambda: self.nodelist.render(context), request=context.get("request"))


@register.tag("cached")
def do_cached(parser: Parser, token: Token) -> CachedNode:
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("usage: {% cached bound_fragment %}…{% endcached %}")
    nodelist = parser.parse(("endcached",))
    parser.delete_first_token()
    return CachedNode(nodelist, parser.compile_filter(bits[1]))
