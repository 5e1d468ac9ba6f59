"""`rashinban demo --scale N`: generated companies, reproducible, scored like hand-entered data, anonymous staff."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from click.testing import CliRunner
from django.db import models
from django.utils import translation

from rashinban.assessments import actions
from rashinban.assessments.actions import SECURITY_CATALOG
from rashinban.assessments.catalog import get_catalog
from rashinban.assessments.first_hour import steps
from rashinban.assessments.models import Diagnosis, Milestone, StaffResponse, SurveyLink
from rashinban.assessments.scoring import score
from rashinban.cli import main
from rashinban.orgs.choices import Role
from rashinban.orgs.demo import DEMO_PASSWORD
from rashinban.orgs.demo_scale import DIAGNOSES_PER_ORG, EMAIL_DOMAIN, generate
from rashinban.orgs.models import Membership, Organisation, User

NOW = datetime(2026, 4, 1, tzinfo=UTC)
CATALOG = get_catalog(actions.DEFAULT_CATALOG)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _restore_language():
    yield
    translation.deactivate()  # the CLI activates its locale's language in this process


def snapshot() -> list:
    """Everything generated, without ids, password hashes or link hashes (those differ by design)."""
    orgs = list(
        Organisation.objects.order_by("id").values_list("name", "industry", "employee_band", "prefecture", "created_at")
    )
    users = list(User.objects.order_by("id").values_list("email", "display_name", "language", "date_joined"))
    memberships = list(Membership.objects.order_by("id").values_list("user__email", "organisation__name", "role"))
    diagnoses = list(
        Diagnosis.objects.order_by("id").values_list(
            "organisation__name",
            "created_by__email",
            "created_at",
            "completed_at",
            "management_answers",
            "management_scores",
            "staff_scores",
            "staff_count",
        )
    )
    responses = list(
        StaffResponse.objects.order_by("id").values_list("diagnosis__created_at", "answers", "submitted_on")
    )
    links = list(SurveyLink.objects.order_by("id").values_list("diagnosis__created_at", "used_at"))
    return [orgs, users, memberships, diagnoses, responses, links]


def test_five_companies_with_people_and_two_years_of_diagnoses():
    outcome = generate(5, seed=3, now=NOW)

    assert Organisation.objects.count() == outcome.organisations == 5
    for org in Organisation.objects.all():
        roles = list(Membership.objects.filter(organisation=org).values_list("role", flat=True))
        assert roles.count(Role.OWNER) == 1 and roles.count(Role.ADVISOR) <= 1
        dx = org.diagnoses.exclude(catalog_id=SECURITY_CATALOG)
        count = dx.count()
        assert DIAGNOSES_PER_ORG[0] <= count <= DIAGNOSES_PER_ORG[1]
        first, last = dx.order_by("created_at")[:: count - 1]
        assert (NOW - first.created_at).days < 730 and last.created_at < NOW
        assert dx.filter(completed_at__isnull=True).count() <= 1
        # The security self-check its action plan comes from (scored: test_cached_scores_are_what_scoring_gives...).
        assert org.diagnoses.get(catalog_id=SECURITY_CATALOG).completed_at < NOW
    assert Diagnosis.objects.count() == outcome.diagnoses
    assert StaffResponse.objects.count() == outcome.staff_responses > 0
    assert User.objects.count() == outcome.users
    assert all(u.email.endswith("@" + EMAIL_DOMAIN) for u in User.objects.all())
    owner = User.objects.get(email=outcome.owner_emails[0])
    assert owner.check_password(DEMO_PASSWORD)
    # The first hour recorded as done only where the company's own data completes the checklist.
    finished = Milestone.objects.filter(name=Milestone.FIRST_HOUR)
    assert finished.count() == outcome.first_hours > 0
    for org in Organisation.objects.filter(pk__in=finished.values("organisation")):
        Milestone.objects.filter(organisation=org, name=Milestone.FIRST_HOUR).delete()
        assert all(step.done for step in steps(org))
    # One hash computed once for everybody, not one Argon2 run per person.
    assert User.objects.values("password").distinct().count() == 1


def test_every_company_also_gets_a_security_plan_and_kpis_with_values():
    from rashinban.planning.models import Measurement, Target
    from rashinban.security.models import ActionItem

    outcome = generate(4, seed=3, now=NOW)

    assert ActionItem.objects.count() == outcome.action_items > 0
    assert Measurement.objects.count() == outcome.measurements > 0
    for org in Organisation.objects.all():
        owner = Membership.objects.get(organisation=org, role=Role.OWNER).user
        assert ActionItem.objects.filter(organisation=org).exists()
        assert not ActionItem.objects.filter(organisation=org).exclude(owner=owner).exclude(owner=None).exists()
        assert Measurement.objects.filter(target__organisation=org, organisation=org).count() >= 12
        assert Target.objects.filter(organisation=org).count() >= 1


def test_evidence_uploads_hold_what_the_checks_find_in_the_sample_files():
    from rashinban.evidence.checks.samples import STATIC_DIR
    from rashinban.evidence.models import CheckRun
    from rashinban.evidence.registry import CheckInput, Progress, Upload, get_check

    outcome = generate(12, seed=3, now=NOW)

    assert CheckRun.objects.count() == outcome.evidence_runs > 0
    # Independent of the generator's cache: each sample file checked again here.
    fields = {"backups": "register", "devices": "inventory", "password-policy": "policy"}
    for run in CheckRun.objects.all():
        check = get_check(run.check_name)
        upload = Upload(run.input_name, (STATIC_DIR / run.input_name).read_bytes())
        result = check.run(
            check.parse(CheckInput(files={fields[run.check_name]: [upload]}, today=NOW.date())), Progress()
        )
        assert run.result == result.as_json() and run.finding_count == len(result.findings)
        assert run.created_by == Membership.objects.get(organisation=run.organisation, role=Role.OWNER).user
        assert run.created_at < NOW


def test_drills_mail_the_company_own_people_and_leave_judging_to_the_worker():
    from rashinban.drills.models import Drill, Event, EventKind, Recipient

    outcome = generate(40, seed=3, now=NOW)

    assert Drill.objects.count() == outcome.drills > 0
    assert Recipient.objects.count() == outcome.drill_recipients
    assert Event.objects.count() == outcome.drill_events
    for drill in Drill.objects.all():
        people = set(Membership.objects.filter(organisation=drill.organisation).exclude(role=Role.ADVISOR)
                     .values_list("user__email", flat=True))  # fmt: skip
        recipients = list(drill.recipients.all())
        assert {r.email for r in recipients} == people
        assert all(r.organisation_id == drill.organisation_id and r.token_hash for r in recipients)
        assert drill.classified_upto == 0 and drill.window_end < NOW
    assert Event.objects.filter(kind=EventKind.SENT).count() == outcome.drill_recipients
    assert Event.objects.filter(kind=EventKind.CLICKED).exists()
    assert not Event.objects.exclude(organisation_id=models.F("drill__organisation_id")).exists()


def test_an_advisor_looks_after_several_companies():
    generate(40, seed=5, now=NOW)

    per_advisor = Membership.objects.filter(role=Role.ADVISOR).values_list("user_id", flat=True)
    assert max(list(per_advisor).count(user_id) for user_id in set(per_advisor)) > 1


def test_the_same_seed_gives_the_same_data():
    generate(5, seed=11, now=NOW)
    first = snapshot()
    hashes = set(SurveyLink.objects.values_list("token_hash", flat=True))
    for model in (Organisation, User):
        model.objects.all().delete()

    generate(5, seed=11, now=NOW)

    assert snapshot() == first
    # Link hashes come from `secrets`: knowing the seed gives nobody a usable survey link.
    assert hashes.isdisjoint(SurveyLink.objects.values_list("token_hash", flat=True))


def test_another_seed_gives_other_data():
    generate(3, seed=1, now=NOW)
    first = snapshot()
    for model in (Organisation, User):
        model.objects.all().delete()
    generate(3, seed=2, now=NOW)
    assert snapshot() != first


def test_cached_scores_are_what_scoring_gives_for_the_stored_answers():
    generate(5, seed=7, now=NOW)

    completed = Diagnosis.objects.filter(completed_at__isnull=False)
    assert completed.exists()
    assert completed.filter(catalog_id=SECURITY_CATALOG).count() == 5  # the self-checks, scored the same way
    for diagnosis in completed:
        catalog = get_catalog(diagnosis.catalog_id)
        result = score(catalog, diagnosis.management_answers, audience=actions.MANAGEMENT)
        assert diagnosis.management_scores == {
            "overall": result.overall_score,
            "sections": {s.id: s.score for s in result.sections},
        }
        per_response = []
        for response in diagnosis.staff_responses.all():
            staff = score(catalog, response.answers, audience=actions.STAFF)
            per_response.append({"overall": staff.overall_score, "sections": {s.id: s.score for s in staff.sections}})
        assert diagnosis.staff_count == len(per_response)
        assert diagnosis.staff_scores == actions.average_scores(per_response)


def test_an_unanswered_round_has_no_scores_and_no_staff():
    generate(30, seed=4, now=NOW)

    open_rounds = Diagnosis.objects.filter(completed_at__isnull=True)
    assert open_rounds.exists()
    for diagnosis in open_rounds:
        assert diagnosis.management_answers == {} and diagnosis.management_scores == {}
        assert diagnosis.staff_count == 0 and not diagnosis.staff_responses.exists()
        assert not diagnosis.survey_links.exists()


def test_staff_responses_stay_anonymous():
    generate(5, seed=9, now=NOW)

    # Nothing on a response points to a person or a link: only the company, the round, answers and a day.
    fields = {f.name for f in StaffResponse._meta.get_fields()}
    assert fields == {"id", "organisation", "diagnosis", "answers", "submitted_on"}
    staff_questions = {q.id for _s, q in CATALOG.questions_for(actions.STAFF)}
    for response in StaffResponse.objects.all():
        assert type(response.submitted_on) is date
        assert response.submitted_on <= NOW.date()
        assert set(response.answers) == staff_questions  # only survey answers, no names or e-mails
    for diagnosis in Diagnosis.objects.filter(completed_at__isnull=False):
        used = diagnosis.survey_links.filter(used_at__isnull=False).count()
        assert used == diagnosis.staff_count  # one spent link per answer, none tied to its answer


def test_cli_adds_to_a_database_that_has_data(alice, org_a):
    env = {"LANG": "C", "LC_ALL": None, "LC_MESSAGES": None, "LANGUAGE": None, "RASHINBAN_LANG": None}
    first = CliRunner(env=env).invoke(main, ["demo", "--scale", "2", "--seed", "3"])
    assert first.exit_code == 0, first.output
    assert "Added 2 companies" in first.stdout and f"owner-00001@{EMAIL_DOMAIN}" in first.stdout

    second = CliRunner(env=env).invoke(main, ["demo", "--scale", "2", "--seed", "3"])

    assert second.exit_code == 0, second.output
    assert f"owner-00003@{EMAIL_DOMAIN}" in second.stdout  # numbering goes on after the first run
    assert Organisation.objects.count() == 5
    assert User.objects.filter(pk=alice.pk).exists()


def test_cli_refuses_a_scale_below_one():
    result = CliRunner().invoke(main, ["demo", "--scale", "0"])
    assert result.exit_code == 2
    assert Organisation.objects.count() == 0


def test_the_planner_has_statistics_after_the_bulk_load():
    """Without them PostgreSQL plans for empty tables (autovacuum may be off or not yet round): rashinban/dbstats.py."""
    from django.db import connection

    generate(2, seed=3, now=NOW)
    query = {
        "postgresql": "SELECT count(*) FROM pg_stats WHERE tablename = 'assessments_diagnosis'",
        "sqlite": "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'assessments_diagnosis'",
    }[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(query)
        assert cursor.fetchone()[0] > 0
