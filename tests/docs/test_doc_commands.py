"""Every command block of the README and of the area pages runs as written (exit 0), in
order, in an empty folder, with the installed ``serviq`` on PATH — the reader's first
minutes. Blocks marked ``<!-- not run: REASON -->`` are skipped and must give the reason."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from doc_blocks import command_blocks

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PAGES = [
    "README.md",
    "docs/demo.md",
    "docs/survey.md",
    "docs/ops.md",
    "docs/text.md",
    "docs/delphi.md",
    "docs/sme.md",
    "docs/training.md",
]
BIN = Path(sys.executable).parent


def reader_env(home: Path) -> dict[str, str]:
    """A reader's environment: serviq installed, no settings of the test suite."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SERVIQ_", "DATABASE_"))}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["SERVIQ_HOME"] = str(home)
    return env


@pytest.mark.parametrize("page", PAGES)
def test_every_command_block_of_the_page_runs(page: str, tmp_path: Path) -> None:
    blocks = command_blocks(ROOT / page)
    assert blocks, f"{page} has no command block"
    env = reader_env(tmp_path / "var")
    for block in blocks:
        if block.skip_reason is not None:
            assert block.skip_reason, f"{block}: say why the block is not run"
            continue
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", block.script],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert done.returncode == 0, (
            f"{block} exited with {done.returncode}:\n{block.script}\n--- stderr:\n"
            f"{done.stderr[-3000:]}"
        )


def test_a_failing_block_is_caught(tmp_path: Path) -> None:
    """The runner sees a command's failure (so a broken tour cannot pass)."""
    page = tmp_path / "page.md"
    page.write_text(
        "```sh\nserviq survey import missing.csv -w ws\n```\n\n"
        "<!-- not run: starts a server -->\n```sh\nserviq serve\n```\n",
        encoding="utf-8",
    )
    blocks = command_blocks(page)
    assert [b.skip_reason for b in blocks] == [None, "starts a server"]
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", blocks[0].script],
        cwd=tmp_path,
        env=reader_env(tmp_path / "var"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("error: ")
