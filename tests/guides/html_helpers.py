"""A tiny HTML reader for assertions: elements with their attributes and text."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

from taro.markdown import VOID_TAGS

VOID = VOID_TAGS


@dataclass
class Element:
    tag: str
    attrs: dict
    parent: "Element | None" = None
    text_parts: list = field(default_factory=list)
    children: list = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join("".join(self.text_parts).split())

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.stack = [self.root]
        self.elements: list[Element] = []

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), parent=self.stack[-1])
        self.stack[-1].children.append(element)
        self.elements.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        for element in self.stack[1:]:
            element.text_parts.append(data)


def parse(html: str) -> list[Element]:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.elements


def find(html: str, tag: str, **attrs) -> list[Element]:
    return [
        element
        for element in parse(html)
        if element.tag == tag
        and all(
            element.attrs.get(key.rstrip("_").replace("_", "-")) == value
            for key, value in attrs.items()
        )
    ]
