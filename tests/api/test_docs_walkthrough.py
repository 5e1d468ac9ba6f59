"""docs/api.md's curl examples, run as they stand with real curl against the live server."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from rashinban.api.models import ApiToken, Scope
from rashinban.assessments.models import Diagnosis

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def examples() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
@pytest.mark.django_db(transaction=True)
def test_every_curl_example_in_the_api_docs_works(live_server, org_a, alice, bob, tmp_path):
    _token, raw = ApiToken.issue(org_a, "docs", Scope.WRITE, alice)
    env = {"PATH": os.environ["PATH"], "RASHINBAN": live_server.url, "TOKEN": raw}
    blocks = examples()
    assert len(blocks) >= 6

    outputs = []
    for block in blocks:
        done = subprocess.run(
            ["bash", "-e", "-c", block], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=30
        )
        assert done.returncode == 0, f"{block}\n{done.stderr}"
        outputs.append(done.stdout)

    assert json.loads(outputs[0])["name"] == "A商事"
    assert json.loads(outputs[1])["count"] == 2 and len(json.loads(outputs[1])["items"]) == 2
    diagnosis = Diagnosis.objects.get(organisation=org_a)
    assert outputs[2].strip() == str(diagnosis.pk)
    assert diagnosis.management_answers == {"p1-q1": "yes", "p1-q2": "partly"}
    result = json.loads(outputs[4])
    assert result["overall"]["score"] == diagnosis.overall and result["sections"][0]["id"] == "p1-strategy"
