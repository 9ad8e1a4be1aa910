"""The names people read for the codes of contact records, in the three languages.

Channels and contact types are named in ``ops/codes.yaml``, queues in ``ops/queues.yaml``
(with their ownership). Pages, exports and reports show these names; forms, URLs, the API
and imports keep the codes.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

from serviq.languages import Text
from serviq.ops.definitions import QueuesFile
from serviq.ops.schemas import CHANNELS, CONTACT_TYPES
from serviq.resources import data_path
from serviq.yamlfile import load_model

Group = Literal["channel", "contact_type", "queue"]
GROUPS: tuple[Group, ...] = ("channel", "contact_type", "queue")


class CodesFile(BaseModel):
    """``ops/codes.yaml``: a name for every channel and contact type the imports accept."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    channel: dict[str, Text]
    contact_type: dict[str, Text]

    @model_validator(mode="after")
    def _every_code_named(self) -> CodesFile:
        for group, codes in (("channel", CHANNELS), ("contact_type", CONTACT_TYPES)):
            missing = [c for c in codes if c not in getattr(self, group)]
            if missing:
                raise ValueError(
                    f"no name for the {group} {', '.join(missing)}; every one of "
                    f"{', '.join(codes)} needs a name in zh-Hans, zh-Hant and en"
                )
        return self


@lru_cache(maxsize=8)
def _names(codes_path: str, queues_path: str) -> dict[str, dict[str, Text]]:
    codes = load_model(CodesFile, codes_path)
    queues = load_model(QueuesFile, queues_path)
    return {
        "channel": dict(codes.channel),
        "contact_type": dict(codes.contact_type),
        "queue": {q.code: q.name for q in queues.queues},
    }


def names(group: Group) -> dict[str, Text]:
    """Code → name of every code of ``group`` (``channel``, ``contact_type`` or ``queue``)."""
    if group not in GROUPS:
        raise ValueError(f"unknown code group {group!r}; allowed: {', '.join(GROUPS)}")
    found = _names(str(data_path("ops/codes.yaml")), str(data_path("ops/queues.yaml")))
    return found[group]


def name(group: Group, code: str, lang: str) -> str:
    """The name of ``code`` in ``lang`` (a BCP 47 tag of :data:`serviq.languages.LANGS`);
    a code the centre does not name (an old record's) is shown as it is."""
    text = names(group).get(code)
    return text.get(lang) if text is not None else code
