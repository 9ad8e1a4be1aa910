"""The three languages serviq speaks, the text type that carries all three, and the roles.

Every data file that names something for people (indicators, questionnaire items, codes,
queues, rules' messages) writes it in Simplified Chinese, Traditional Chinese and English::

    name: {zh-Hans: 服务及时率, zh-Hant: 服務及時率, en: Service timeliness rate}
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

Lang = Literal["zh-Hans", "zh-Hant", "en"]
LANGS: tuple[Lang, ...] = ("zh-Hans", "zh-Hant", "en")

#: The people who use serviq, in the order of the organisation chart.
Role = Literal[
    "agent",
    "team_lead",
    "qa_inspector",
    "department_director",
    "centre_director",
    "analyst",
    "admin",
    "relationship_manager",
    "risk_officer",
    "sme_desk_head",
]
ROLES: tuple[Role, ...] = get_args(Role)


class Text(BaseModel):
    """A text in the three languages of the product; each must be given and non-empty."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    zh_Hans: str = Field(alias="zh-Hans", min_length=1)  # noqa: N815 - the BCP 47 tag
    zh_Hant: str = Field(alias="zh-Hant", min_length=1)  # noqa: N815 - the BCP 47 tag
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        """The text in ``lang`` (one of :data:`LANGS`)."""
        if lang == "zh-Hans":
            return self.zh_Hans
        if lang == "zh-Hant":
            return self.zh_Hant
        if lang == "en":
            return self.en
        raise ValueError(f"unknown language {lang!r}; allowed: {', '.join(LANGS)}")

    def all(self) -> tuple[str, str, str]:
        return (self.zh_Hans, self.zh_Hant, self.en)

    def as_dict(self) -> dict[str, str]:
        return {"zh-Hans": self.zh_Hans, "zh-Hant": self.zh_Hant, "en": self.en}
