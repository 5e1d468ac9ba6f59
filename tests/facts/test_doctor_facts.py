"""`rashinban doctor` warns about facts past their review-by date, and never fails because of them."""

from __future__ import annotations

from datetime import date

from rashinban.config.doctor import run_doctor
from rashinban.facts import all_facts


def test_stale_facts_are_a_warning_that_does_not_change_the_outcome(db):
    fresh, late = [], []
    oldest = min(f.as_of for f in all_facts())
    fresh_code = run_doctor(deploy=False, echo=fresh.append, today=oldest)
    late_code = run_doctor(deploy=False, echo=late.append, today=date(2099, 1, 1))
    assert fresh_code == late_code
    assert any(line.startswith("ok   facts") for line in fresh)
    warning = next(line for line in late if line.startswith("warn facts"))
    assert "windows10-end" in warning and str(len(all_facts())) in warning
