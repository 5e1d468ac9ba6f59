"""config/i18n_tags.py renders every fixed text of every template as Django's own {% translate %} does, in both
languages, escaped or not; texts with filters, a context or "as" go through Django's node."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Engine, engines
from django.templatetags import i18n as django_i18n
from django.utils import translation

import rashinban
from rashinban.config import i18n_tags

TEMPLATES = Path(rashinban.__file__).parent / "templates"
FIXED = re.compile(r"""\{% (?:translate|trans) ("[^"]*"|'[^']*') %\}""")


def fixed_texts() -> list[str]:
    found = set()
    for path in TEMPLATES.rglob("*.html"):
        found.update(FIXED.findall(path.read_text(encoding="utf-8")))
    return sorted(found)


TEXTS = fixed_texts()
# Django's own library under another name: the reference each rendering is compared with.
REFERENCE = Engine(libraries={"django_i18n": django_i18n.__name__}, autoescape=True)


def test_every_template_loads_the_kept_tags():
    assert engines["django"].engine.template_libraries["i18n_kept"] is i18n_tags.register
    assert len(TEXTS) > 300
    plain = [
        str(path)
        for path in TEMPLATES.parent.rglob("*")
        if path.suffix in {".html", ".txt"}
        and "templates" in path.parts
        and re.search(r"\{% load [^%]*\bi18n\b(?!_)", path.read_text(encoding="utf-8"))
    ]
    assert plain == []  # {% load i18n %} works too, only without the kept texts


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("autoescape", [True, False])
def test_the_same_text_as_django(language: str, autoescape: bool):
    source = "".join(f"{{% translate {text} %}}\n" for text in TEXTS)
    ours = engines["django"].engine.from_string("{% load i18n_kept %}" + source)
    theirs = REFERENCE.from_string("{% load django_i18n %}" + source)
    with translation.override(language):
        for _ in range(2):  # the second time from what was kept
            assert ours.render(Context(autoescape=autoescape)) == theirs.render(Context(autoescape=autoescape))


def test_a_kept_text_follows_the_language():
    template = engines["django"].from_string('{% load i18n_kept %}{% translate "Home" %}')
    with translation.override("ja"):
        japanese = template.render({})
    with translation.override("en"):
        english = template.render({})
    with translation.override("ja"):
        assert template.render({}) == japanese
    assert english == "Home" and japanese != english


def test_markup_in_a_text_as_django_does():
    source = '{% translate "<b>&" %}|{% autoescape off %}{% translate "<b>&" %}{% endautoescape %}'
    ours = engines["django"].from_string("{% load i18n_kept %}" + source)
    theirs = REFERENCE.from_string("{% load django_i18n %}" + source)
    assert ours.render({}) == theirs.render(Context()) and ours.render({}) == ours.render({})


def test_filters_context_and_as_go_through_django():
    source = (
        '{% load i18n_kept %}{% translate "Home" as home %}[{{ home }}]{% translate "Next" context "first hour" %}'
        '{% translate text %}{% translate "Home"|upper %}{% translate "Home" noop %}'
    )
    ours = engines["django"].from_string(source)
    theirs = REFERENCE.from_string(source.replace("load i18n_kept", "load django_i18n"))
    for language in ("ja", "en"):
        with translation.override(language):
            assert ours.render({"text": "Home"}) == theirs.render(Context({"text": "Home"}))
