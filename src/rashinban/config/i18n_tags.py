"""Django's i18n template tags as `{% load i18n_kept %}` (TEMPLATES' "libraries"), which every template of the product
loads instead of `{% load i18n %}`, with `{% translate "a fixed text" %}` kept per language once rendered. (Under
the name "i18n" itself Django's system check warns of two libraries with one name.)

A page shows 30-60 fixed texts (the menu alone 25). Django's tag makes each a lazy translation, resolves it, then
localises and escapes it on every render: 5-8 µs each. Its result depends only on the text, the language and
whether the page escapes, so the first rendering of each is kept under those and reused: the same string, made
by Django's own node. A text with a filter, a context, `noop` or `as` is rendered by Django's node every time.
The kept texts are forgotten when the languages or translation files change (`setting_changed`, as Django's own
catalogues are) and are at most `KEPT_MOST` (the product has about 1,500 texts in two languages).
tests/config/test_i18n_tags.py compares both for every fixed text of every template, and checks that every
template loads this library.
"""

from __future__ import annotations

from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import Context, Library
from django.template.base import Parser, Token, Variable
from django.templatetags import i18n as django_i18n
from django.utils.translation import get_language

KEPT_MOST = 20_000
_kept: dict[tuple[str | None, str, bool], str] = {}

register = Library()
register.tags.update(django_i18n.register.tags)
register.filters.update(django_i18n.register.filters)


class KeptTranslateNode(django_i18n.TranslateNode):
    def render(self, context: Context) -> str:
        var = self.filter_expression.var
        if (
            self.asvar
            or self.noop
            or self.message_context
            or self.filter_expression.filters
            or not isinstance(var, Variable)
            or var.lookups is not None
        ):
            return super().render(context)
        key = (get_language(), var.literal, context.autoescape)
        value = _kept.get(key)
        if value is None:
            value = super().render(context)
            if len(_kept) >= KEPT_MOST:
                _kept.clear()
            _kept[key] = value
        return value


@register.tag("translate")
@register.tag("trans")
def translate(parser: Parser, token: Token) -> KeptTranslateNode:
    node = django_i18n.do_translate(parser, token)
    return KeptTranslateNode(node.filter_expression, node.noop, node.asvar, node.message_context)


@receiver(setting_changed)
def _forget(*, setting: str, **_kwargs: Any) -> None:
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS"}:
        _kept.clear()
