"""A lending decision is checked against the concentration limits inside its transaction,
after locking the firm's connected group, the booked loans and the guarantor (R-SME-7).
Two officers approving two loans to one firm at the same moment cannot together pass the
single-borrower limit.

The race needs two real connections that run at the same time: PostgreSQL. On SQLite a
write transaction takes the whole database at BEGIN, so the engine serialises them.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection
from sme_desk import make_desk

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite serialises write transactions at BEGIN; the race needs PostgreSQL",
)
def test_two_officers_approving_at_once_cannot_pass_the_single_borrower_limit(
    personas: Any,
) -> None:
    """Net capital 640 million: 10 % is 64 million. 40 million each passes alone; both
    together would be 80 million (12.5 %)."""
    from django.contrib.auth.models import User
    from django.db import close_old_connections
    from django.test import RequestFactory

    from serviq.errors import Conflict
    from serviq.web.sme import models as m
    from serviq.web.sme.risk import decide

    personas()
    d = make_desk()
    k1 = d["case"]
    m.Case.objects.filter(pk=k1.pk).update(outcome="declined")  # no loan booked yet
    for code in ("K2", "K3"):
        m.Case.objects.create(code=code, firm=k1.firm, product="term_loan", branch=k1.branch,
                              relationship_manager=k1.relationship_manager,
                              amount_asked=40_000_000)  # fmt: skip
    go = threading.Barrier(2)
    outcome: dict[str, object] = {}

    def approve(code: str, login: str) -> None:
        request = RequestFactory().post(f"/api/sme/cases/{code}/decision")
        request.user = User.objects.get(username=login)
        try:
            go.wait()
            outcome[code] = decide(
                request, code, outcome="approved", amount=None, rate=None
            ).outcome
        except Conflict as exc:
            outcome[code] = exc.code
        except Exception as exc:  # a deadlock or lock error would show here
            outcome[code] = exc
        finally:
            close_old_connections()
            connection.close()

    threads = [
        threading.Thread(target=approve, args=("K2", "risk1")),
        threading.Thread(target=approve, args=("K3", "head1")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(map(str, outcome.values())) == ["approved", "bank.single_borrower"], outcome
    assert m.Case.objects.filter(code__in=["K2", "K3"], outcome="approved").count() == 1
