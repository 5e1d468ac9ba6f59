"""`rashinban drills classify EVENTS.jsonl`: the drill classifier on an exported event stream, offline and without
the database, with exactly the code the web uses (drills/classify.py), so a security lead can audit a drill.

Output with `--json` (one object on stdout):
    {"recipients": [{"recipient", "opened", "clicked", "submitted", "reported", "forwarded", "clicks",
                     "set_aside", "reasons": ["…", …]}]}
Exit 0 on success, 2 on bad input (the message on stderr names the file, the line and the field).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
import yaml
from pydantic import ValidationError

from rashinban.drills import classify, eventstream, wording
from rashinban.drills.scanners import ScannerList, builtin_scanners, parse
from rashinban.evidence.runner import _cli_language as cli_language_context
from rashinban.i18n import _, cli_language

EXIT_BAD_INPUT = 2
MAX_SCANNER_FILE = 1024 * 1024


def _fail(message: str) -> None:
    click.echo(_("Error: %(message)s") % {"message": message}, err=True)
    sys.exit(EXIT_BAD_INPUT)


def _scanners(path: Path | None) -> ScannerList:
    """The built-in list, extended with a file of the same shape (`scanners:` entries), e.g. the company's."""
    scanners = builtin_scanners()
    if path is None:
        return scanners
    try:
        if path.stat().st_size > MAX_SCANNER_FILE:
            _fail(_("%(file)s: the file is larger than 1 MB") % {"file": path.name})
        extra = parse(yaml.safe_load(path.read_text(encoding="utf-8")))
    except OSError as error:
        _fail(f"{path.name}: {error.strerror or error}")
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        _fail(_("%(file)s: not a YAML file: %(problem)s") % {"file": path.name, "problem": error})
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        _fail(_("%(file)s, %(where)s: %(problem)s") % {"file": path.name, "where": where, "problem": first["msg"]})
    return scanners.extended(extra.scanners)


def result_json(outcomes: list[classify.Outcome], scanners: ScannerList, lang: str) -> dict[str, Any]:
    return {
        "recipients": [
            {
                "recipient": o.recipient,
                "opened": o.opened,
                "clicked": o.clicked,
                "submitted": o.submitted,
                "reported": o.reported,
                "forwarded": o.forwarded,
                "clicks": o.clicks,
                "set_aside": o.set_aside,
                "reasons": wording.describe_all(o.reasons(), scanners, lang),
            }  # fmt: skip
            for o in outcomes
        ]
    }


@click.group("drills", help=_("Practice phishing drills: judge an exported event stream (see docs/drills.md)."))
def drills_group() -> None:
    pass


@drills_group.command("classify", help=_("Judge every hit of an exported drill event stream (JSON Lines)."))
@click.argument("events", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--scanners", "scanner_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=_("Extra known scanners (YAML, the shape of drills/scanners.yaml)."))  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help=_("Print one JSON object instead of text."))
def classify_command(events: Path, scanner_file: Path | None, as_json: bool) -> None:
    with cli_language_context():  # inside a configured Django too (tests), the locale's language
        _classify(events, scanner_file, as_json)


def _classify(events: Path, scanner_file: Path | None, as_json: bool) -> None:
    scanners = _scanners(scanner_file)
    try:
        streams = eventstream.read_file(str(events))
    except eventstream.StreamProblem as problem:
        _fail(str(problem))
    lang = cli_language()
    outcomes = classify.classify(streams, scanners)
    data = result_json(outcomes, scanners, lang)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    words = {"clicked": _("clicked"), "submitted": _("typed into the form"), "reported": _("reported"),
             "forwarded": _("forwarded")}  # fmt: skip
    for row in data["recipients"]:
        flags = [text for name, text in words.items() if row[name]]
        click.echo(f"{row['recipient']}: {', '.join(flags) or '-'}")
        for reason in row["reasons"]:
            click.echo(f"  - {reason}")
    counted = sum(r["clicked"] for r in data["recipients"]), sum(r["reported"] for r in data["recipients"])
    click.echo(_("%(n)s people: %(c)s clicked, %(r)s reported.") % {"n": len(outcomes), "c": counted[0],
                                                                      "r": counted[1]})  # fmt: skip


def register(group: click.Group) -> None:
    group.add_command(drills_group)
