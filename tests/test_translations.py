"""The Japanese catalog: complete, no fuzzy entries, placeholders intact, .mo compiled from the .po.

Japanese is the product's first language, so an English msgid left untranslated is a bug a Japanese
user sees. To update: `make messages`, translate what is new (locale/ja/LC_MESSAGES/django.po), and
commit the .po and the .mo together.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.conftest import login, make_user

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "rashinban"
LC_MESSAGES = PACKAGE / "locale" / "ja" / "LC_MESSAGES"
PO_PATH = LC_MESSAGES / "django.po"
MO_PATH = LC_MESSAGES / "django.mo"
LANDING_HEADING = "Where does your company stand on DX and security?"

# printf-style conversions as Python's % operator reads them: %s, %d, %(name)s, %(n)d, %%, ...
PLACEHOLDER = re.compile(r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?P<kind>[diouxXeEfFgGcrsa%])")


def po() -> polib.POFile:
    return polib.pofile(str(PO_PATH))


def entries() -> list[polib.POEntry]:
    return [e for e in po() if not e.obsolete]


def entry_id(entry: polib.POEntry) -> str:
    return (f"{entry.msgctxt}|" if entry.msgctxt else "") + entry.msgid[:60]


def placeholders(text: str) -> tuple[Counter, list[str]]:
    """(named placeholders with their conversion, positional conversions in order); '%%' is text."""
    named: Counter = Counter()
    positional: list[str] = []
    for match in PLACEHOLDER.finditer(text):
        if match["kind"] == "%":
            continue
        if match["name"] is not None:
            named[f"%({match['name']}){match['kind']}"] += 1
        else:
            positional.append(match["kind"])
    return named, positional


def translations(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


# ---------------------------------------------------------------- the .po


def test_header_declares_japanese_with_one_plural_form():
    catalog = po()
    assert not catalog.metadata_is_fuzzy
    assert catalog.metadata["Language"] == "ja"
    assert catalog.metadata["Plural-Forms"].replace(" ", "") == "nplurals=1;plural=0;"
    assert "charset=UTF-8" in catalog.metadata["Content-Type"]
    assert "make messages" in catalog.header, "keep the note on how to update the catalog"


def test_catalog_is_not_empty():
    assert len(entries()) > 100


def test_every_entry_is_translated():
    missing = [entry_id(e) for e in entries() if not all(s.strip() for s in translations(e))]
    assert not missing, f"untranslated msgids (run `make messages` and translate them): {missing}"


def test_no_entry_is_fuzzy():
    fuzzy = [entry_id(e) for e in entries() if "fuzzy" in e.flags]
    assert not fuzzy, f"fuzzy entries (check the translation, then drop the flag): {fuzzy}"


def test_plural_entries_fill_the_one_japanese_form():
    plural = [e for e in entries() if e.msgid_plural]
    for entry in plural:
        assert set(entry.msgstr_plural) == {0}, entry_id(entry)


def test_placeholders_match_between_msgid_and_msgstr():
    wrong = []
    for entry in entries():
        expected_named, expected_positional = placeholders(entry.msgid_plural or entry.msgid)
        if entry.msgid_plural:
            # Japanese has one form, used for every n: it must accept what the plural msgid takes.
            singular_named, _ = placeholders(entry.msgid)
            expected_named = expected_named | singular_named
        for text in translations(entry):
            named, positional = placeholders(text)
            if set(named) != set(expected_named) or positional != expected_positional:
                wrong.append((entry_id(entry), sorted(expected_named), sorted(named), expected_positional, positional))
    assert not wrong, f"placeholders differ (msgid, expected, found): {wrong}"


def test_python_format_translations_can_be_formatted():
    """The % operator must accept each translation with the msgid's own arguments (no stray '%')."""
    broken = []
    for entry in entries():
        if "python-format" not in entry.flags:
            continue
        named, positional = placeholders(entry.msgid_plural or entry.msgid)
        for text in translations(entry):
            args: object = {p[2:-2]: 1 for p in named} if named else tuple(1 for _ in positional)
            try:
                text % args  # noqa: B018 - the formatting is the check
            except (KeyError, TypeError, ValueError) as error:
                broken.append((entry_id(entry), repr(error)))
    assert not broken, broken


def test_no_msgid_carries_an_unreadable_escape():
    r"""xgettext does not decode \uXXXX in Python strings and templates never do: use the character itself."""
    escaped = [entry_id(e) for e in entries() if re.search(r"\\[uUN]", e.msgid + (e.msgid_plural or ""))]
    assert not escaped, f"write the character (e.g. “ ”), not an escape, in these source strings: {escaped}"


