"""Finding 4: one login path with a throttle counted by user name and by client address.

The admin site logs in through the same view (so it counts and audits); a throttled user
cannot log in there either; concurrent attempts never pass the limit; one address trying
many names is throttled; a throttle expires, and grows when guessing goes on.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client

PASSWORD = "A-long-enough-Passw0rd"
POLICY = """login:
  max_failures: 3
  max_failures_per_address: 5
  window_minutes: 15
  throttle_minutes: 1
  throttle_growth: 2
  max_throttle_minutes: 60
"""


@pytest.fixture
def policy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "security.yaml").write_text(POLICY, encoding="utf-8")
    monkeypatch.setenv("SERVIQ_CONFIG_DIR", str(tmp_path))


@pytest.fixture
def admin_user(db: None) -> User:
    u = User.objects.get(username="admin")
    u.set_password(PASSWORD)
    u.save()
    return u


def _actions(name: str) -> list[str]:
    from serviq.web.audit.models import AuditEvent

    return list(
        AuditEvent.objects.filter(object_id=name, action__startswith="login")
        .order_by("pk")
        .values_list("action", flat=True)
    )


def _post(client: Client, url: str, name: str, password: str, ip: str = "10.0.0.1") -> Any:
    return client.post(url, {"username": name, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_admin_login_counts_and_audits_every_attempt(policy: None, admin_user: User) -> None:
    client = Client()
    assert _post(client, "/admin/login/", "admin", "wrong").status_code == 400
    r = _post(client, "/admin/login/?next=/admin/", "admin", PASSWORD)
    assert r.status_code == 302
    assert r["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert _actions("admin") == ["login.failed", "login"]


@pytest.mark.django_db
def test_a_throttled_user_cannot_log_in_through_the_admin(policy: None, admin_user: User) -> None:
    client = Client()
    for _ in range(3):
        assert _post(client, "/login/", "admin", "wrong").status_code == 400
    r = _post(client, "/admin/login/", "admin", PASSWORD, ip="10.9.9.9")
    assert r.status_code == 429  # even with the right password, from another address
    assert int(r["Retry-After"]) > 0
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    assert _actions("admin") == ["login.failed"] * 3 + ["login.throttled"]


@pytest.mark.django_db
def test_one_address_trying_many_names_is_throttled(policy: None) -> None:
    client = Client()
    names = [f"guess{i}" for i in range(8)]
    codes = [_post(client, "/login/", n, "wrong", ip="10.0.0.7").status_code for n in names]
    assert codes == [400] * 5 + [429] * 3
    # another address is not affected
    assert _post(client, "/login/", "guess9", "wrong", ip="10.0.0.8").status_code == 400


@pytest.mark.django_db
def test_the_throttle_expires_and_grows_while_guessing_goes_on(
    policy: None, admin_user: User
) -> None:
    """Each attempt from another address, so that only the name's count matters."""
    client = Client()
    ips = (f"10.2.0.{i}" for i in range(100))
    t0 = dt.datetime.now(dt.UTC)
    with time_machine.travel(t0, tick=False) as clock:
        for _ in range(3):
            _post(client, "/login/", "admin", "wrong", next(ips))
        r = _post(client, "/login/", "admin", PASSWORD, next(ips))
        assert r.status_code == 429
        assert int(r["Retry-After"]) == 60  # the first throttle is 1 minute
        clock.shift(dt.timedelta(seconds=61))
        for _ in range(3):
            assert _post(client, "/login/", "admin", "wrong", next(ips)).status_code == 400
        r = _post(client, "/login/", "admin", PASSWORD, next(ips))
        assert r.status_code == 429
        assert int(r["Retry-After"]) == 120  # the second one is twice as long
        clock.shift(dt.timedelta(seconds=121))
        assert _post(client, "/login/", "admin", PASSWORD, next(ips)).status_code == 302
    assert _actions("admin")[-1] == "login"


@pytest.mark.django_db
def test_a_success_clears_the_name_but_not_the_address(policy: None, admin_user: User) -> None:
    client = Client()
    for _ in range(2):
        _post(client, "/login/", "admin", "wrong")
    assert _post(client, "/login/", "admin", PASSWORD).status_code == 302
    client.post("/logout/")
    for _ in range(2):
        assert _post(client, "/login/", "admin", "wrong").status_code == 400
    # the address has 4 failures of its limit of 5: one more, then throttled
    assert _post(client, "/login/", "nobody", "wrong").status_code == 400
    assert _post(client, "/login/", "admin", PASSWORD).status_code == 429


