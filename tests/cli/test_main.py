from __future__ import annotations

import subprocess
import sys
from typing import Any

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


def test_plain_parameters_coerce_as_typer_does_without_pydantic(tmp_path) -> None:
    """The shortcut for plain parameters (serviq.cli.main._PlainParam) gives what typer's
    own coercion gives, value for value, and errors through typer's own messages; a
    ``text freq`` run imports no pydantic."""
    import typer
    from typer._click import Context
    from typer._click.exceptions import BadParameter
    from typer._coercion import build_runtime_param

    from serviq.cli.main import _plain_params, _PlainParam, build

    command = typer.main.get_command(build(["text"]))
    freq = command.commands["text"].commands["freq"]  # type: ignore[attr-defined]
    redact = command.commands["text"].commands["redact"]  # type: ignore[attr-defined]
    _plain_params(command)
    f = tmp_path / "c.csv"
    f.write_text("comment\nx\n", encoding="utf-8")
    values: dict[str, list[Any]] = {
        "data": [str(f), str(tmp_path), "", 5],
        "top": ["30", "-1", "007", " 3", "+3", "abc", "1.5", "", 30, None],
        "column": ["comment", "", None],
        "json": [True, False, None],
    }
    checked = 0
    cases: list[tuple[Any, dict[str, list[Any]]]] = [
        (freq, values),
        (redact, {"column": [("a", "b"), [], None]}),
    ]
    for cmd, params in cases:
        ctx = Context(cmd)
        for param in cmd.params:
            for value in params.get(param.name, []):
                fast = param._runtime_param
                assert isinstance(fast, _PlainParam)
                slow = build_runtime_param(param.type_descriptor)
                results = []
                for coercion in (fast, slow):
                    try:
                        results.append(coercion.coerce(value, param=param, ctx=ctx))
                    except BadParameter as exc:
                        results.append(("error", exc.format_message()))
                assert results[0] == results[1], (param.name, value, results)
                assert type(results[0]) is type(results[1])
                checked += 1
    assert checked == 23
    probe = (
        "import sys; from serviq.cli.main import main\n"
        f"try:\n    main(['text', 'freq', {str(f)!r}, '--column', 'comment', '--json'])\n"
        "except SystemExit:\n    pass\n"
        "print('PYDANTIC', 'pydantic' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "PYDANTIC False" in out.stdout


def test_in_process_calls_leave_the_garbage_collector_alone(run_cli, tmp_path) -> None:
    """Only the ``serviq`` script (main() without argv) freezes objects out of the garbage
    collector's sight; main([...]) from a test or another program does not."""
    import gc

    f = tmp_path / "c.csv"
    f.write_text("comment\n服务很好\n", encoding="utf-8")
    frozen = gc.get_freeze_count()
    code, out, _ = run_cli("text", "freq", str(f), "--column", "comment", "--json")
    assert code == 0
    assert '"documents": 1' in out
    assert gc.get_freeze_count() == frozen
    assert gc.isenabled()
