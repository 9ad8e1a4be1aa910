"""Loading YAML files with line numbers, and validating them with pydantic.

Every data file of serviq (indicator systems, questionnaires, scorecards, rules, code
books) goes through :func:`load_model`, so that every error names the file, the line
where the field is written, the field's path and what is allowed::

    error: Extra inputs are not permitted (systems/bank.yaml, line 12, field tree.children.0.colour)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml

from serviq.errors import ConfigError, InvalidInput, Problem, ValidationFailed, Where

if TYPE_CHECKING:  # pydantic is imported where a model is validated (~80 ms of a CLI start)
    from pydantic import BaseModel
    from pydantic import ValidationError as PydanticValidationError

M = TypeVar("M", bound="BaseModel")

LineMap = dict[tuple[str | int, ...], int]

# The C-accelerated loader when PyYAML was built with libyaml; it keeps node marks too.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _lines(
    node: yaml.Node,
    path: tuple[str | int, ...],
    lines: LineMap,
    active: frozenset[int] = frozenset(),
) -> None:
    """Record the line of every key and item under ``node`` (no values are constructed).

    ``active`` holds the nodes on the current path, so an alias that refers to its own
    ancestor (a recursive structure) is not followed for ever.
    """
    lines[path] = node.start_mark.line + 1
    if id(node) in active:
        return
    active = active | {id(node)}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key: str | int = key_node.value
            if key_node.tag.endswith(":int"):
                key = int(key_node.value)
            lines[(*path, key)] = key_node.start_mark.line + 1
            _lines(value_node, (*path, key), lines, active)
    elif isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            _lines(child, (*path, i), lines, active)


def load_yaml(path: str | Path, text: str | None = None) -> tuple[Any, LineMap]:
    """Parse a YAML file; return the data and a map from key path to line number.

    Raises :class:`ConfigError` naming the file and line for syntax errors.
    """
    path = Path(path)
    if text is None:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise InvalidInput("file not found", where=Where(file=str(path))) from None
        except UnicodeDecodeError:
            raise InvalidInput(
                "not UTF-8 text; save the YAML file as UTF-8", where=Where(file=str(path))
            ) from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise ConfigError(
            f"YAML syntax error: {exc.problem}",
            where=Where(file=str(path), line=(mark.line + 1) if mark else None),
        ) from None
    finally:
        loader.dispose()
    lines: LineMap = {}
    if node is not None:
        _lines(node, (), lines)
    return data, lines


def line_of(lines: LineMap, loc: tuple[str | int, ...]) -> int | None:
    """The line of the deepest prefix of ``loc`` that the file has."""
    for cut in range(len(loc), -1, -1):
        if (found := lines.get(tuple(loc[:cut]))) is not None:
            return found
    return None


def _allowed(err: Any) -> str:
    ctx = err.get("ctx") or {}
    if "expected" in ctx:
        return f"; allowed: {ctx['expected']}"
    return ""


def problems_from_pydantic(
    exc: PydanticValidationError, *, file: str, lines: LineMap | None = None
) -> list[Problem]:
    """Turn pydantic's errors into :class:`Problem` objects with file, line and field."""
    problems = []
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        field = ".".join(str(p) for p in loc) or None
        msg = err["msg"]
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, ") :]
        if err["type"] == "extra_forbidden":
            msg = "unknown field; remove it or check its spelling"
        elif err["type"] == "missing":
            msg = "required field is missing"
        problems.append(
            Problem(
                msg + _allowed(err),
                Where(file=file, line=line_of(lines or {}, loc), field=field),
                code=err["type"],
            )
        )
    return problems


def load_model(model: type[M], path: str | Path, *, text: str | None = None) -> M:
    """Load ``path`` as YAML and validate it as ``model``.

    Raises :class:`ValidationFailed` listing every problem with file, line and field.
    """
    from pydantic import ValidationError

    data, lines = load_yaml(path, text)
    if data is None:
        raise ConfigError("the file is empty", where=Where(file=str(path)))
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(
            problems_from_pydantic(exc, file=str(path), lines=lines), source=str(path)
        ) from None
