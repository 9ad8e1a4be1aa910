from __future__ import annotations

import subprocess
import sys

from serviq import __version__


def test_version(run_cli) -> None:
    code, out, _ = run_cli("--version")
    assert code == 0
    assert __version__ in out


def test_help_lists_groups_without_importing_them() -> None:
    # A fresh interpreter: --help must not import the heavy sub-command modules.
    probe = (
        "import sys; from serviq.cli.main import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('pandas', 'numpy', 'scipy', 'django', 'serviq.cli.indicators') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "HEAVY []" in out.stdout
    from serviq.cli.main import COMMANDS, _available

    assert all(name in out.stdout for name in COMMANDS if _available(name))


def test_unknown_command_is_bad_input(run_cli) -> None:
    code, _, err = run_cli("no-such-command")
    assert code == 2
    assert "no-such-command" in err
