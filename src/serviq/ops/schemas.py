"""The operational tables of a contact centre, declared once.

Import (:mod:`serviq.ops.importer`), the KPI library (:mod:`serviq.ops.kpis`), the demo
generator and the tests all use these declarations, so a column has one name, one type and
one set of allowed values everywhere. :func:`export` gives them as plain data (column →
type, required, allowed values) for other programs.

Tables:

- ``interactions`` — one row per customer contact (a call, chat, e-mail, app message or
  counter visit). A transfer stays one interaction with ``transferred = true``.
- ``work_orders`` — 工單: created, assigned, due by SLA, escalated/supervised (督辦), closed,
  reopened, callback (回訪) done and its result.
- ``work_order_events`` — the status history of work orders.
- ``agent_states`` — spans of agent states (ready, not ready with a reason), for occupancy.

Times are stored in UTC (naive ``timestamp`` columns that mean UTC) and reported in the
centre's zone; :mod:`serviq.ops.importer` converts what users bring.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["string", "timestamp", "float", "int", "bool"]

CHANNELS: tuple[str, ...] = ("phone", "chat", "email", "app", "counter")
CONTACT_TYPES: tuple[str, ...] = ("consultation", "query", "transaction", "complaint", "proactive")
WORK_ORDER_STATUSES: tuple[str, ...] = (
    "created",
    "assigned",
    "in_progress",
    "escalated",
    "closed",
    "reopened",
)
CALLBACK_RESULTS: tuple[str, ...] = ("satisfied", "neutral", "dissatisfied", "unreachable")
STATES: tuple[str, ...] = ("ready", "not_ready")
NOT_READY_REASONS: tuple[str, ...] = (
    "break",
    "meal",
    "meeting",
    "training",
    "coaching",
    "after_call_work",
    "system_problem",
    "other",
)

# The ibis type each kind is stored as.
IBIS_TYPES: dict[str, str] = {
    "string": "string",
    "timestamp": "timestamp(6)",
    "float": "float64",
    "int": "int64",
    "bool": "boolean",
}


@dataclass(frozen=True)
class Column:
    """One column: its name, kind, whether it must have a value, and what is allowed.

    ``allowed`` lists the values of a closed set; ``allowed_from`` names a configurable set
    (``"queues"``: the queues in ``ops/queues.yaml``). ``minimum``/``maximum`` bound numbers.
    ``default`` fills a column that is optional and absent from the file.
    """

    name: str
    kind: Kind
    required: bool = False
    allowed: tuple[str, ...] | None = None
    allowed_from: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    default: Any = None
    description: str = ""

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": self.kind,
            "required": self.required,
            "description": self.description,
        }
        if self.allowed is not None:
            out["allowed"] = list(self.allowed)
        if self.allowed_from is not None:
            out["allowed_from"] = self.allowed_from
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        if self.default is not None:
            out["default"] = self.default
        return out


@dataclass(frozen=True)
class Order:
    """A rule that one time column may not be earlier than another (when both are set)."""

    earlier: str
    later: str


@dataclass(frozen=True)
class Schema:
    """A table: its name, key column, columns and ordering rules."""

    name: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    orders: tuple[Order, ...] = field(default_factory=tuple)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    def ibis_schema(self) -> dict[str, str]:
        """Column → ibis type string, for ``ibis.schema``."""
        return {c.name: IBIS_TYPES[c.kind] for c in self.columns}

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "key": list(self.key),
            "columns": {c.name: c.as_dict() for c in self.columns},
            "orders": [{"earlier": o.earlier, "later": o.later} for o in self.orders],
        }


INTERACTIONS = Schema(
    name="interactions",
    key=("interaction_id",),
    columns=(
        Column("interaction_id", "string", required=True, description="unique ID of the contact"),
        Column("channel", "string", required=True, allowed=CHANNELS),
        Column("queue", "string", required=True, allowed_from="queues"),
        Column("contact_type", "string", required=True, allowed=CONTACT_TYPES),
        Column("agent_id", "string", description="agent who handled it; empty if never answered"),
        Column("team_id", "string", description="the agent's team (T1…T6)"),
        Column("customer_key", "string", description="hashed customer identifier"),
        Column("issue_key", "string", description="what the contact was about, for FCR"),
        Column("arrived_at", "timestamp", required=True, description="entered the queue"),
        Column("answered_at", "timestamp", description="connected to an agent; empty if never"),
        Column("ended_at", "timestamp", required=True, description="contact ended"),
        Column("hold_seconds", "float", minimum=0, default=0.0),
        Column("wrapup_seconds", "float", minimum=0, default=0.0),
        Column("abandoned", "bool", required=True),
        Column("transferred", "bool", default=False),
        Column("resolved", "bool"),
        Column("csat", "int", minimum=1, maximum=5, description="1–5, empty if none"),
        Column("work_order_id", "string", description="the work order it opened or updated"),
        Column("system_problem", "bool", default=False, description="caused by a system fault"),
        Column("hard_case", "bool", default=False, description="a difficult case (疑難)"),
        Column(
            "site",
            "string",
            description="the centre's site that took it (a code); empty: the centre's "
            "own (SERVIQ_SITE), used as the partition of Parquet output",
        ),
    ),
    orders=(
        Order("arrived_at", "answered_at"),
        Order("answered_at", "ended_at"),
        Order("arrived_at", "ended_at"),
    ),
)

WORK_ORDERS = Schema(
    name="work_orders",
    key=("work_order_id",),
    columns=(
        Column("work_order_id", "string", required=True),
        Column("interaction_id", "string", description="the contact that created it"),
        Column("queue", "string", required=True, allowed_from="queues"),
        Column("team_id", "string"),
        Column("owner_id", "string", description="agent who owns it"),
        Column("customer_key", "string"),
        Column("contact_type", "string", allowed=CONTACT_TYPES),
        Column("status", "string", required=True, allowed=WORK_ORDER_STATUSES),
        Column("created_at", "timestamp", required=True),
        Column("assigned_at", "timestamp"),
        Column("due_at", "timestamp", required=True, description="due by its SLA"),
        Column("escalated", "bool", default=False, description="escalated / supervised (督辦)"),
        Column("closed_at", "timestamp", description="last close; empty while open"),
        Column("first_closed_at", "timestamp", description="first close, before any reopen"),
        Column("reopened_count", "int", minimum=0, default=0),
        Column("callback_required", "bool", default=True, description="回訪 required"),
        Column("callback_done", "bool", default=False),
        Column("callback_at", "timestamp"),
        Column("callback_result", "string", allowed=CALLBACK_RESULTS),
    ),
    orders=(
        Order("created_at", "assigned_at"),
        Order("created_at", "due_at"),
        Order("created_at", "closed_at"),
        Order("created_at", "first_closed_at"),
        Order("first_closed_at", "closed_at"),
    ),
)

WORK_ORDER_EVENTS = Schema(
    name="work_order_events",
    key=("work_order_id", "at", "status"),
    columns=(
        Column("work_order_id", "string", required=True),
        Column("at", "timestamp", required=True),
        Column("status", "string", required=True, allowed=WORK_ORDER_STATUSES),
        Column("actor_id", "string"),
        Column("note", "string"),
    ),
)

AGENT_STATES = Schema(
    name="agent_states",
    key=("agent_id", "start_at"),
    columns=(
        Column("agent_id", "string", required=True),
        Column("team_id", "string"),
        Column("state", "string", required=True, allowed=STATES),
        Column("reason", "string", allowed=NOT_READY_REASONS, description="why not ready"),
        Column("start_at", "timestamp", required=True),
        Column("end_at", "timestamp", required=True),
    ),
    orders=(Order("start_at", "end_at"),),
)

SCHEMAS: dict[str, Schema] = {
    s.name: s for s in (INTERACTIONS, WORK_ORDERS, WORK_ORDER_EVENTS, AGENT_STATES)
}


def schema(name: str) -> Schema:
    """The schema called ``name``; an unknown name lists the known ones."""
    from serviq.errors import InvalidInput, Where

    try:
        return SCHEMAS[name]
    except KeyError:
        raise InvalidInput(
            f"unknown table {name!r}; allowed: {', '.join(SCHEMAS)}", where=Where(field="table")
        ) from None


def export() -> dict[str, Any]:
    """Every schema as plain data: table → key, columns (type, required, allowed), orders.

    >>> export()["interactions"]["columns"]["channel"]["allowed"]
    ['phone', 'chat', 'email', 'app', 'counter']
    """
    return {name: s.as_dict() for name, s in SCHEMAS.items()}
