"""Entry point of the ``serviq`` command.

Sub-commands live in their own modules and are imported only when used, so that
``serviq --help`` stays fast (``benchmarks/bench_cli_startup.py`` measures it). Each module
named in :data:`COMMANDS` defines a Typer ``app``: an app with several commands becomes
``serviq GROUP COMMAND``; an app with one command and no callback becomes ``serviq NAME``.
"""

from __future__ import annotations

import copy
import gc
import importlib
import importlib.util
import re
import sys
from pathlib import Path
from typing import Any

import typer

from serviq import __version__

# name → (module, one-line help). The help is repeated here so that listing the commands
# imports none of them.
COMMANDS: dict[str, tuple[str, str]] = {
    "indicators": ("serviq.cli.indicators", "Indicator systems: validate, show, diff, score."),
    "weights": (
        "serviq.cli.weights",
        "Indicator weights: AHP, entropy, CRITIC, coefficient of variation.",
    ),
    "survey": (
        "serviq.cli.survey",
        "Questionnaires and psychometrics: reliability, EFA, CFA, PLS, screening.",
    ),
    "text": (
        "serviq.cli.text",
        "Open comments: redaction, word frequency, keywords, coding, agreement.",
    ),
    "ops": ("serviq.cli.ops", "Contact-centre data: import, KPIs, backlog, Erlang C, heat map."),
    "qa": ("serviq.cli.qa", "Quality inspection: sampling plans, scores, calibration, ICC."),
    "workforce": ("serviq.cli.workforce", "Department rules: leave and swap checks, meetings."),
    "report": (
        "serviq.cli.report",
        "The department's reports: build, list, and control charts (SPC).",
    ),
    "actions": (
        "serviq.cli.actions",
        "Improvement actions: the register, suggestions, effectiveness checks.",
    ),
    "delphi": (
        "serviq.cli.delphi",
        "Delphi consultation: response rate, authority, consensus, Kendall's W.",
    ),
    "sme": (
        "serviq.cli.sme",
        "SME financial services: scorecard, binning, guarantees, limits, schedules, capital.",
    ),
    "training": ("serviq.cli.training", "Training: knowledge-test scoring, item analysis, effect."),
    "demo": (
        "serviq.cli.demo",
        "Run the demo: the synthetic bank contact centre in the web application.",
    ),
    "serve": ("serviq.cli.serve", "Serve the web application and its API."),
    "migrate": ("serviq.cli.migrate", "Apply database migrations."),
}

HELP = """serviq — customer-service quality for banks, securities firms and insurers.

Every command that returns data prints a table, or one JSON object with --json.
Bad input prints `error: …` on stderr and exits with 2."""


def _version(value: bool) -> None:
    if value:
        typer.echo(f"serviq {__version__}")
        raise typer.Exit()


def _root() -> typer.Typer:
    root = typer.Typer(
        help=HELP,
        no_args_is_help=True,
        add_completion=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @root.callback()
    def _main(
        version: bool = typer.Option(
            False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ) -> None:
        pass

    return root


def _available(name: str) -> bool:
    return importlib.util.find_spec(COMMANDS[name][0]) is not None


def _only(app: typer.Typer, wanted: str | None) -> typer.Typer:
    """``app`` with just the command ``wanted`` when that names one of its commands: typer
    turns every command of a group into a click command (signature, options, help) before
    it runs one, ~1.5 ms each, 20 to 40 ms for the larger groups. Anything else (``--help``
    of the group, an unknown name, a group with sub-groups) keeps the whole app, so listings
    and error messages are unchanged."""
    if wanted is None or app.registered_groups:
        return app
    chosen = [
        c
        for c in app.registered_commands
        if c.callback is not None
        and (c.name or typer.main.get_command_name(c.callback.__name__)) == wanted
    ]
    if len(chosen) != 1:
        return app
    slim = copy.copy(app)
    slim.registered_commands = chosen
    return slim


def _attach(root: typer.Typer, name: str, wanted: str | None = None) -> None:
    """Import the module of ``name`` and attach its app to ``root`` (only its command
    ``wanted``, when that is one, see :func:`_only`)."""
    module_name, short = COMMANDS[name]
    app: typer.Typer = importlib.import_module(module_name).app
    single = (
        len(app.registered_commands) == 1
        and not app.registered_groups
        and app.registered_callback is None
    )
    if single:
        info = app.registered_commands[0]
        assert info.callback is not None
        root.command(name=name, help=info.help or short)(info.callback)
    else:
        root.add_typer(_only(app, wanted), name=name, help=app.info.help or short)


def build(argv: list[str]) -> typer.Typer:
    """The root app for this call: the one command asked for, or stubs for the listing."""
    root = _root()
    first = argv[0] if argv else None
    if first in COMMANDS and _available(first):
        _attach(root, first, argv[1] if len(argv) > 1 else None)
        return root
    for name, (_, short) in COMMANDS.items():
        if _available(name):
            root.add_typer(typer.Typer(help=short), name=name)
    return root


_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,17})")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]{0,17})(?:\.[0-9]{1,17})?")


