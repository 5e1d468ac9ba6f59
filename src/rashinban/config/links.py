"""Links to the product's own pages, each route's shape worked out once per process.

Django's `reverse()` walks the name's namespaces and matches its arguments against the route on every call:
15-25 µs, and a signed-in page builds 20-40 links (the menu alone 19), about 5 % of a page's time under the
realistic load (bench/README.md, "The fourth session's runs"). Nearly all take whole numbers: a company's id, a
row's id. `link()` asks `reverse()` once per route and number of arguments, with marker numbers, and puts the real
numbers where the markers came out. Anything else (keyword arguments, text, a negative number, a route where the
markers do not come out once each and in order) goes to `reverse()` itself. The `{% url %}` tag of every template
goes through it too (TEMPLATES' builtins). tests/config/test_links.py compares both for every named route.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from django import template
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as url_tag
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

MARKER = 7_301_946_285  # argument n is reversed as MARKER + n: ten digits that no route of ours holds


@lru_cache(maxsize=1024)
def _shape(viewname: str, count: int, urlconf: Any, prefix: str) -> tuple[str, ...] | None:
    """The fixed pieces around the arguments, or None when the markers do not come out once each, in order.
    `prefix` (the script prefix) is part of the key: reverse() reads it itself."""
    try:
        url = reverse(viewname, urlconf=urlconf, args=[MARKER + n for n in range(count)])
    except NoReverseMatch:
        return None
    markers = [str(MARKER + n) for n in range(count)]
    if any(url.count(marker) != 1 for marker in markers):
        return None
    pieces = re.split("|".join(markers), url)
    found = re.findall("|".join(markers), url)
    return tuple(pieces) if found == markers else None


def shaped(viewname: str, args: list | tuple) -> str | None:
    """The link from the route's shape, or None where only reverse() can tell."""
    if not isinstance(viewname, str) or any(type(arg) is not int or arg < 0 for arg in args):
        return None
    shape = _shape(viewname, len(args), get_urlconf(), get_script_prefix())
    if shape is None:
        return None
    out = [shape[0]]
    for arg, piece in zip(args, shape[1:], strict=True):
        out += (str(arg), piece)
    return "".join(out)


def link(viewname: str, *args: Any) -> str:
    """reverse(viewname, args=args), the same string, without matching the route again."""
    return shaped(viewname, args) or reverse(viewname, args=args)


register = template.Library()


class LinkNode(URLNode):
    """Django's {% url %}, with positional whole-number arguments through `shaped()`; the rest as Django does it."""

    def render(self, context: template.Context) -> str:
        if self.kwargs:
            return super().render(context)
        url = shaped(self.view_name.resolve(context), [arg.resolve(context) for arg in self.args])
        if url is None:
            return super().render(context)
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser: template.base.Parser, token: template.base.Token) -> LinkNode:
    node = url_tag(parser, token)
    return LinkNode(node.view_name, node.args, node.kwargs, node.asvar)
