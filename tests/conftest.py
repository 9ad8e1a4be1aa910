"""Shared fixtures. Tests use real components: files on disk, real databases."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("SERVIQ_DEBUG", "1")
os.environ.setdefault("HYPOTHESIS_PROFILE", "ci")

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]):
    """Run ``serviq ARGS`` in-process; return (exit code, stdout, stderr)."""
    from serviq.cli.main import main

    def run(*args: str) -> tuple[int, str, str]:
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        out, err = capsys.readouterr()
        return code, out, err

    return run
