"""Template tags that state a fact with its "as of" date and source (hover text and a footnote link).

    {% load facts %}
    {% fact "appi-breach-final-days" %}        the statement, e.g. 確報は、知った日から30日以内に出します。
    {% fact_value "windows10-end" %}           only the value, e.g. 2025年10月14日
    {% fact_source "it-subsidy-programme" %}   only the footnote link to the source

Each renders the citation ("2026年12月5日時点の情報。出典：…") as the hover text and a small 「出典」
link to the official page, so a reader can always see how fresh a fact is and where it comes from.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from rashinban.facts.registry import Fact, fact

register = template.Library()


def _lang() -> str:
    return (get_language() or "ja")[:2]


def source_link(item: Fact, lang: str) -> SafeString:
    return format_html(
        '<sup class="fact-source"><a href="{}" title="{}" target="_blank" rel="noopener noreferrer">{}</a></sup>',
        item.source_url,
        item.citation(lang),
        _("source"),
    )


def _cited(item: Fact, text: str, lang: str) -> SafeString:
    return format_html(
        '<span class="fact" data-fact="{}" title="{}">{}</span>{}',
        item.id,
        item.citation(lang),
        text,
        source_link(item, lang),
    )


@register.simple_tag(name="fact")
def fact_tag(fact_id: str) -> SafeString:
    """The fact's statement in the reader's language, with its citation."""
    item, lang = fact(fact_id), _lang()
    return _cited(item, item.text(lang), lang)


@register.simple_tag
def fact_value(fact_id: str) -> SafeString:
    """Only the fact's value (a date, a number, a name), with its citation."""
    item, lang = fact(fact_id), _lang()
    return _cited(item, item.value_text(lang), lang)


@register.simple_tag
def fact_source(fact_id: str) -> SafeString:
    """Only the footnote link, for a sentence of ours that relies on the fact."""
    return source_link(fact(fact_id), _lang())


@register.filter
def yen(amount: object) -> str:
    """Money in the reader's language: 150,000円 (ja) or ¥150,000 (en); "" for None or non-numbers."""
    from rashinban.formats import yen as format_yen

    try:
        return format_yen(float(amount), _lang()) if amount is not None and amount != "" else ""  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""


@register.simple_tag
def term(term_id: str, text: str = "") -> SafeString:
    """A glossary term (or `text`) with its one-sentence explanation as hover text and a visible footnote mark.

    {% term "npv" %} -> <abbr class="term" title="将来の収入と支出を…">NPV(正味現在価値)</abbr>
    """
    from rashinban.glossary import term as glossary_term

    item, lang = glossary_term(term_id), _lang()
    explanation = item.explanation(lang)
    shown = text or item.name(lang)
    if not explanation:
        return format_html("{}", shown)
    return format_html('<abbr class="term" data-term="{}" title="{}">{}</abbr>', item.id, explanation, shown)
