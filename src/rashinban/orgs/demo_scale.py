"""Many generated companies with two years of diagnoses, for load tests and for trying the product at size.

`rashinban demo --scale N` calls `generate`. Rows are written with bulk_create for speed, but every
cached score is computed by the same functions `assessments.actions` uses when a person answers, so
the pages show exactly what they would show for data entered by hand.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from rashinban.assessments import actions
from rashinban.assessments.catalog import Catalog, get_catalog
from rashinban.assessments.first_hour import record_finished
from rashinban.assessments.models import Diagnosis, Milestone, StaffResponse, SurveyLink
from rashinban.dbstats import analyze
from rashinban.orgs.choices import PREFECTURES, EmployeeBand, Industry, Role
from rashinban.orgs.demo import DEMO_PASSWORD, plausible_answers
from rashinban.orgs.models import Membership, Organisation, User

# Reserved for examples (RFC 2606): no mail to a generated person can reach anyone.
EMAIL_DOMAIN = "scale.example.com"
DAYS = 730  # diagnoses spread over the past two years
DIAGNOSES_PER_ORG = (10, 34)  # 22 on average: 1,000 companies give about 22,000 diagnoses
BATCH = 50  # companies written per round of bulk inserts
TOKYO = ZoneInfo("Asia/Tokyo")

SURNAMES = "佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村 小林 加藤 吉田 山田 佐々木 山口 松本 井上 木村 林 斎藤 清水 森 池田 橋本 石川".split()
GIVEN_NAMES = "一郎 健太 大輔 翔太 誠 浩 直樹 拓也 花子 美咲 陽子 由美 恵 裕子 明美 さくら 悠斗 結衣".split()
STEMS = "みなと 北斗 青葉 大和 富士 桜井 丸山 東海 光 新星 朝日 白石 松風 若葉 旭 中央 三河 瀬戸 日進 八重".split()
SUFFIXES = {
    Industry.MANUFACTURING: ["精工", "製作所", "工業"],
    Industry.CONSTRUCTION: ["建設", "工務店"],
    Industry.RETAIL: ["商事", "商店"],
    Industry.FOOD: ["食品", "フーズ"],
    Industry.LODGING: ["旅館", "ホテル"],
    Industry.LOGISTICS: ["運輸", "物流"],
    Industry.HEALTHCARE: ["介護サービス", "メディカル"],
    Industry.IT: ["システム", "ソフト"],
    Industry.PROFESSIONAL: ["会計事務所", "コンサルティング"],
    Industry.REAL_ESTATE: ["不動産", "地所"],
    Industry.OTHER: ["産業"],
}
FORMS = ["株式会社", "株式会社", "株式会社", "有限会社", "合同会社"]
# Staff answers per round: some rounds ask nobody, some too few to show (fewer than 3 stay hidden).
STAFF_LIMIT = {"1-5": 4, "6-20": 10, "21-50": 15, "51-100": 20, "101-300": 25, "301+": 25}


@dataclass
class Outcome:
    organisations: int = 0
    users: int = 0
    diagnoses: int = 0
    staff_responses: int = 0
    action_items: int = 0
    measurements: int = 0
    evidence_runs: int = 0
    drills: int = 0
    drill_recipients: int = 0
    drill_events: int = 0
    first_hours: int = 0  # companies whose first hour is recorded as done
    owner_emails: list[str] = field(default_factory=list)


class ScaleError(Exception):
    """The generated people would collide with people already in the database."""


def generate(
    count: int, seed: int = 1, now: datetime | None = None, progress: Callable[[int], None] | None = None
) -> Outcome:
    """Add `count` companies with people, diagnoses and staff responses; the same seed gives the same data.

    `now` anchors the two years (default: today at midnight UTC, so runs on one day are identical).
    Everything is written in one transaction: an interrupted run leaves nothing behind. Memory stays bounded:
    only one batch of companies is held at a time, and answers come from pools of scored sets (`_AnswerPool`).
    """
    now = now or datetime.combine(datetime.now(UTC).date(), time(), tzinfo=UTC)
    rng = random.Random(seed)
    catalog = get_catalog(actions.DEFAULT_CATALOG)
    pools = {audience: _AnswerPool(catalog, audience) for audience in (actions.MANAGEMENT, actions.STAFF)}
    # One Argon2 hash for everybody: hashing 20,000 passwords would take longer than all the rest.
    password = make_password(DEMO_PASSWORD)
    with transaction.atomic():
        taken = set(User.objects.filter(email__endswith="@" + EMAIL_DOMAIN).values_list("email", flat=True))
        first = _next_number(taken, "owner-")
        advisors = _advisors(rng, _next_number(taken, "advisor-"), max(1, count // 12), password, now, taken)
        outcome = Outcome(users=len(advisors))
        for start in range(0, count, BATCH):
            size = min(BATCH, count - start)
            plans = [_plan_company(rng, first + start + i, now, advisors) for i in range(size)]
            _write(plans, rng, catalog, pools, password, now, taken, outcome)
            if progress:
                progress(size)
    analyze(connection)  # the planner's statistics, as after any bulk load
    return outcome


@dataclass
class _Company:
    number: int
    organisation: Organisation
    people: list[tuple[User, str]]  # (user, role), owner first
    advisor: User | None
    rounds: list[datetime]  # when each diagnosis was started, oldest first


def _person(rng: random.Random, email: str, password: str, joined: datetime) -> User:
    name = f"{rng.choice(SURNAMES)} {rng.choice(GIVEN_NAMES)}"
    language = "en" if rng.random() < 0.05 else "ja"
    return User(
        username=email, email=email, password=password, display_name=name, language=language, date_joined=joined
    )


def _advisors(rng: random.Random, first: int, count: int, password: str, now: datetime, taken: set[str]) -> list[User]:
    """Advisors (e.g. a tax accountant or IT coordinator) who each look after several companies."""
    joined = now - timedelta(days=DAYS + 200)
    users = [_person(rng, f"advisor-{first + i:05d}@{EMAIL_DOMAIN}", password, joined) for i in range(count)]
    _check_free(users, taken)
    return User.objects.bulk_create(users)


def _plan_company(rng: random.Random, number: int, now: datetime, advisors: list[User]) -> _Company:
    industry = rng.choice(list(Industry))
    band = rng.choices(list(EmployeeBand), weights=[20, 35, 25, 12, 6, 2])[0]
    created = now - timedelta(days=DAYS + rng.randint(30, 400))
    name = f"{rng.choice(FORMS)}{rng.choice(STEMS)}{rng.choice(SUFFIXES[industry])}"
    organisation = Organisation(
        name=name,
        industry=industry,
        employee_band=band,
        prefecture=rng.choice(PREFECTURES),
        created_at=created,
        slug=f"scale-{number:05d}",
        # Half the companies count in the anonymised comparisons, so the result page compares as in use (not
        # drawn from `rng`, which would change every company generated after it).
        share_anonymised=number % 2 == 0,
    )
    # From yesterday back: a round started today in working hours could lie in the future of `now`.
    days = sorted(rng.sample(range(1, DAYS + 1), rng.randint(*DIAGNOSES_PER_ORG)), reverse=True)
    rounds = [now - timedelta(days=d, hours=-rng.randint(0, 9), minutes=-rng.randint(0, 59)) for d in days]
    advisor = rng.choice(advisors) if rng.random() < 0.3 else None
    return _Company(number, organisation, [], advisor, rounds)


def _write(
    plans: list[_Company],
    rng: random.Random,
    catalog: Catalog,
    pools: dict[str, _AnswerPool],
    password: str,
    now: datetime,
    taken: set[str],
    outcome: Outcome,
) -> None:
    Organisation.objects.bulk_create([p.organisation for p in plans])
    for plan in plans:
        joined = plan.organisation.created_at
        plan.people.append((_person(rng, f"owner-{plan.number:05d}@{EMAIL_DOMAIN}", password, joined), Role.OWNER))
        for j in range(rng.choice([0, 0, 1, 1, 2, 3])):
            email = f"member-{plan.number:05d}-{j + 1}@{EMAIL_DOMAIN}"
            plan.people.append((_person(rng, email, password, joined), Role.MEMBER))
    users = [user for plan in plans for user, _role in plan.people]
    _check_free(users, taken)
    User.objects.bulk_create(users)
    memberships = [
        Membership(user=user, organisation=plan.organisation, role=role, created_at=plan.organisation.created_at)
        for plan in plans
        for user, role in plan.people
    ]
    memberships += [
        Membership(
            user=plan.advisor,
            organisation=plan.organisation,
            role=Role.ADVISOR,
            created_at=plan.organisation.created_at,
        )
        for plan in plans
        if plan.advisor is not None
    ]
    Membership.objects.bulk_create(memberships)

    diagnoses: list[Diagnosis] = []
    staff: list[list[dict[str, str]]] = []
    for plan in plans:
        for diagnosis, answers in _rounds(plan, rng, catalog, pools, now):
            diagnoses.append(diagnosis)
            staff.append(answers)
    Diagnosis.objects.bulk_create(diagnoses, batch_size=500)

    responses: list[StaffResponse] = []
    links: list[SurveyLink] = []
    for diagnosis, answers in zip(diagnoses, staff, strict=True):
        responses += _responses(diagnosis, answers, rng, now)
        links += _links(diagnosis, len(answers), rng)
    StaffResponse.objects.bulk_create(responses, batch_size=1000)
    SurveyLink.objects.bulk_create(links, batch_size=1000)

    # The other capabilities' data, each written in bulk by its own module: security action plans, KPIs,
    # evidence uploads, drills.
    from rashinban.drills.demo import seed_at_scale as seed_drills
    from rashinban.evidence.demo import seed_at_scale as seed_evidence
    from rashinban.planning.demo import seed_at_scale
    from rashinban.security.demo import add_action_plans

    organisations = [plan.organisation for plan in plans]
    outcome.action_items += add_action_plans(
        organisations, {p.organisation.pk: p.people[0][0].pk for p in plans}, now=now
    )
    outcome.diagnoses += len(organisations)  # each plan comes from a security self-check, stored with it
    outcome.measurements += seed_at_scale(organisations, rng, now.date())
    outcome.evidence_runs += seed_evidence([(p.organisation, p.people[0][0]) for p in plans], rng, now)
    drills, recipients, events = seed_drills(
        [(p.organisation, [user for user, _role in p.people]) for p in plans], rng, now
    )
    outcome.drills += drills
    outcome.drill_recipients += recipients
    outcome.drill_events += events
    # Nine companies in ten opened the owner's report long ago; those whose data completes the first hour's
    # checklist have it recorded as done (assessments/first_hour.py), as their first dashboard after that did.
    # The tenth still sees the checklist on the dashboard, the report next.
    Milestone.objects.bulk_create(
        [
            Milestone(
                organisation=p.organisation,
                name=Milestone.REPORT,
                reached_at=p.organisation.created_at + timedelta(days=3),
            )
            for p in plans
            if p.number % 10
        ]
    )
    outcome.first_hours += record_finished([p.organisation.pk for p in plans])

    outcome.organisations += len(plans)
    outcome.users += len(users)
    outcome.diagnoses += len(diagnoses)
    outcome.staff_responses += len(responses)
    outcome.owner_emails += [plan.people[0][0].email for plan in plans]


class _AnswerPool:
    """Plausible answer sets with their cached scores, by quality in steps of 1/20, each scored once by the same
    function a person's answers go through. Scoring was four fifths of the generation's time; at 10,000
    companies a million staff responses draw from at most 21 x SIZE scored sets, so every stored score is still
    exactly what scoring gives for the stored answers."""

    STEPS = 20
    SIZE = 48

    def __init__(self, catalog: Catalog, audience: str) -> None:
        self.catalog, self.audience = catalog, audience
        self.sets: dict[int, list[tuple[dict[str, str], dict]]] = {}

    def draw(self, rng: random.Random, quality: float) -> tuple[dict[str, str], dict]:
        step = round(quality * self.STEPS)
        sets = self.sets.setdefault(step, [])
        if len(sets) < self.SIZE:
            answers = plausible_answers(self.catalog, rng, self.audience, step / self.STEPS)
            sets.append((answers, actions.cached_scores(self.catalog, answers, self.audience)))
            return sets[-1]
        return sets[rng.randrange(self.SIZE)]


def _rounds(
    plan: _Company, rng: random.Random, catalog: Catalog, pools: dict[str, _AnswerPool], now: datetime
) -> list[tuple[Diagnosis, list[dict[str, str]]]]:
    """The company's diagnoses, getting better over time; the newest is sometimes still unanswered."""
    start_quality = rng.uniform(0.05, 0.5)
    end_quality = min(0.95, start_quality + rng.uniform(0.0, 0.45))
    staff_offset = rng.uniform(-0.1, 0.3)  # staff usually see it a little worse than management
    owner = plan.people[0][0]
    limit = STAFF_LIMIT[plan.organisation.employee_band]
    out = []
    for i, started in enumerate(plan.rounds):
        by = plan.advisor if plan.advisor is not None and rng.random() < 0.3 else owner
        diagnosis = Diagnosis(
            organisation=plan.organisation,
            catalog_id=catalog.id,
            catalog_version=catalog.version,
            created_by=by,
            created_at=started,
        )
        if i == len(plan.rounds) - 1 and rng.random() < 0.1:
            out.append((diagnosis, []))
            continue
        share = i / max(1, len(plan.rounds) - 1)
        quality = _clamp(start_quality + (end_quality - start_quality) * share + rng.gauss(0, 0.05))
        answers, scores = pools[actions.MANAGEMENT].draw(rng, quality)
        diagnosis.management_answers = answers
        diagnosis.management_scores = scores
        diagnosis.answered_by = by
        diagnosis.completed_at = min(now, started + timedelta(days=rng.choice([0, 0, 1, 2, 3]), hours=1))
        asked = rng.choices([0, rng.randint(1, 2), rng.randint(3, limit)], weights=[20, 15, 65])[0]
        drawn = [pools[actions.STAFF].draw(rng, _clamp(quality - staff_offset)) for _ in range(asked)]
        diagnosis.staff_count = len(drawn)
        diagnosis.staff_scores = actions.average_scores([scores for _answers, scores in drawn])
        out.append((diagnosis, [answers for answers, _scores in drawn]))
    return out