def test_a_bad_throttle_setting_is_refused_naming_file_and_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from serviq.errors import InvalidInput
    from serviq.web.policy import load_policy

    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "security.yaml").write_text(
        "login:\n  throttle_growth: 0.5\n", encoding="utf-8"
    )
    monkeypatch.setenv("SERVIQ_CONFIG_DIR", str(tmp_path))
    with pytest.raises(InvalidInput, match=r"security\.yaml.*throttle_growth"):
        load_policy()


def test_the_login_page_answers_head(client: Client) -> None:
    assert client.head("/login/").status_code == 200


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the in-memory SQLite test database cannot serve 12 threads writing at once",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_attempts_never_pass_the_limit(policy: None, personas: Any) -> None:
    """12 wrong passwords at once against a limit of 3: at most 3 reach the password check
    (before the throttle, all 12 did)."""
    from serviq.web.audit.models import AuditEvent

    personas()
    start = threading.Barrier(12)
    codes: list[object] = []

    def attempt(i: int) -> None:
        try:
            start.wait()
            r = _post(Client(), "/login/", "lead1", f"wrong{i}", ip=f"10.1.0.{i}")
            codes.append(r.status_code)
        except Exception as exc:
            codes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    passed = sum(c == 400 for c in codes)
    assert passed <= 3, f"{passed} of 12 attempts reached the password check: {codes}"
    assert codes.count(429) == 12 - passed, codes
    # every attempt is audited: the ones checked as failed, the others as throttled
    assert AuditEvent.objects.filter(object_id="lead1", action="login.failed").count() == passed
    assert AuditEvent.objects.filter(object_id="lead1", action="login.throttled").count() == (
        12 - passed
    )


@pytest.mark.django_db
def test_an_administrator_may_lift_a_throttle_and_it_is_audited(
    policy: None, admin_user: User, as_user: Any
) -> None:
    from serviq.web.audit.models import AuditEvent
    from serviq.web.org.models import LoginThrottle

    lead = User.objects.get(username="lead1")
    lead.set_password(PASSWORD)
    lead.save()
    other = Client()
    for _ in range(3):
        _post(other, "/login/", "lead1", "wrong", ip="10.3.0.1")
    assert _post(other, "/login/", "lead1", PASSWORD, ip="10.3.0.2").status_code == 429
    row = LoginThrottle.objects.get(kind="user", key="lead1")
    admin_client = as_user("admin")
    # read only: no change form that could set a count
    assert admin_client.post(f"/admin/org/loginthrottle/{row.pk}/change/", {}).status_code == 403
    r = admin_client.post(f"/admin/org/loginthrottle/{row.pk}/delete/", {"post": "yes"})
    assert r.status_code == 302
    assert AuditEvent.objects.filter(action="admin.delete", object_id=str(row.pk)).exists()
    assert _post(other, "/login/", "lead1", PASSWORD, ip="10.3.0.2").status_code == 302
    # only the administrator sees the throttle
    assert as_user("centre").get("/admin/org/loginthrottle/").status_code in (302, 403)


@pytest.mark.django_db
def test_rows_that_hold_nothing_are_pruned_and_recent_throttles_are_kept(
    policy: None, admin_user: User
) -> None:
    """Every name anyone types gets a row; once its window is over (and no throttle ended
    within the last window) the row is deleted, which changes no decision."""
    from serviq.web.org.models import LoginThrottle

    client = Client()
    t0 = dt.datetime.now(dt.UTC)
    with time_machine.travel(t0, tick=False) as clock:
        for i in range(4):
            _post(client, "/login/", f"typo{i}", "wrong", ip=f"10.4.0.{i}")
        for _ in range(3):  # throttles admin: its strike must outlive the window
            _post(client, "/login/", "admin", "wrong", ip="10.4.1.1")
        assert LoginThrottle.objects.filter(key__startswith="typo").count() == 4
        clock.shift(dt.timedelta(minutes=15))  # the typos' window is over
        _post(client, "/login/", "someone", "wrong", ip="10.4.2.1")
        assert not LoginThrottle.objects.filter(key__startswith="typo").exists()
        assert not LoginThrottle.objects.filter(key__startswith="10.4.0.").exists()
        # admin's throttle ended 14 minutes ago, within the window: its strike is kept
        assert LoginThrottle.objects.get(kind="user", key="admin").strikes == 1
        for _ in range(3):
            _post(client, "/login/", "admin", "wrong", ip="10.4.3.1")
        r = _post(client, "/login/", "admin", PASSWORD, ip="10.4.3.2")
        assert int(r["Retry-After"]) == 120  # the second throttle in a row: twice as long
