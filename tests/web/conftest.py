"""Fixtures of the web tests: Django on a real database, and the people of a small centre.

Django is configured here (not in the root conftest) so that the rest of the suite never
imports it. ``DATABASE_URL`` chooses the engine: SQLite (default, in memory for tests) or
PostgreSQL, where pytest-django creates its own test database per xdist worker.

The personas: centre C1 has department D1 (teams T1, T2) and D2 (team T3).

==========  ====================  =====  ====
login       role                  team   dept
==========  ====================  =====  ====
a001        agent                 T1     D1
a002        agent                 T1     D1
b001        agent (another team)  T2     D1
c001        agent (other dept)    T3     D2
lead1       team_lead             T1     D1
lead2       team_lead             T2     D1
qa1         qa_inspector          —      D1
dir1        department_director   —      D1
dir2        department_director   —      D2
centre      centre_director       —      —
analyst     analyst               —      —
admin       admin                 —      —
==========  ====================  =====  ====
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from typing import Any

import pytest

os.environ.setdefault("SERVIQ_DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "serviq.web.settings")

import django

django.setup()

PASSWORD = "serviq-test-Passw0rd"
PERIODS = ("2026-09", "2026-10")
QUEUES = ("credit_card", "retail", "wealth", "complaints")
ZONE = dt.timezone(dt.timedelta(hours=8))

PEOPLE = [
    # login, role, team, department
    ("a001", "agent", "T1", "D1"),
    ("a002", "agent", "T1", "D1"),
    ("b001", "agent", "T2", "D1"),
    ("c001", "agent", "T3", "D2"),
    ("lead1", "team_lead", "T1", "D1"),
    ("lead2", "team_lead", "T2", "D1"),
    ("qa1", "qa_inspector", None, "D1"),
    ("dir1", "department_director", None, "D1"),
    ("dir2", "department_director", None, "D2"),
    ("centre", "centre_director", None, None),
    ("analyst", "analyst", None, None),
    ("admin", "admin", None, None),
]
AGENTS = {"a001": "T1", "a002": "T1", "b001": "T2", "c001": "T3"}
DEFINITION: dict[str, Any] = {
    "items": [
        {
            "code": "REL1",
            "kind": "likert",
            "min": 1,
            "max": 5,
            "group": "reliability",
            "text": {
                "zh-hans": "我们按承诺为您办理了业务。",
                "zh-hant": "我們按承諾為您辦理了業務。",
                "en": "We did what we promised.",
            },
        },
        {
            "code": "RES1",
            "kind": "likert",
            "min": 1,
            "max": 5,
            "group": "responsiveness",
            "text": {
                "zh-hans": "客服代表及时回应了您。",
                "zh-hant": "客服代表及時回應了您。",
                "en": "The agent responded promptly.",
            },
        },
        {
            "code": "CSAT",
            "kind": "scale",
            "min": 1,
            "max": 5,
            "text": {
                "zh-hans": "您对本次服务的总体满意度？",
                "zh-hant": "您對本次服務的整體滿意度？",
                "en": "Overall, how satisfied are you?",
            },
        },
        {
            "code": "NPS",
            "kind": "nps",
            "min": 0,
            "max": 10,
            "text": {
                "zh-hans": "您向亲友推荐我行的可能性有多大？",
                "zh-hant": "您向親友推薦本行的可能性有多大？",
                "en": "How likely are you to recommend us?",
            },
        },
        {
            "code": "COMMENT",
            "kind": "comment",
            "required": False,
            "text": {
                "zh-hans": "还有什么想告诉我们的？",
                "zh-hant": "還有什麼想告訴我們的？",
                "en": "Anything else you would like to tell us?",
            },
        },
    ]
}


def _results(period: str, team: str, shift: float) -> list[dict[str, Any]]:
    """A small indicator tree: index → 2 dimensions → 3 indicators; FCR is red."""
    return [
        dict(
            code="CSI",
            parent_code="",
            level=0,
            order=0,
            score=78.0 + shift,
            target=97.0,
            status="amber",
            source="",
            filters={},
            names={
                "zh-hans": "服务质量指数",
                "zh-hant": "服務質量指數",
                "en": "Service quality index",
            },
            definition={"en": "Weighted mean of the dimension scores."},
        ),
        dict(
            code="EFF",
            parent_code="CSI",
            level=1,
            order=1,
            score=70.0 + shift,
            target=97.0,
            status="red",
            source="interactions",
            filters={},
            names={"zh-hans": "效率", "zh-hant": "效率", "en": "Efficiency"},
            definition={"en": "Weighted mean of its indicators."},
        ),
        dict(
            code="FCR",
            parent_code="EFF",
            level=2,
            order=2,
            score=55.0 + shift,
            target=0.8,
            value=0.55,
            unit="%",
            status="red",
            source="interactions",
            filters={"queue": "complaints"},
            names={
                "zh-hans": "一次解决率",
                "zh-hant": "一次解決率",
                "en": "First-contact resolution",
            },
            definition={
                "en": "Answered contacts with no repeat on the same issue within 7 days ÷ answered."
            },
        ),
        dict(
            code="SL",
            parent_code="EFF",
            level=2,
            order=3,
            score=85.0 + shift,
            target=0.8,
            value=0.85,
            unit="%",
            status="green",
            source="interactions",
            filters={},
            names={"zh-hans": "服务水平", "zh-hant": "服務水平", "en": "Service level"},
            definition={"en": "Answered within 20 s ÷ offered (short abandons removed)."},
        ),
        dict(
            code="SAT",
            parent_code="CSI",
            level=1,
            order=4,
            score=86.0 + shift,
            target=97.0,
            status="green",
            source="responses",
            filters={},
            names={"zh-hans": "客户满意", "zh-hant": "客戶滿意", "en": "Customer satisfaction"},
            definition={"en": "Mean CSAT rescaled to 0–100."},
        ),
        dict(
            code="CSAT",
            parent_code="SAT",
            level=2,
            order=5,
            score=86.0 + shift,
            target=4.2,
            value=4.44,
            unit="points (1–5)",
            status="green",
            source="responses",
            filters={},
            names={"zh-hans": "满意度", "zh-hant": "滿意度", "en": "CSAT"},
            definition={"en": "Mean of CSAT (1–5) over responses."},
        ),
    ]


def build_centre() -> dict[str, Any]:
    """Create the personas, two months of interactions and responses, and indicator results."""
    from django.contrib.auth.models import User

    from serviq.web.dashboard.models import IndicatorResult, Interaction
    from serviq.web.org.models import Centre, Department, Person, Team
    from serviq.web.surveys.models import PublishedQuestionnaire, SurveyResponse

    centre = Centre.objects.create(code="C1", name="客服中心")
    depts = {
        "D1": Department.objects.create(centre=centre, code="D1", name="客服部"),
        "D2": Department.objects.create(centre=centre, code="D2", name="远程银行部"),
    }
    teams = {
        "T1": Team.objects.create(department=depts["D1"], code="T1", name="一班"),
        "T2": Team.objects.create(department=depts["D1"], code="T2", name="二班"),
        "T3": Team.objects.create(department=depts["D2"], code="T3", name="三班"),
    }
    people: dict[str, Person] = {}
    for login, role, team, dept in PEOPLE:
        user = User.objects.create_user(login, password=None)
        user.set_unusable_password()
        user.is_staff = role == "admin"
        user.save()
        people[login] = Person.objects.create(
            user=user,
            code=login.upper(),
            name=login,
            role=role,
            centre=centre,
            department=depts[dept] if dept else None,
            team=teams[team] if team else None,
        )
    q = PublishedQuestionnaire.objects.create(
        code="TEST", version="1", title={"en": "Test survey"}, definition=DEFINITION
    )
    n = 0
    for period in PERIODS:
        year, month = map(int, period.split("-"))
        for login, team in AGENTS.items():
            for i, queue in enumerate(QUEUES):
                n += 1
                start = dt.datetime(year, month, 3 + i, 9, 0, tzinfo=ZONE)
                ix = Interaction.objects.create(
                    interaction_id=f"I{n:04d}",
                    period=period,
                    channel="phone",
                    queue=queue,
                    contact_type="complaint" if queue == "complaints" else "query",
                    team=teams[team],
                    agent=people[login],
                    customer_key=f"K{n}",
                    arrived_at=start,
                    answered_at=start + dt.timedelta(seconds=15),
                    ended_at=start + dt.timedelta(seconds=200),
                    csat=4,
                )
                SurveyResponse.objects.create(
                    questionnaire=q,
                    period=period,
                    team=teams[team],
                    agent=people[login],
                    queue=ix.queue,
                    language="zh-hans",
                    submitted_at=start + dt.timedelta(hours=1),
                    answers={
                        "REL1": 1 + n % 5,
                        "RES1": 1 + (n + n // 3) % 5,
                        "CSAT": 1 + (n * 2) % 5,
                        "NPS": n % 11,
                    },
                    comment=f"回答 {n}",
                )
        for k, team_code in enumerate(["", "T1", "T2", "T3"]):
            shift = (PERIODS.index(period) * 2.0) + k
            for r in _results(period, team_code, shift):
                IndicatorResult.objects.create(period=period, team_code=team_code, **r)
    return {"people": people, "teams": teams, "questionnaire": q}


def centre_objects() -> dict[str, Any]:
    """The personas' objects, building them first when a transactional test flushed them."""
    from serviq.web.org.models import Centre, Person, Team
    from serviq.web.surveys.models import PublishedQuestionnaire

    if not Centre.objects.exists():
        return build_centre()
    return {
        "people": {p.user.username: p for p in Person.objects.select_related("user")},
        "teams": {t.code: t for t in Team.objects.all()},
        "questionnaire": PublishedQuestionnaire.objects.get(code="TEST"),
    }


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """The test database with the personas, created once per worker."""
    with django_db_blocker.unblock():
        build_centre()


