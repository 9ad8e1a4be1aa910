"""Raw personal data planted in the inputs of the privacy tests, and the search for it.

Each value is valid, so that a masker that checks digits must catch it: mainland mobile
numbers (1[3-9] + 9 digits), 18-digit resident ID numbers with the ISO 7064 MOD 11-2 check
character (GB 11643-1999), 16- and 19-digit bank-card numbers with the Luhn check digit
(ISO/IEC 7812-1), e-mail addresses and IPv4 addresses. The checks are written out here, not
taken from the code under test.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

_ID_WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]


def id_number(rnd: random.Random) -> str:
    area = rnd.choice(["110105", "310104", "440305", "510107", "330106"])
    body = f"{area}{rnd.randint(1960, 2002)}{rnd.randint(1, 12):02d}{rnd.randint(1, 28):02d}"
    body += f"{rnd.randint(0, 999):03d}"
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]
    return body + check


def luhn_complete(partial: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return partial + str((10 - total % 10) % 10)


def card_number(rnd: random.Random, length: int) -> str:
    prefix = rnd.choice(["622202", "621700", "622848", "436742"])
    partial = prefix + "".join(str(rnd.randint(0, 9)) for _ in range(length - 7))
    return luhn_complete(partial)


def mobile(rnd: random.Random) -> str:
    return rnd.choice(["138", "139", "186", "150", "177"]) + f"{rnd.randint(0, 10**8 - 1):08d}"


def email(rnd: random.Random) -> str:
    return f"planted.{rnd.randint(1000, 9999)}@example-{rnd.randint(10, 99)}.com"


def ipv4(rnd: random.Random) -> str:
    return (
        f"{rnd.randint(11, 223)}.{rnd.randint(0, 255)}.{rnd.randint(0, 255)}.{rnd.randint(1, 254)}"
    )


@dataclass
class Planted:
    """The planted values by kind; ``all`` lists them."""

    values: dict[str, list[str]] = field(default_factory=dict)

    def add(self, kind: str, value: str) -> str:
        self.values.setdefault(kind, []).append(value)
        return value

    @property
    def all(self) -> list[tuple[str, str]]:
        return [(k, v) for k, vs in self.values.items() for v in vs]


def make(seed: int) -> tuple[random.Random, Planted]:
    return random.Random(seed), Planted()


def comment_with_pii(rnd: random.Random, planted: Planted) -> str:
    """A complaint that carries one value of every kind except an IP address."""
    return (
        f"我的手机{planted.add('mobile', mobile(rnd))}，身份证{planted.add('id_cn', id_number(rnd))}，"
        f"卡号 {planted.add('bank_card', card_number(rnd, rnd.choice([16, 19])))}，"
        f"邮箱 {planted.add('email', email(rnd))}，请尽快回电。"
    )


_SEP = re.compile(r"[\s\-]")


def leaks(planted: Planted, texts: dict[str, str]) -> list[str]:
    """Each planted value found in a store's text, as ``kind value in where``. A value also
    counts when it appears with spaces or dashes between its digits."""
    compact = {where: _SEP.sub("", t) for where, t in texts.items()}
    found = []
    for kind, value in planted.all:
        bare = _SEP.sub("", value)
        for where, text in texts.items():
            if value in text or bare in compact[where]:
                found.append(f"{kind} {value} in {where}")
    return found


def summary(planted: Planted, found: list[str]) -> str:
    """How many planted values leaked, into how many places, and the first few."""
    values = {f.split(" in ", 1)[0] for f in found}
    return (
        f"{len(values)} of {len(planted.all)} planted values stored raw, in {len(found)} "
        f"places: {found[:8]}"
    )
