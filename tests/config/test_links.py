"""config/links.py gives the links Django's reverse() gives: compared for every named route of the product, with
several numbers, in Python and through the {% url %} tag, and it leaves to reverse() what only reverse() can do."""

from __future__ import annotations

import pytest
from django.template import engines
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse, set_script_prefix

from rashinban.config import links

NUMBERS = (0, 1, 7, 42, 2026, 10**12, links.MARKER, links.MARKER + 1)


def named_routes(patterns=None, namespace: str = ""):  # type: ignore[no-untyped-def]
    """(name with its namespaces, number of arguments) of every named route in the URL configuration."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_routes(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", len(entry.pattern.converters) or entry.pattern.regex.groups


ROUTES = sorted(set(named_routes()))


def test_every_named_route_is_compared():
    names = {name for name, _count in ROUTES}
    assert len(ROUTES) > 150 and {"orgs:dashboard", "assessments:result", "nextsteps:plan", "healthz"} <= names


@pytest.mark.parametrize(("name", "count"), ROUTES)
def test_the_same_link_as_reverse(name: str, count: int):
    for first in NUMBERS:
        args = [first + n for n in range(count)]
        try:
            expected = reverse(name, args=args)
        except NoReverseMatch:
            with pytest.raises(NoReverseMatch):
                links.link(name, *args)
            continue
        assert links.link(name, *args) == expected
        if count:
            arguments = " ".join(str(a) for a in args)
            rendered = engines["django"].from_string(f"{{% url '{name}' {arguments} %}}").render({})
            assert rendered == expected


def test_text_keywords_and_negative_numbers_go_to_reverse():
    assert links.shaped("orgs:dashboard", ["12"]) is None and links.link("orgs:dashboard", "12") == "/o/12/"
    assert links.shaped("orgs:dashboard", [-1]) is None
    assert links.shaped("orgs:dashboard", [True]) is None
    with pytest.raises(NoReverseMatch):
        links.link("orgs:dashboard", -1)  # <int:...> takes no sign: reverse() says so, not a made-up link
    with pytest.raises(NoReverseMatch):
        links.link("orgs:no-such-page", 1)
    template = engines["django"].from_string(
        "{% url 'orgs:dashboard' org_id=5 %}|{% url 'orgs:dashboard' 'x' as gone %}[{{ gone }}]"
    )
    assert template.render({}) == "/o/5/|[]"  # keywords as Django does; no match with "as": empty, as Django does


def test_a_script_prefix_is_part_of_the_shape():
    """Served under a sub-path (SCRIPT_NAME), the links carry it, as reverse()'s do."""
    try:
        set_script_prefix("/rashinban/")
        assert links.link("orgs:dashboard", 3) == reverse("orgs:dashboard", args=[3]) == "/rashinban/o/3/"
    finally:
        set_script_prefix("/")
    assert links.link("orgs:dashboard", 3) == "/o/3/"
