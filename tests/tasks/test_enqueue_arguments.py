"""What `enqueue` accepts: registered tasks and JSON arguments, nothing else."""

from __future__ import annotations

import pytest

from rashinban.tasks.api import enqueue
from rashinban.tasks.models import Job
from tests.tasks import sample_jobs


def test_model_instances_are_refused_with_a_hint(db, org_a):
    with pytest.raises(TypeError, match="pass ids"):
        enqueue(sample_jobs.record, path="x", organisation_obj=org_a)
    assert not Job.objects.exists()


def test_unknown_task_is_refused(db):
    with pytest.raises(ValueError, match="not a registered task"):
        enqueue("no.such.task")
    with pytest.raises(ValueError, match="not a registered task"):
        enqueue(print)


def test_task_function_stays_callable(tmp_path):
    sample_jobs.record(str(tmp_path / "trace"))
    assert [run[0] for run in sample_jobs.lines(tmp_path / "trace")] == ["start", "end"]
