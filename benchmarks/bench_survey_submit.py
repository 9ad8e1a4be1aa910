"""Survey submissions under load: 50 clients submitting at once for 30 s against a real
``serviq serve`` (gunicorn) on 127.0.0.1 lose no response and store no duplicate.

Each client takes a fresh single-use link, opens the form (GET, for the CSRF cookie) and
submits it (POST); every fifth submission is posted twice, as a customer double-tapping
"submit" would. At the end the stored responses are counted: exactly one per link that was
answered, none for the others. Printed: submissions per second, p50/p99 latency of the
submit, and — as the alternative measured in the same run — the same load on a page that
writes nothing (the thank-you page), so that the cost of a durable submission shows as a
ratio.

Options: ``--seconds=30 --clients=50 --workers=2``; the database is a fresh SQLite file
(WAL) unless ``DATABASE_URL`` names a PostgreSQL server.
"""

from __future__ import annotations

import argparse
import http.client
import os
import queue
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ANSWERS = {"REL1": "4", "RES1": "5", "CSAT": "4", "NPS": "9"}
DEFINITION = {
    "items": [
        {"code": "REL1", "kind": "likert", "min": 1, "max": 5, "text": {"en": "Reliable"}},
        {"code": "RES1", "kind": "likert", "min": 1, "max": 5, "text": {"en": "Responsive"}},
        {"code": "CSAT", "kind": "scale", "min": 1, "max": 5, "text": {"en": "Satisfied"}},
        {"code": "NPS", "kind": "nps", "min": 0, "max": 10, "text": {"en": "Recommend"}},
    ]
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


class Client:
    """One customer's browser: a keep-alive connection and a cookie jar of one cookie."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.csrf = ""

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        headers = {"Host": f"127.0.0.1:{self.conn.port}"}
        if self.csrf:
            headers["Cookie"] = f"csrftoken={self.csrf}"
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://127.0.0.1:{self.conn.port}"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            r = self.conn.getresponse()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.conn.port, timeout=60)
            self.conn.request(method, path, body=body, headers=headers)
            r = self.conn.getresponse()
        text = r.read().decode("utf-8", "replace")
        for name, value in r.getheaders():
            if name.lower() == "set-cookie" and value.startswith("csrftoken="):
                self.csrf = value.split(";", 1)[0].split("=", 1)[1]
        return r.status, text


def _submit(client: Client, token: str) -> tuple[int, float]:
    status, page = client.request("GET", f"/s/{token}/")
    if status != 200:
        return status, 0.0
    m = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    body = urlencode({**ANSWERS, "csrfmiddlewaretoken": m.group(1) if m else ""})
    t0 = time.perf_counter()
    status, _ = client.request("POST", f"/s/{token}/", body)
    return status, time.perf_counter() - t0


def _load(port: int, clients: int, seconds: float, work: Any) -> tuple[list[float], list[Any], int]:
    latencies: list[float] = []
    outcomes: list[Any] = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds
    errors = 0

    def run() -> None:
        nonlocal errors
        c = Client(port)
        while time.perf_counter() < stop:
            try:
                outcome, latency = work(c)
            except Exception:  # counted: a lost request is a failure of the benchmark
                with lock:
                    errors += 1
                continue
            with lock:
                latencies.append(latency)
                outcomes.append(outcome)

    threads = [threading.Thread(target=run) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, outcomes, errors


def _scratch_postgres(env: dict[str, str]) -> tuple[str, str] | None:
    """With ``DATABASE_URL`` on PostgreSQL, a fresh database on that server for this run."""
    url = env.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    import psycopg

    name = f"serviq_bench_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    base = url.rsplit("/", 1)[0]
    env["DATABASE_URL"] = f"{base}/{name}"
    return url, name


def _drop_postgres(scratch: tuple[str, str]) -> None:
    import psycopg

    url, name = scratch
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(prog="bench_survey_submit")
    p.add_argument("--seconds", type=float, default=30.0)
    p.add_argument("--clients", type=int, default=50)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--links", type=int, default=20_000)
    args = p.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="serviq-bench-"))
    (tmp / "config" / "web").mkdir(parents=True)
    (tmp / "config" / "web" / "security.yaml").write_text(
        "survey:\n  rate_limit_per_minute: 10000000\n", encoding="utf-8"
    )
    env = {
        **os.environ,
        "SERVIQ_HOME": str(tmp),
        "SERVIQ_DEBUG": "0",
        "SERVIQ_SECRET_KEY": secrets.token_urlsafe(48),
        "SERVIQ_SECURE_COOKIES": "0",
        "SERVIQ_CONFIG_DIR": str(tmp / "config"),
        "SERVIQ_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "serviq.web.settings",
    }
    scratch_db = _scratch_postgres(env)
    os.environ.update(env)
    from serviq.web import boot

    boot.migrate()
    from serviq.web.surveys import actions
    from serviq.web.surveys.models import PublishedQuestionnaire, SurveyResponse

    q = PublishedQuestionnaire.objects.create(
        code="BENCH", version="1", title={"en": "Bench"}, definition=DEFINITION
    )
    tokens: queue.Queue[str] = queue.Queue()
    for chunk in range(0, args.links, 5000):
        for m in actions.do_create_links(
            q, [{"language": "zh-hant"}] * min(5000, args.links - chunk)
        ):
            tokens.put(m.token)
    from django.db import connections

    connections.close_all()

    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "serviq.cli.main",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 60
        while True:
            try:
                if Client(port).request("GET", "/s-thanks/")[0] == 200:
                    break
            except OSError:
                pass
            if time.time() > deadline:
                raise SystemExit("the server did not start within 60 s")
            time.sleep(0.3)

        answered: set[str] = set()
        doubles = 0
        counter = iter(range(10**9))

        def submit(c: Client) -> tuple[Any, float]:
            nonlocal doubles
            token = tokens.get_nowait()
            status, latency = _submit(c, token)
            if status == 302:
                answered.add(token)
                if next(counter) % 5 == 0:  # a double tap: must store nothing more
                    again, _ = _submit_post_again(c, token)
                    doubles += again == 302
            return status, latency

        def thanks(c: Client) -> tuple[Any, float]:
            t0 = time.perf_counter()
            status, _ = c.request("GET", "/s-thanks/?lang=zh-hant")
            return status, time.perf_counter() - t0

        lat, outcomes, errors = _load(port, args.clients, args.seconds, submit)
        stored = SurveyResponse.objects.count()
        linked = SurveyResponse.objects.values("link").distinct().count()
        bad = [s for s in outcomes if s != 302]
        rate = len(answered) / args.seconds
        base_lat, base_out, base_err = _load(port, args.clients, min(args.seconds, 10.0), thanks)
        base_rate = len(base_out) / min(args.seconds, 10.0)
    finally:
        server.terminate()
        server.wait(timeout=30)
        connections.close_all()
        if scratch_db:
            _drop_postgres(scratch_db)

    engine = "PostgreSQL" if env.get("DATABASE_URL", "").startswith("postgres") else "SQLite (WAL)"
    print(
        f"{args.clients} clients × {args.seconds:.0f} s, {args.workers} gunicorn workers, {engine}"
    )
    print(f"submissions accepted          {len(answered)} ({rate:.1f}/s)")
    print(f"double submits (same link)    {doubles}")
    print(f"responses stored              {stored} (distinct links {linked})")
    print(f"non-302 answers, client errors {len(bad)} {dict(Counter(bad))}, {errors}")
    print(
        f"submit latency p50 / p99      {statistics.median(lat) * 1000:.1f} ms / {_percentile(lat, 0.99) * 1000:.1f} ms"
    )
    print(
        f"read-only page (alternative)  {base_rate:.1f}/s, p99 {_percentile(base_lat, 0.99) * 1000:.1f} ms, errors {base_err}"
    )
    print(f"ratio submit / read-only      {rate / base_rate:.2f}x throughput")
    ok = stored == len(answered) == linked and not bad and errors == 0
    print("PASS" if ok else "FAIL", "no response lost, no duplicate stored")


def _submit_post_again(c: Client, token: str) -> tuple[int, float]:
    body = urlencode({**ANSWERS, "NPS": "0", "csrfmiddlewaretoken": c.csrf})
    t0 = time.perf_counter()
    status, _ = c.request("POST", f"/s/{token}/", body)
    return status, time.perf_counter() - t0
