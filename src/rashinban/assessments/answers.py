"""Answer files for `rashinban score`: read YAML, JSON or a filled-in Excel sheet; write blank sheets.

A YAML or JSON answer file is `{"catalog": ID, "answers": {QUESTION_ID: ANSWER}}`. The Excel sheet
comes from `write_template`: sheet "answers", question ids in column A, answers in column E picked from
a drop-down of the choices in the sheet's language, and the bank id on a hidden sheet "meta". An answer
may be the option's id or its label in Japanese or English, in any case and width (`Yes`, `ＹＥＳ`,
`はい`): `option_ids` turns them into option ids. Every error names the file and, where it can, the
line or cell.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from rashinban import limits
from rashinban.assessments.catalog import Catalog, Question, YamlPath, YamlProblem, line_for, localized, parse_yaml
from rashinban.i18n import translate as _
from rashinban.reports.xlsx import FORMULA_STARTS, BookInfo, Sheet, build_workbook

FORMATS = ("yaml", "xlsx")
READERS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".xlsx": "xlsx"}
SHEET = "answers"
META_SHEET = "meta"
LISTS_SHEET = "lists"  # hidden: one row per set of choices, the drop-downs' source
ID_COLUMN, ANSWER_COLUMN = 1, 5
MAX_PROBLEMS = 20  # unreadable answers named in one message

# The sheet's own words follow the bank's language (`lang`), not the command line's, so they live
# here as content in both languages rather than in the gettext catalog.
WORDS: dict[str, dict[str, Any]] = {
    "ja": {
        "headers": ("設問ID", "区分", "設問", "選択肢", "回答(一覧から選ぶ)"),
        "title": "羅針盤 回答シート",
        "how": "各設問の null を選択肢のID(例: %(example)s)に書き換えてください。",
        "blank": "null のままの設問は「わからない」(0点)として数えます。",
        "invalid": "一覧にある選択肢を選んでください。",
    },
    "en": {
        "headers": ("Question ID", "Section", "Question", "Choices", "Answer (pick from the list)"),
        "title": "Rashinban answer sheet",
        "how": "Replace each null with the id of one choice (for example %(example)s).",
        "blank": 'A question left at null counts as "don\'t know" (0 points).',
        "invalid": "Choose one of the choices in the list.",
    },
}


class Answers(dict[str, str]):
    """Question id → the answer as written; `places` says where each one stands ("cell E5", "line 12")."""

    def __init__(self) -> None:
        super().__init__()
        self.places: dict[str, tuple[str, int | str]] = {}  # ("cell", "E5") or ("line", 12)


class AnswersFileError(Exception):
    """An answer file that cannot be used; the message names the file and the line or cell."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def _error(path: Path, problem: str, *, line: int | None = None, cell: str | None = None) -> AnswersFileError:
    if cell is not None:
        return AnswersFileError(
            _("%(file)s, sheet '%(sheet)s', cell %(cell)s: %(problem)s")
            % {"file": path, "sheet": SHEET, "cell": cell, "problem": problem}
        )
    if line is not None:
        return AnswersFileError(f"{path}:{line}: {problem}")
    return AnswersFileError(f"{path}: {problem}")


# ---------------------------------------------------------------- reading


