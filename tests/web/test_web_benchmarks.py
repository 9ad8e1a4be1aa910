"""Benchmarks from secondary data (issue 19 scope 3): who keeps them, a bad file refused with
one line and nothing written, re-import adds nothing, an entry needs its evidence, and the
dashboard shows the reference value, the gap and the rank beside the indicator."""

from __future__ import annotations

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db

URL = "/indicators/benchmarks/"
HEADER = "indicator,reference,kind,value,source,date,definition_notes,comparability\n"
GOOD = HEADER + (
    "SL,Peer bank A,peer,0.80,Peer bank A annual report,2025,80/20 in 20 s,same\n"
    "SL,Banking association,association,0.90,Association yearbook,2025-06,,close\n"
)


def _file(text: str, name: str = "benchmarks.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"))


@pytest.mark.parametrize(
    ("login", "status"),
    [("a001", 403), ("lead1", 403), ("qa1", 403), ("dir1", 403),
     ("centre", 200), ("analyst", 200), ("admin", 200)],
)  # fmt: skip
def test_who_keeps_benchmarks(as_user, login, status) -> None:
    assert as_user(login).get(URL).status_code == status
    posted = as_user(login).post(URL, {"file": _file(GOOD)}).status_code
    assert posted == (403 if status == 403 else 302)


def test_the_dashboard_shows_the_reference_value_gap_and_rank(as_user) -> None:
    from serviq.web.audit.models import AuditEvent

    client = as_user("analyst")
    r = client.post(URL, {"file": _file(GOOD)})
    assert r.status_code == 302, r.content
    assert "added=2" in r["Location"]
    assert AuditEvent.objects.get(action="indicator.benchmark_import").after["added"] == 2
    centre = as_user("centre")
    body = html.unescape(centre.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    # the centre's SL is 0.85 in the test tree: +5.0 points above the peer, −5.0 below the
    # association, second of three
    assert "Benchmark Peer bank A: 80.0%, gap +5.0%" in body
    assert "Benchmark Banking association: 90.0%, gap -5.0%" in body
    assert 'data-rank="2" data-of="3"' in body
    assert "Rank 2 of 3 among the benchmarks" in body
    zh = html.unescape(centre.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode())
    assert "對標基準 Peer bank A：80.0%，差距 +5.0%" in zh
    assert "同業公開結果" in zh


def test_importing_the_same_file_again_adds_nothing(as_user) -> None:
    from serviq.web.indicatordata.models import Benchmark

    client = as_user("centre")
    assert client.post(URL, {"file": _file(GOOD)}).status_code == 302
    again = client.post(URL, {"file": _file(GOOD)})
    assert "added=0" in again["Location"]
    assert "unchanged=2" in again["Location"]
    r = client.post(URL, {"file": _file(GOOD.replace(",0.90,", ",0.92,"))})
    assert "changed=1" in r["Location"]
    assert Benchmark.objects.count() == 2
    assert Benchmark.objects.get(reference="Banking association").value == 0.92


@pytest.mark.parametrize(
    ("text", "name", "words"),
    [
        (GOOD + "NOPE,X,peer,1,S,2025,,\n", "benchmarks.csv",
         "unknown indicator 'NOPE'"),
        (GOOD + "SL,X,blog,1,S,2025,,\n", "benchmarks.csv",
         "unknown kind 'blog'; allowed: industry, peer, regulator, association, best_team "
         "(benchmarks.csv, row 4, column kind)"),
        (GOOD + "SL,X,peer,high,S,2025,,\n", "benchmarks.csv",
         "value 'high' is not a number (benchmarks.csv, row 4, column value)"),
        (GOOD + "SL,X,peer,1,S,2025-13,,\n", "benchmarks.csv", "row 4, column date"),
        (GOOD + "SL,X,peer,1,S,2025,,maybe\n", "benchmarks.csv", "unknown comparability 'maybe'"),
        (GOOD + "SL,Peer bank A,peer,1,S,2025,,\n", "benchmarks.csv",
         "appears twice (first in row 2)"),
        ("indicator,value\nSL,1\n", "benchmarks.csv", "missing columns reference"),
        (GOOD, "benchmarks.pdf", "unsupported file type .pdf"),
    ],
)  # fmt: skip
def test_a_bad_file_is_refused_in_one_line_and_nothing_is_written(
    as_user, text, name, words
) -> None:
    from serviq.web.audit.models import AuditEvent
    from serviq.web.indicatordata.models import Benchmark

    r = as_user("centre").post(URL, {"file": _file(text, name)})
    assert r.status_code == 400
    assert words in html.unescape(r.content.decode())
    assert not Benchmark.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="indicator.benchmark").exists()


def test_an_entry_is_stored_with_its_evidence_and_needs_it(as_user) -> None:
    from serviq.web.audit.models import AuditEvent
    from serviq.web.indicatordata.models import Benchmark

    data = {
        "indicator": "SL",
        "reference": "Team T1",
        "kind": "best_team",
        "value": "0.91",
        "source": "serviq dashboard",
        "date": "2026-10",
        "comparability": "same",
        "definition_notes": "",
    }
    client = as_user("analyst")
    r = client.post(URL, data)
    assert r.status_code == 400
    assert "no evidence file" in html.unescape(r.content.decode())
    assert not Benchmark.objects.exists()
    r = client.post(URL, {**data, "evidence": _file("month report", "t1.txt")})
    assert r.status_code == 302
    stored = Benchmark.objects.get()
    assert (stored.value, stored.evidence_name, bytes(stored.evidence)) == (
        0.91,
        "t1.txt",
        b"month report",
    )
    assert AuditEvent.objects.get(action="indicator.benchmark_entry").after["evidence"] == "t1.txt"


def test_the_demo_benchmarks_pass_the_import_checks_and_load_once() -> None:
    from serviq.web.indicatordata.demo_benchmarks import load_demo_benchmarks
    from serviq.web.indicatordata.models import Benchmark

    n = load_demo_benchmarks()
    assert n == Benchmark.objects.count() >= 5
    assert load_demo_benchmarks() == n
    assert Benchmark.objects.count() == n
    assert {b.kind for b in Benchmark.objects.all()} == {
        "industry", "peer", "association", "regulator", "best_team"
    }  # fmt: skip