def _responses(
    diagnosis: Diagnosis, answers: list[dict[str, str]], rng: random.Random, now: datetime
) -> list[StaffResponse]:
    # Day only, like a real response: an exact time could tell the owner who answered.
    today = now.astimezone(TOKYO).date()
    started: date = diagnosis.created_at.astimezone(TOKYO).date()
    return [
        StaffResponse(
            organisation=diagnosis.organisation,
            diagnosis=diagnosis,
            answers=a,
            submitted_on=min(today, started + timedelta(days=rng.randint(0, 14))),
        )
        for a in answers
    ]


def _links(diagnosis: Diagnosis, answered: int, rng: random.Random) -> list[SurveyLink]:
    """Spent links for the answers plus a few never used; none of them is tied to a response."""
    if diagnosis.completed_at is None:
        return []
    unused = rng.choice([0, 0, 1, 2]) if answered else 0
    spent = diagnosis.completed_at + timedelta(days=1)
    # Random hashes from `secrets`, not from the seed: nobody can recompute a token for an unused link.
    return [
        SurveyLink(
            organisation=diagnosis.organisation,
            diagnosis=diagnosis,
            token_hash=secrets.token_hex(32),
            created_at=diagnosis.completed_at,
            used_at=spent if i < answered else None,
        )
        for i in range(answered + unused)
    ]


def _next_number(taken: set[str], prefix: str) -> int:
    """After the companies or advisors an earlier run generated, so that a second run adds to the first."""
    numbers = [int(email[len(prefix) :].split("@")[0].split("-")[0]) for email in taken if email.startswith(prefix)]
    return max(numbers, default=0) + 1


def _check_free(users: list[User], taken: set[str]) -> None:
    clash = next((u.email for u in users if u.email in taken), None)
    if clash is not None:
        raise ScaleError(clash)


def _clamp(value: float) -> float:
    return max(0.0, min(1.0, value))
