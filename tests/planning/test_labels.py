"""Labels that were plainly wrong: the name field of a KGI/KPI (and of a subsidy) read 「氏名」 (a person's name)."""

from __future__ import annotations

import pytest
from django.utils import translation

from rashinban.planning.forms import SubsidyForm, TargetForm


@pytest.mark.parametrize(("form", "expected"), [(TargetForm, "名称"), (SubsidyForm, "補助金の名称")])
def test_name_fields_are_not_a_persons_name(form, expected):
    with translation.override("ja"):
        label = str(form.base_fields["name"].label)
    assert label == expected and label != "氏名"


def test_the_target_page_shows_the_label(as_alice, org_a):
    page = as_alice.get(f"/o/{org_a.id}/plan/targets/new/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "名称" in page and ">氏名<" not in page