def read_answers(path: str | Path) -> tuple[str | None, dict[str, str]]:
    """(bank id named in the file or None, {question id: option id}); blank answers are left out."""
    path = Path(path)
    kind = READERS.get(path.suffix.lower())
    if kind is None:
        raise _error(path, _("unsupported file type; use .yaml, .yml, .json or .xlsx"))
    if not path.is_file():
        raise _error(path, _("file not found"))
    try:
        profile = limits.ANSWER_FILE if kind == "xlsx" else limits.ANSWER_TEXT
        limits.check_size(path.stat().st_size, str(path), profile)
        if kind == "xlsx":
            return _read_xlsx(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise _error(path, _("cannot read the file: %(problem)s") % {"problem": error}) from error
        lines: dict[YamlPath, int] = {}
        if kind == "json":
            data = _parse_json(path, text)
        else:
            try:
                data, lines = parse_yaml(text, limits.ANSWER_TEXT)
            except YamlProblem as problem:
                raise _error(path, problem.message, line=problem.line) from problem
        return _from_mapping(path, data, lines)
    except limits.LimitError as error:
        raise AnswersFileError(str(error)) from None


def _parse_json(path: Path, text: str) -> Any:
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise ValueError(_("key '%(key)s' appears twice") % {"key": key})
            result[key] = value
        return result

    try:
        return limits.load_json(text, str(path), limits.ANSWER_TEXT, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as error:
        raise _error(path, _("JSON syntax error: %(problem)s") % {"problem": error.msg}, line=error.lineno) from error
    except limits.LimitError:
        raise
    except ValueError as error:
        raise _error(path, str(error)) from error


def _from_mapping(path: Path, data: Any, lines: dict[YamlPath, int]) -> tuple[str | None, dict[str, str]]:
    def where(*key: str | int) -> int | None:
        return line_for(lines, key) if lines else None

    if not isinstance(data, dict):
        raise _error(path, _("expected a mapping with 'catalog' and 'answers'"), line=where())
    catalog_id = data.get("catalog")
    if catalog_id is not None and not isinstance(catalog_id, str):
        raise _error(path, _("'catalog' must be the id of a question bank"), line=where("catalog"))
    if "answers" not in data:
        raise _error(path, _("there is no 'answers' mapping"), line=where())
    raw = data["answers"]
    if not isinstance(raw, dict):
        raise _error(path, _("'answers' must map question ids to option ids"), line=where("answers"))
    answers = Answers()
    for key, value in raw.items():
        if isinstance(key, bool) or not isinstance(key, str | int):
            raise _error(path, _("'%(key)s' is not a question id") % {"key": key}, line=where("answers", key))
        try:
            answer = _answer_text(value)
        except TypeError:
            raise _error(
                path,
                _("the answer to '%(question)s' must be one option id") % {"question": key},
                line=where("answers", key),
            ) from None
        if answer:
            answers[str(key)] = answer
            line = where("answers", key)
            if line is not None:
                answers.places[str(key)] = ("line", line)
    return catalog_id.strip() if catalog_id else None, answers


def _answer_text(value: Any) -> str:
    """An answer as text, "" when blank; TypeError when the value cannot be an option id."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str | int | float):
        return str(value).strip()
    raise TypeError(value)


def _read_xlsx(path: Path) -> tuple[str | None, dict[str, str]]:
    # Bounded before openpyxl reads anything: an answer sheet is a few hundred rows (rashinban.limits).
    with limits.read_workbook(path.read_bytes(), str(path), limits.ANSWER_FILE) as workbook:
        if SHEET not in workbook.sheetnames:
            raise _error(
                path,
                _("there is no sheet named '%(sheet)s'; start from `rashinban answers-template`") % {"sheet": SHEET},
            )
        answers = _answers_from_rows(path, limits.sheet_rows(workbook[SHEET], str(path), limits.ANSWER_FILE))
        return _xlsx_catalog_id(workbook, path), answers


def _answers_from_rows(path: Path, rows: Any) -> Answers:
    known = {words["headers"][ID_COLUMN - 1] for words in WORDS.values()}
    first = next(rows, None)
    if first is None or first[0] != 1 or first[1][ID_COLUMN - 1] not in known:
        raise _error(path, _("this sheet does not have the template's columns (A: question id, E: answer)"), cell="A1")
    answers = Answers()
    seen: dict[str, str] = {}
    for number, values in rows:
        values = [*values, None, None, None, None, None][:ANSWER_COLUMN]
        qid, value = values[ID_COLUMN - 1], values[ANSWER_COLUMN - 1]
        id_cell = f"{get_column_letter(ID_COLUMN)}{number}"
        answer_cell = f"{get_column_letter(ANSWER_COLUMN)}{number}"
        try:
            answer = _answer_text(value)
        except TypeError:
            raise _error(path, _("an answer must be one option id"), cell=answer_cell) from None
        qid = qid.strip() if isinstance(qid, str) else qid
        if qid in (None, ""):
            if answer:
                raise _error(path, _("an answer without a question id in column A"), cell=answer_cell)
            continue
        if not isinstance(qid, str):
            raise _error(path, _("a question id must be text"), cell=id_cell)
        if qid in seen:
            raise _error(
                path,
                _("question '%(question)s' is already in cell %(other)s") % {"question": qid, "other": seen[qid]},
                cell=id_cell,
            )
        seen[qid] = id_cell
        if answer:
            answers[qid] = answer
            answers.places[qid] = ("cell", answer_cell)
    return answers


def fold(text: str) -> str:
    """An answer as compared: full-width and half-width alike (NFKC), any case, spaces squeezed."""
    text = text.strip()
    if text[:1] == "'" and text[1:2] in FORMULA_STARTS:
        text = text[1:]  # the apostrophe our own sheets put before formula-like text
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def match_option(question: Question, answer: str, lang: str = "ja") -> str | None:
    """The id of the option `answer` names, or None: its id, its label (the sheet's language first), or a
    label's first clause when only one option starts so ("はい" for "はい、文書にある")."""
    wanted = fold(answer)
    for names in (
        lambda o: [o.id],
        lambda o: [localized(o.label, lang)],
        lambda o: list(o.label.values()),
    ):
        for option in question.options:
            if wanted in (fold(name) for name in names(option)):
                return option.id
    starts = {o.id for o in question.options for label in o.label.values() if _first_clause(label) == wanted}
    return starts.pop() if len(starts) == 1 else None


def _first_clause(label: str) -> str:
    return fold(re.split(r"[、,(]", unicodedata.normalize("NFKC", label), maxsplit=1)[0])


def option_ids(path: str | Path, catalog: Catalog, answers: Mapping[str, str], lang: str = "ja") -> dict[str, str]:
    """`answers` with every answer as an option id, or AnswersFileError naming each cell or line it cannot read."""
    places = getattr(answers, "places", {})
    resolved: dict[str, str] = {}
    problems: list[AnswersFileError] = []
    for qid, answer in answers.items():
        kind, where = places.get(qid, ("", None))
        at = {"cell": str(where) if kind == "cell" else None, "line": where if kind == "line" else None}
        question = catalog.question(qid)
        if question is None:
            problems.append(
                _error(Path(path), _("there is no question “%(question)s” in this bank") % {"question": qid}, **at)
            )  # type: ignore[arg-type]
            continue
        option = match_option(question, answer, lang)
        if option is None:
            choices = ", ".join(f"{o.id} ({localized(o.label, lang)})" for o in question.options)
            problem = _("“%(answer)s” is not a choice of question %(question)s; write one of: %(choices)s") % {
                "answer": answer, "question": qid, "choices": choices}  # fmt: skip
            problems.append(_error(Path(path), problem, **at))  # type: ignore[arg-type]
            continue
        resolved[qid] = option
    if problems:
        raise AnswersFileError("\n".join(p.message for p in problems[:MAX_PROBLEMS]))
    return resolved


def _xlsx_catalog_id(workbook: Any, path: Path) -> str | None:
    if META_SHEET not in workbook.sheetnames:
        return None
    for _number, values in limits.sheet_rows(workbook[META_SHEET], str(path), limits.ANSWER_FILE):
        key, value = ([*values, None, None])[:2]
        if key == "catalog" and isinstance(value, str) and value.strip():
            return value.strip()
    return None


# ---------------------------------------------------------------- writing


def write_template(
    catalog: Catalog, fmt: str, path: str | Path, lang: str, audience: str | None = None, company: str = ""
) -> None:
    """Write a blank answer sheet (`fmt` "yaml" or "xlsx") for the questions `audience` answers."""
    if fmt == "yaml":
        Path(path).write_text(yaml_template(catalog, lang, audience), encoding="utf-8")
    elif fmt == "xlsx":
        _write_xlsx(catalog, Path(path), lang, audience, company)
    else:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")


def _words(lang: str) -> dict[str, Any]:
    return WORDS.get(lang, WORDS["en"])


def yaml_template(catalog: Catalog, lang: str, audience: str | None = None) -> str:
    """A blank YAML answer file; comments carry each question and its choices."""
    words = _words(lang)
    pairs = catalog.questions_for(audience)
    example = pairs[0][1].options[0].id if pairs else "yes"
    out = [
        f"# {words['title']}: {_one_line(localized(catalog.title, lang))} [{catalog.id} v{catalog.version}]",
        f"# {words['how'] % {'example': example}}",
        f"# {words['blank']}",
        f"catalog: {_yaml_scalar(catalog.id)}",
        "answers:",
    ]
    current = None
    for section, question in pairs:
        if section is not current:
            out += ["", f"  # [{section.id}] {_one_line(localized(section.title, lang))}"]
            current = section
        choices = " | ".join(f"{o.id} = {_one_line(localized(o.label, lang))}" for o in question.options)
        out += [
            f"  # {_one_line(localized(question.text, lang))}",
            f"  #   {choices}",
            f"  {_yaml_scalar(question.id)}: null",
        ]
    return "\n".join(out) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _yaml_scalar(value: str) -> str:
    # Ids are [a-z0-9_-]; a plain one that YAML would read as a number, bool or null gets quotes.
    if re.fullmatch(r"[a-z][a-z0-9_-]*", value) and value not in {"null", "true", "false"}:
        return value
    return json.dumps(value)


def _write_xlsx(catalog: Catalog, path: Path, lang: str, audience: str | None, company: str = "") -> None:
    words = _words(lang)
    pairs = catalog.questions_for(audience)
    rows = [
        # Texts of an imported bank are other people's input: the workbook helper neutralises every cell.
        [question.id, localized(section.title, lang), localized(question.text, lang),
         "\n".join(localized(o.label, lang) for o in question.options), None]
        for section, question in pairs
    ]  # fmt: skip
    info = BookInfo(company, localized(catalog.title, lang), date.today(), lang)
    # No filter buttons: on a form to fill in they look like one more drop-down.
    sheet = Sheet(SHEET, list(words["headers"]), rows, widths=(11, 20, 54, 28, 24), filters=False)
    workbook = build_workbook([sheet], info)
    answers = workbook[SHEET]
    lists = workbook.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    validations: dict[tuple[str, ...], DataValidation] = {}
    answer_fill = PatternFill("solid", fgColor="FFF7D6")
    for row, (_section, question) in enumerate(pairs, start=2):
        answers.cell(row=row, column=ANSWER_COLUMN).fill = answer_fill
        labels = tuple(localized(o.label, lang) for o in question.options)
        if labels not in validations:
            # The choices' source is a row of the hidden sheet, not a list in the rule itself: that has
            # a 255-character limit and cannot hold a label with a comma.
            source = lists.max_row + 1 if validations else 1
            for column, label in enumerate(labels, start=1):
                lists.cell(row=source, column=column, value=label)
            end = get_column_letter(len(labels))
            validations[labels] = DataValidation(
                type="list",
                formula1=f"{quote_sheetname(LISTS_SHEET)}!$A${source}:${end}${source}",
                allow_blank=True,
                showErrorMessage=True,
                # A warning, not a stop: an option id or a label typed by hand is read too.
                errorStyle="warning",
                error=words["invalid"],
            )
        validations[labels].add(f"{get_column_letter(ANSWER_COLUMN)}{row}")
    for validation in validations.values():
        answers.add_data_validation(validation)
    meta = workbook.create_sheet(META_SHEET)
    for key, value in (
        ("catalog", catalog.id),
        ("version", catalog.version),
        ("language", lang),
        ("audience", audience or "all"),
    ):
        meta.append([key, value])
    meta.sheet_state = "hidden"
    workbook.save(path)
