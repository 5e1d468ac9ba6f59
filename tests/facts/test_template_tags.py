"""`{% fact %}` shows the statement with its "as of" date and source as hover text and a footnote link."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation


def render(source: str, lang: str) -> str:
    with translation.override(lang):
        return Template("{% load facts %}" + source).render(Context())


def test_fact_shows_statement_date_and_source_in_japanese():
    html = render('{% fact "appi-breach-final-days" %}', "ja")
    assert "確報は、知った日から30日以内に出します。" in html
    assert 'title="2026年12月5日時点の情報。出典：' in html
    assert 'href="https://www.ppc.go.jp/personalinfo/legal/guidelines_tsusoku/"' in html
    assert ">出典</a>" in html


def test_fact_value_in_english():
    html = render('{% fact_value "windows10-end" %}', "en")
    assert ">14 October 2025</span>" in html
    assert 'title="As of 5 December 2026. Source: Microsoft Learn' in html
    assert ">source</a>" in html


def test_fact_source_alone_is_a_link():
    html = render('{% fact_source "it-subsidy-programme" %}', "ja")
    assert html.startswith('<sup class="fact-source"><a href="https://it-shien.smrj.go.jp/"')
