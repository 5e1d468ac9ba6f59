"""The classifier against the scenario corpus (tests/drills/scenarios): each stream gets the verdict a security
team would want, and each verdict comes with its reasons in words."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from rashinban.drills import classify, simulate, wording
from rashinban.drills.classify import Hit, Stream
from rashinban.drills.scanners import builtin_scanners
from tests.drills.scenarios import CORPUS, DESK, EOP, OFFICE, OLD_CHROME, OUTLOOK, ROBOT, TAP, at, every_button

SCANNERS = builtin_scanners()


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_scenario_gets_the_verdict_a_security_team_wants(name):
    stream, expected = CORPUS[name]
    outcome = classify.classify_one(stream, SCANNERS)
    got = {key: getattr(outcome, key) for key in expected}
    assert got == expected, [(j.hit.event, j.status, j.reason.code, j.reason.details) for j in outcome.judgements]
    assert len(outcome.judgements) == len(stream.hits)  # every hit judged, none dropped silently


def test_reasons_name_the_scanner_and_the_time_in_words(settings):
    settings.LANGUAGE_CODE = "en"
    stream, _expected = CORPUS["safe-links-fetch-at-delivery"]
    outcome = classify.classify_one(stream, SCANNERS)
    words = wording.describe_all(outcome.reasons(), SCANNERS, "en")
    assert words[0] == (
        "set aside: the link was opened 0.4 s after delivery by a known mail-security network or client "
        "(Microsoft 365 mail protection (Exchange Online Protection, Defender for Office 365 Safe Links)) (×2)"
    )
    machine = classify.classify_one(CORPUS["unknown-sandbox-presses-every-button-60s-after-delivery"][0], SCANNERS)
    sentence = wording.describe_all(machine.reasons(), SCANNERS, "en")[1]
    assert sentence.startswith("set aside: the page was used as a machine would: pressed 0.3 s after the page")
    assert "pressed at the exact centre of the button" in sentence and "held down for only 1 ms" in sentence


def test_reasons_in_japanese():
    from django.utils import translation

    with translation.override("ja"):
        outcome = classify.classify_one(CORPUS["person-at-a-desk"][0], SCANNERS)
        words = wording.describe_all(outcome.reasons(), SCANNERS, "ja")
    assert any(w.startswith("数えた") for w in words), words


def test_a_real_click_counts_whatever_the_scanners_do_to_other_mailboxes():
    """The old burst rule dropped a real click made while a scanner hit four other mailboxes."""
    person = Stream("a@x.example", at(0), (Hit(at(3600), "landing", OFFICE, "Chrome"),
                                           Hit(at(3607.4), "interaction", OFFICE, "Chrome", DESK)))  # fmt: skip
    scanned = [Stream(f"s{i}@x.example", at(3600), (Hit(at(3601 + i), "landing", EOP, OLD_CHROME),)) for i in range(4)]
    outcomes = classify.classify([person, *scanned], SCANNERS)
    assert outcomes[0].clicked and not any(o.clicked for o in outcomes[1:])


def test_nine_oclock_reading_peak_of_300_people_keeps_every_real_click():
    """300 people read between 9:00 and 9:10 with the open pixel on; Safe Links and Defender's sandbox work on
    the mails as they arrive. Every real click counts, nobody else's."""
    rng = random.Random(9)
    streams, truth = [], {}
    for n in range(300):
        p = simulate.Person(f"p{n}@x.example", at(rng.uniform(0, 300)))
        simulate.safe_links(rng, p)
        if n % 7 == 0:
            simulate.detonation(rng, p)
        read = at(3600 + rng.uniform(0, 600))
        p.hits.append(Hit(read, "open", OFFICE, OUTLOOK))
        if n % 8 == 0:
            simulate.person_clicks(
                rng, p, read + timedelta(seconds=rng.uniform(5, 60)), rng.choice(("desktop", "phone"))
            )
        streams.append(p.stream())
        truth[p.recipient] = p.clicked
    outcomes = classify.classify(streams, SCANNERS)
    assert {o.recipient: o.clicked for o in outcomes} == truth
    assert sum(truth.values()) == 38 and all(o.opened for o in outcomes)


def test_a_persons_press_is_never_set_aside_for_one_weak_sign():
    fast_reader = Stream(
        "x",
        at(0),
        (
            Hit(
                at(600),
                "interaction",
                OFFICE,
                "Chrome",
                classify.Signals(ms_to_press=900, moves=40, press_ms=90, input="mouse"),
            ),
        ),
    )
    assert classify.classify_one(fast_reader, SCANNERS).clicked
    robot_tap = Stream(
        "x",
        at(0),
        (Hit(at(600), "interaction", OFFICE, "Chrome", classify.Signals(ms_to_press=150, press_ms=0, input="touch")),),
    )
    assert not classify.classify_one(robot_tap, SCANNERS).clicked


def test_a_report_pressed_by_a_sandbox_is_not_a_report_but_the_persons_later_one_is():
    stream = Stream("x", at(0), (*every_button(60, "192.0.2.9", OLD_CHROME, ROBOT),
                                 Hit(at(4000), "report", "198.51.100.3", "iPhone", TAP)))  # fmt: skip
    outcome = classify.classify_one(stream, SCANNERS)
    assert outcome.reported and not outcome.clicked and outcome.first_report_at == at(4000)


def test_a_company_entry_sets_its_gateway_aside():
    from datetime import date

    from rashinban.drills.scanners import company_entry

    stream = Stream("x", at(0), (Hit(at(900), "interaction", "198.18.0.5", "Chrome", DESK),))
    assert classify.classify_one(stream, SCANNERS).clicked
    own = SCANNERS.extended((company_entry(1, "自社ゲートウェイ", ["198.18.0.0/15"], [], date(2026, 4, 1)),))
    outcome = classify.classify_one(stream, own)
    assert not outcome.clicked and outcome.judgements[0].reason.scanner == "company-1"
