"""Answers from the Excel answer sheet the product provides: download it, fill it in, upload it."""

from __future__ import annotations

import io

import openpyxl
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile

from rashinban.assessments import actions
from rashinban.assessments.answers import read_answers
from tests.conftest import login


def test_download_fill_and_upload_the_answer_sheet(as_alice, org_a, alice, tmp_path):
    diagnosis = actions.start_diagnosis(org_a, alice)
    template = as_alice.get(f"/o/{org_a.id}/diagnoses/{diagnosis.id}/answers.xlsx")
    path = tmp_path / "answers.xlsx"
    path.write_bytes(template.content)
    catalog_id, blank = read_answers(path)
    assert catalog_id == "dx-seven-sins" and blank == {}

    # Fill every answer with the bank's first option, as a person would in Excel.
    catalog = actions.catalog_for(diagnosis)
    book = openpyxl.load_workbook(path)
    sheet = book.active
    ids = {q.id: q for _s, q in catalog.questions_for(actions.MANAGEMENT)}
    filled = {}
    for row in sheet.iter_rows(min_row=2):
        qid = next((str(c.value) for c in row if str(c.value) in ids), None)
        if qid:
            answer_cell = row[-1]
            answer_cell.value = ids[qid].options[0].id
            filled[qid] = ids[qid].options[0].id
    assert filled
    buffer = io.BytesIO()
    book.save(buffer)
    _check, expected = read_answers_from(buffer.getvalue(), tmp_path)

    response = as_alice.post(
        f"/o/{org_a.id}/diagnoses/{diagnosis.id}/answers/import/",
        {"file": SimpleUploadedFile("回答.xlsx", buffer.getvalue())},
    )

    assert response.status_code == 302 and response["Location"].endswith(f"/diagnoses/{diagnosis.id}/")
    diagnosis.refresh_from_db()
    assert diagnosis.completed_at is not None and diagnosis.management_answers == expected


def read_answers_from(data: bytes, folder):  # type: ignore[no-untyped-def]
    path = folder / "check.xlsx"
    path.write_bytes(data)
    return read_answers(path)


def test_a_broken_sheet_saves_nothing_and_names_the_file(as_alice, org_a, alice):
    diagnosis = actions.start_diagnosis(org_a, alice)

    response = as_alice.post(
        f"/o/{org_a.id}/diagnoses/{diagnosis.id}/answers/import/",
        {"file": SimpleUploadedFile("mine.xlsx", b"not a workbook")},
    )

    assert response.status_code == 302 and response["Location"].endswith("/answer/")
    text = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "mine.xlsx" in text and "/tmp" not in text
    diagnosis.refresh_from_db()
    assert diagnosis.completed_at is None


def test_unknown_answers_and_other_banks_are_refused(as_alice, org_a, alice):
    diagnosis = actions.start_diagnosis(org_a, alice)
    wrong_option = b"catalog: dx-seven-sins\nanswers:\n  p1-q1: maybe\n"
    other_bank = b"catalog: security-selfcheck\nanswers:\n  basic-mfa: done\n"

    for name, data, expected in (("a.yaml", wrong_option, "maybe"), ("b.yaml", other_bank, "security-selfcheck")):
        response = as_alice.post(
            f"/o/{org_a.id}/diagnoses/{diagnosis.id}/answers/import/", {"file": SimpleUploadedFile(name, data)}
        )
        text = " ".join(str(m) for m in get_messages(response.wsgi_request))
        assert name in text and expected in text
    diagnosis.refresh_from_db()
    assert diagnosis.completed_at is None


def filled_sheet(client, org, diagnosis, answers: dict[str, str]) -> bytes:  # type: ignore[no-untyped-def]
    """The downloaded Japanese sheet with `answers` ({question id: text}) typed into column E."""
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/o/{org.id}/diagnoses/{diagnosis.id}/answers.xlsx").content))
    sheet = book["answers"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value in answers:
            row[4].value = answers[row[0].value]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_labels_and_ids_in_any_case_and_width_are_read(as_alice, org_a, alice):
    diagnosis = actions.start_diagnosis(org_a, alice)
    typed = {"p1-q1": "はい", "p1-q2": "一部の取り組みだけ", "p1-q4": "ＹＥＳ", "p1-q3": "Purpose only"}
    data = filled_sheet(as_alice, org_a, diagnosis, typed)

    response = as_alice.post(
        f"/o/{org_a.id}/diagnoses/{diagnosis.id}/answers/import/", {"file": SimpleUploadedFile("回答.xlsx", data)}
    )

    assert response.status_code == 302 and response["Location"].endswith(f"/diagnoses/{diagnosis.id}/")
    diagnosis.refresh_from_db()
    assert diagnosis.management_answers == {"p1-q1": "yes", "p1-q2": "partly", "p1-q4": "yes", "p1-q3": "partly"}


def test_an_answer_that_names_no_choice_is_refused_naming_its_cell(as_alice, org_a, alice):
    diagnosis = actions.start_diagnosis(org_a, alice)
    data = filled_sheet(as_alice, org_a, diagnosis, {"p1-q1": "はい", "p1-q2": "たぶん"})

    response = as_alice.post(
        f"/o/{org_a.id}/diagnoses/{diagnosis.id}/answers/import/", {"file": SimpleUploadedFile("回答.xlsx", data)}
    )

    text = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "回答.xlsx、シート 'answers'、セル E3: 「たぶん」は設問 p1-q2 の選択肢にありません" in text
    assert "E2" not in text  # "はい" is the first clause of p1-q1's "はい、文書にある"
    diagnosis.refresh_from_db()
    assert diagnosis.completed_at is None


def test_members_cannot_import_answers(client, org_a, alice, bob):
    diagnosis = actions.start_diagnosis(org_a, alice)
    login(client, bob)

    assert client.get(f"/o/{org_a.id}/diagnoses/{diagnosis.id}/answers.xlsx").status_code == 403
    response = client.post(
        f"/o/{org_a.id}/diagnoses/{diagnosis.id}/answers/import/",
        {"file": SimpleUploadedFile("a.yaml", b"answers: {}")},
    )
    assert response.status_code == 403