# ---------------------------------------------------------------- the .mo


def compiled(catalog: Iterable[polib.POEntry] | polib.MOFile) -> dict[tuple[str | None, str], object]:
    table: dict[tuple[str | None, str], object] = {}
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        if entry.msgid_plural:
            table[(entry.msgctxt, entry.msgid)] = (entry.msgid_plural, tuple(translations(entry)))
        else:
            table[(entry.msgctxt, entry.msgid)] = entry.msgstr
    return table


def test_mo_is_compiled_from_the_current_po():
    assert MO_PATH.exists(), "run `make messages` (compilemessages) and commit django.mo"
    expected = compiled(_translated_only(po()))
    shipped = compiled(polib.mofile(str(MO_PATH)))
    stale = sorted(str(key[1])[:60] for key in expected.keys() ^ shipped.keys())
    changed = sorted(str(key[1])[:60] for key in expected.keys() & shipped.keys() if expected[key] != shipped[key])
    assert not stale and not changed, (
        f"django.mo is out of date with django.po: run `make messages` (compilemessages). "
        f"missing or extra: {stale}; different: {changed}"
    )
    assert polib.mofile(str(MO_PATH)).metadata.get("Plural-Forms", "").replace(" ", "") == "nplurals=1;plural=0;"


def _translated_only(source: polib.POFile) -> list[polib.POEntry]:
    """What msgfmt puts in a .mo: translated, non-fuzzy entries."""
    return [e for e in source if not e.obsolete and "fuzzy" not in e.flags and all(translations(e))]


# ---------------------------------------------------------------- the .po covers the source


@pytest.mark.skipif(not (shutil.which("xgettext") and shutil.which("msgmerge")), reason="needs GNU gettext")
def test_po_has_every_string_in_the_source(tmp_path, monkeypatch):
    """makemessages on a copy of the package finds exactly the msgids the .po has (none new, none stale)."""
    copy = tmp_path / "rashinban"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static", "locale-drafts"))
    monkeypatch.chdir(copy)
    with override_settings(LOCALE_PATHS=[]):
        call_command("makemessages", locale=["ja"], no_obsolete=True, verbosity=0, ignore_patterns=["locale-drafts/*"])
    fresh = {
        (e.msgctxt, e.msgid) for e in polib.pofile(str(copy / "locale/ja/LC_MESSAGES/django.po")) if not e.obsolete
    }
    current = {(e.msgctxt, e.msgid) for e in entries()}
    new, gone = sorted(m for _, m in fresh - current), sorted(m for _, m in current - fresh)
    assert not new and not gone, f"run `make messages` and translate: new msgids {new}; msgids no longer used {gone}"


# ---------------------------------------------------------------- what people see


def ja(msgid: str) -> str:
    found = po().find(msgid)
    assert found is not None and found.msgstr, msgid
    return found.msgstr


@pytest.mark.django_db
def test_anonymous_visitor_gets_japanese_by_default(client):
    # The browser's Accept-Language is ignored on purpose: the product speaks Japanese unless asked.
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    page = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == "ja"
    assert '<html lang="ja">' in page
    assert "羅針盤" in page
    assert ja(LANDING_HEADING) in page
    assert ja("Register your company") == "会社を登録" and "会社を登録" in page
    assert "ログイン" in page
    assert LANDING_HEADING not in page


@pytest.mark.django_db
def test_language_cookie_switches_an_anonymous_visitor_to_english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get("/").content.decode()

    assert LANDING_HEADING in page
    assert ja(LANDING_HEADING) not in page


@pytest.mark.django_db
def test_user_who_chose_english_sees_english(client):
    user = make_user("emma@en.example", "Emma")
    user.language = "en"
    user.save(update_fields=["language"])
    login(client, user)

    response = client.get("/")  # no company yet: the page that lists the user's companies

    page = response.content.decode()
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in page
    assert "Your companies" in page
    assert "Register your company" in page
    assert ja("Your companies") not in page


@pytest.mark.django_db
def test_user_who_chose_japanese_sees_japanese(client):
    user = make_user("hana@ja.example", "Hana")
    login(client, user)

    page = client.get("/").content.decode()

    assert ja("Your companies") in page
    assert ja("Register your company") in page


def test_command_line_speaks_japanese_under_a_japanese_locale(monkeypatch):
    from rashinban import i18n

    monkeypatch.setenv("RASHINBAN_LANG", "ja_JP.UTF-8")
    assert i18n._("Database is up to date.") == ja("Database is up to date.")
    monkeypatch.setenv("RASHINBAN_LANG", "en")
    assert i18n._("Database is up to date.") == "Database is up to date."
