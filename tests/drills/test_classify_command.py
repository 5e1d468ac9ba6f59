"""`rashinban drills classify EVENTS.jsonl`: the same classifier on an exported stream, with bounded parsing
and clear errors (exit 2, file, line and field named, never a traceback)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from rashinban.cli import main
from rashinban.drills import classify, eventstream
from rashinban.drills.scanners import builtin_scanners
from tests.drills.scenarios import CORPUS


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["drills", "classify", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def write_corpus(path: Path) -> dict[str, dict]:  # type: ignore[type-arg]
    """Every scenario as one recipient of a single exported stream; returns recipient -> expected."""
    expected = {}
    with path.open("w", encoding="utf-8") as out:
        for name, (stream, wanted) in sorted(CORPUS.items()):
            recipient = f"{name}@example.co.jp"
            expected[recipient] = wanted
            out.write(eventstream.line(stream.delivered_at, recipient, "delivered"))  # type: ignore[arg-type]
            for hit in stream.hits:
                out.write(eventstream.line(hit.at, recipient, hit.event, hit.ip, hit.user_agent,
                                           eventstream.signals_dict(hit.signals), hit.channel))  # fmt: skip
    return expected


def test_the_command_gives_every_scenario_its_verdict(tmp_path, monkeypatch):
    monkeypatch.setenv("RASHINBAN_LANG", "en")
    expected = write_corpus(tmp_path / "events.jsonl")
    code, out, err = run(str(tmp_path / "events.jsonl"), "--json")
    assert code == 0, err
    rows = {row["recipient"]: row for row in json.loads(out)["recipients"]}
    assert set(rows) == set(expected)
    for recipient, wanted in expected.items():
        assert {k: rows[recipient][k] for k in wanted if k in rows[recipient]} == {
            k: v for k, v in wanted.items() if k in rows[recipient]
        }, recipient
    row = rows["safe-links-fetch-at-delivery@example.co.jp"]
    assert set(row) == {"recipient", "opened", "clicked", "submitted", "reported", "forwarded", "clicks",
                        "set_aside", "reasons"}  # fmt: skip
    assert row["reasons"][0].startswith("set aside: the link was opened 0.4 s after delivery by a known mail-security")


def test_same_function_as_the_web(tmp_path):
    write_corpus(tmp_path / "e.jsonl")
    streams = eventstream.read_file(str(tmp_path / "e.jsonl"))
    direct = {name: classify.classify_one(stream, builtin_scanners()) for name, (stream, _w) in CORPUS.items()}
    for stream in streams:
        again = classify.classify_one(stream, builtin_scanners())
        original = direct[stream.recipient.split("@")[0]]
        assert (again.clicked, again.reported, again.set_aside, again.forwarded) == (
            original.clicked, original.reported, original.set_aside, original.forwarded)  # fmt: skip


def test_text_output_in_japanese(tmp_path, monkeypatch):
    monkeypatch.setenv("RASHINBAN_LANG", "ja")
    write_corpus(tmp_path / "e.jsonl")
    code, out, _err = run(str(tmp_path / "e.jsonl"))
    assert code == 0 and "person-at-a-desk@example.co.jp: クリック" in out
    assert "30人:" in out.splitlines()[-1]


def test_extra_scanners_file(tmp_path):
    events = tmp_path / "e.jsonl"
    events.write_text(
        '{"at":"2026-04-01T09:00:00+09:00","recipient":"a@x.jp","event":"delivered"}\n'
        '{"at":"2026-04-01T10:00:00+09:00","recipient":"a@x.jp","event":"interaction","ip":"198.18.0.9",'
        '"user_agent":"Chrome","signals":{"ms_to_press":5000,"moves":30,"press_ms":90,"input":"mouse"}}\n'
    )
    assert json.loads(run(str(events), "--json")[1])["recipients"][0]["clicked"] is True
    extra = tmp_path / "ours.yaml"
    extra.write_text("scanners:\n- id: our-gateway\n  kind: mail-security\n  name: {ja: 自社, en: ours}\n"
                     "  networks: [198.18.0.0/15]\n  source_title: our IT vendor\n  as_of: 2026-04-01\n")  # fmt: skip
    verdict = json.loads(run(str(events), "--json", "--scanners", str(extra))[1])["recipients"][0]
    assert verdict["clicked"] is False and verdict["set_aside"] == 1
    extra.write_text("scanners:\n- id: x\n  kind: nonsense\n")
    code, out, err = run(str(events), "--scanners", str(extra))
    assert code == 2 and out == "" and "ours.yaml, scanners.0.kind" in err


@pytest.mark.parametrize(
    ("content", "where"),
    [
        ('{"at":"2026-04-01T09:00:00+09:00","recipient":"a","event":"delivered"}\nnot json\n', "line 2"),
        ('{"at":"2026-04-01T09:00:00","recipient":"a","event":"open"}\n', 'line 1, field "at"'),
        ('{"at":"2026-04-01T09:00:00Z","recipient":"a","event":"clicked"}\n', 'line 1, field "event"'),
        ('{"at":"2026-04-01T09:00:00Z","recipient":"a","event":"open","ip":"999.1.1.1"}\n', 'line 1, field "ip"'),
        ('{"at":"2026-04-01T09:00:00Z","event":"open"}\n', 'line 1, field "recipient"'),
        ("[1, 2]\n", "line 1"),
        (
            '{"at":"2026-04-01T09:00:00Z","recipient":"a","event":"submit","signals":{"moves":-1}}\n',
            'line 1, field "signals.moves"',
        ),
        ('{"at":"2026-04-01T09:00:00Z","recipient":"a\\u0000","event":"open"}\n', 'line 1, field "recipient"'),
        ('{"at":"2026-04-01T09:00:00Z","recipient":"a","event":"open","x":[[[[[1]]]]]}\n', 'line 1, field "x'),
    ],
)
def test_bad_lines_are_refused_with_file_line_and_field(tmp_path, content, where):
    path = tmp_path / "events.jsonl"
    path.write_text(content, encoding="utf-8")
    code, out, err = run(str(path))
    assert code == 2 and out == "" and f"events.jsonl, {where}" in err and "Traceback" not in err


def test_bounds_are_checked_before_parsing(tmp_path, monkeypatch):
    path = tmp_path / "big.jsonl"
    path.write_text('{"at":"2026-04-01T09:00:00Z","recipient":"a","event":"open"}\n' * 5)
    monkeypatch.setattr(eventstream, "LIMITS", eventstream.DRILL_EVENTS.but(max_bytes=100))
    assert "big.jsonl: the file is larger than" in run(str(path))[2]
    monkeypatch.setattr(eventstream, "LIMITS", eventstream.DRILL_EVENTS.but(max_rows=3))
    code, _out, err = run(str(path))
    assert code == 2 and "big.jsonl, line 4: more than 3 lines" in err
    long = tmp_path / "long.jsonl"
    long.write_text('{"at":"2026-04-01T09:00:00Z","recipient":"a","event":"open","user_agent":"' + "x" * 9000 + '"}\n')
    code, _out, err = run(str(long))
    assert code == 2 and "long.jsonl, line 1: the line is longer than 8192 bytes" in err
    assert "cannot read the file" in run(str(tmp_path / "missing.jsonl"))[2]