@pytest.fixture
def personas() -> Any:
    """``personas()`` → the personas' objects, rebuilt if a transactional test flushed them."""
    return centre_objects


@pytest.fixture
def survey_definition() -> dict[str, Any]:
    """The published definition of the small test questionnaire."""
    return DEFINITION


@pytest.fixture
def as_user(client: Any, db: None) -> Any:
    """``as_user("lead1")`` → a test client logged in as that persona."""
    from django.contrib.auth.models import User

    def login(username: str) -> Any:
        client.logout()
        client.force_login(User.objects.get(username=username))
        return client

    return login


@pytest.fixture
def token_for(db: None) -> Any:
    """``token_for("lead1")`` → a bearer token of that persona for the API."""
    import hashlib
    import secrets

    from django.contrib.auth.models import User

    from serviq.web.org.models import ApiToken

    def make(username: str) -> str:
        token = secrets.token_urlsafe(24)
        ApiToken.objects.create(
            user=User.objects.get(username=username),
            name="test",
            digest=hashlib.sha256(token.encode()).hexdigest(),
        )
        return token

    return make


@pytest.fixture
def fresh(db: None) -> None:
    """The demo needs a database without the test personas' centre (rolled back after)."""
    from demo_reset import clear_centre

    clear_centre()


@pytest.fixture(scope="module")
def analysed_centre(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """A small generated centre (two months from September 2026, a fiftieth of its size, as
    ``test_web_evaluation``'s ``demo_centre``) in place of the personas' one, analysed:
    built once for the tests of a module, which read it (each test's writes are rolled
    back after it as usual; the centre at the module's end)."""
    from demo_reset import clear_centre, shared_by_module

    from serviq.demo import generate
    from serviq.web.dashboard.analysis import run_analysis
    from serviq.web.demo import load_centre

    with shared_by_module(django_db_blocker):
        clear_centre()
        load_centre(generate(months=2, scale=0.02, seed=5, start="2026-09-01"))
        run_analysis()
        yield
