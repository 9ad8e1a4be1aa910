"""``serviq serve`` runs gunicorn on the address asked for and serves the API schema."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_on_localhost_with_the_openapi_schema(tmp_path: Path) -> None:
    port = _free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(ROOT / "src"),
        "SERVIQ_HOME": str(tmp_path),
        "SERVIQ_SECRET_KEY": "a-test-only-but-long-and-random-key-8f2c9d1e7a",
        "SERVIQ_SECURE_COOKIES": "0",
    }
    log = tmp_path / "serve.log"
    with log.open("wb") as sink:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "serviq.cli.main",
                "serve",
                "--port",
                str(port),
                "--workers",
                "1",
            ],
            env=env,
            stdout=sink,
            stderr=sink,
        )
    try:
        deadline = time.time() + 40
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/openapi.json") as r:
                    schema = json.load(r)
                    csp = r.headers["Content-Security-Policy"]
                break
            except OSError as exc:
                if time.time() > deadline or server.poll() is not None:
                    raise AssertionError(log.read_text()) from exc
                time.sleep(0.3)
        assert schema["info"]["title"] == "serviq"
        assert "script-src 'self'" in csp
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/") as r:
            page = r.read().decode()
        # production mode: static files under hashed names, served by whitenoise
        static = page.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
        assert static.startswith("/static/serviq/serviq.")
        assert static != "/static/serviq/serviq.css"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{static}") as r:
            assert r.status == 200
    finally:
        server.terminate()
        server.wait(timeout=20)