class _PlainParam:
    """Typer's coercion of one parameter, with a shortcut for the plain values of a
    command line: a ``str``, an ``int`` or a decimal ``float`` written in plain digits, a
    ``bool`` flag, a ``Path`` (then typer's own path checks), or a list of them. Typer builds a pydantic
    ``TypeAdapter`` per parameter, and importing pydantic alone took ~80 ms CPU of every
    ``serviq`` start (a quarter of ``serviq text freq`` on a small file). The shortcut gives
    exactly what the adapter gives for these values; anything else (other types, ranges,
    parsers, a value that is not plain, so every error message) goes to typer's coercion,
    built on first use."""

    __slots__ = ("_descriptor", "_kind", "_slow")

    def __init__(self, descriptor: Any, kind: type) -> None:
        self._descriptor = descriptor
        self._kind = kind
        self._slow: Any = None

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        multi = param.multiple or param.nargs == -1
        if value is None:
            return () if multi else None
        if multi:
            if isinstance(value, (list, tuple)):
                items = [self._fast(v, param, ctx) for v in value]
                if not any(v is _SLOW for v in items):
                    return items
        else:
            got = self._fast(value, param, ctx)
            if got is not _SLOW:
                return got
        if self._slow is None:
            from typer._coercion import build_runtime_param

            self._slow = build_runtime_param(self._descriptor)
        return self._slow.coerce(value, param=param, ctx=ctx)

    def _fast(self, value: Any, param: Any, ctx: Any) -> Any:
        kind, cls = self._kind, value.__class__
        if cls is kind and kind is not Path:
            return value
        if cls is not str:
            return _SLOW
        if kind is str:
            return value
        if kind is int:
            return int(value) if _INT.fullmatch(value) else _SLOW
        if kind is float:
            return float(value) if _FLOAT.fullmatch(value) else _SLOW
        if value:  # Path: typer's checks (exists, file_okay, …) on the path object
            from typer._param_types import coerce_cli_path

            info = self._descriptor.parameter_info
            return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
        return _SLOW


_SLOW = object()


def _plain_kind(descriptor: Any) -> type | None:
    """``str``, ``int``, ``float``, ``bool`` or ``Path`` when the parameter (or each item of a list
    parameter) is a plain one of these, with no parser, range or path type of its own."""
    from typing import get_args, get_origin

    info = descriptor.parameter_info
    if descriptor.file_annotation is not None or info.parser is not None:
        return None
    if info.min is not None or info.max is not None or getattr(info, "path_type", None):
        return None
    annotation = descriptor.annotation
    if get_origin(annotation) is list:
        (annotation,) = get_args(annotation) or (None,)
    return annotation if annotation in (str, int, float, bool, Path) else None


def _plain_param(param: Any) -> None:
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or getattr(param, "_runtime_param", False) is not None:
        return
    kind = _plain_kind(descriptor)
    if kind is not None:
        param._runtime_param = _PlainParam(descriptor, kind)


def _plain_params(command: Any) -> None:
    """Give the plain parameters of the loaded commands the shortcut of :class:`_PlainParam`
    (typer ≥ 0.25 coerces through ``_runtime_param``; other versions are left as they are),
    the ``--help`` option included (made on first use, per command)."""
    for param in getattr(command, "params", ()):
        _plain_param(param)
    get_help = getattr(command, "get_help_option", None)
    if get_help is not None:

        def help_option(ctx: Any, get: Any = get_help) -> Any:
            option = get(ctx)
            if option is not None:
                _plain_param(option)
            return option

        command.get_help_option = help_option
    for sub in getattr(command, "commands", {}).values():
        _plain_params(sub)


def main(argv: list[str] | None = None) -> Any:
    """Run the CLI, turning serviq's errors into ``error: …`` lines and exit codes.

    Called without ``argv`` (the ``serviq`` script), the command owns the process: the
    modules, classes and command tree made here live as long as it, so they are made with
    the garbage collector off and then frozen out of its sight (``gc.freeze``), and its
    collections scan only what the command makes. Called with ``argv`` (tests, other
    programs), the collector is left as it is."""
    from serviq.cli import output

    own = argv is None
    args = list(sys.argv[1:] if argv is None else argv)
    was_enabled = gc.isenabled()
    if own:
        output.OWN_PROCESS = True
        gc.disable()
    try:
        command = typer.main.get_command(build(args))
        _plain_params(command)
        if own:
            gc.freeze()
    finally:
        if own and was_enabled:
            gc.enable()
    return output.run_with_errors(command, args)


if __name__ == "__main__":  # pragma: no cover
    main()
