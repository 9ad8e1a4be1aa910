"""Masking personal data (PII) in free text before it is stored or analysed (R-OPS-2).

Each kind of personal data is found by a pattern and, where the number carries one, a
check digit; it is replaced by a typed placeholder in the analysis language::

    >>> redact("我的手机13812345678，卡号6222 0200 0000 0000 008")
    '我的手机[手机号]，卡号[银行卡]'

Kinds (``PII_TYPES``) and their rules:

- ``id_cn`` — mainland resident identity number: 17 digits + check character (a space
  may separate the area, birth-date and sequence groups), a valid birth date, and the ISO 7064 MOD 11-2 check character (GB 11643-1999); a number with a
  wrong check character is still masked when a word such as 身份证 stands just before it.
- ``id_hk`` — Hong Kong identity card: one or two letters, six digits and the check
  character in brackets, weights 9…2 with a single letter padded by a space = 36, check
  = (11 − Σ mod 11) mod 11, 10 written ``A``.
- ``id_tw`` — Taiwan national identification (and resident certificate) number: a letter
  (coded 10–35 in the official order), ``1``/``2`` (``8``/``9`` for residents) and eight
  digits; the weighted sum (1, 9, 8 … 1, 1) is divisible by 10.
- ``mobile`` — mainland mobiles ``1[3-9]`` + 9 digits (optionally +86/0086), Hong Kong
  (+852 and 8 digits starting 5, 6, 7 or 9) and Taiwan (``09`` + 8 digits, or +886 9…).
- ``landline`` — a trunk prefix ``0`` and an area code followed by a 7–8 digit number
  (``010-12345678``, ``(021)6543 2100``, ``02-2345-6789``), optionally ``转/轉/ext`` and an
  extension; Hong Kong +852 2/3 numbers. Service numbers (95588, 400-…, 800-…) are not
  personal and are not masked.
- ``bank_card`` — 16–19 digits (spaces or dashes allowed between groups) passing the Luhn
  check; or any 12–19 digits right after a card word (卡号, 信用卡, card no.). Numbers right
  after an order/serial word (订单号, 流水号, 工单, order) are not cards.
- ``email`` — ``local@domain.tld``.
- ``account`` — 8–30 digits right after an account word (账号, 账户, 帳號, 戶口, a/c …).

Masking runs until nothing more is found, so it is idempotent: masking a masked text
changes nothing. Full-width digits and letters (１３８…) are found like half-width ones.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from serviq.errors import InvalidInput

PII_TYPES: tuple[str, ...] = (
    "id_cn",
    "id_hk",
    "id_tw",
    "mobile",
    "landline",
    "bank_card",
    "email",
    "account",
)

#: the placeholder of each kind in each analysis language.
PLACEHOLDERS: dict[str, dict[str, str]] = {
    "zh-Hans": {
        "id_cn": "[身份证]",
        "id_hk": "[香港身份证]",
        "id_tw": "[台湾身份证]",
        "mobile": "[手机号]",
        "landline": "[电话]",
        "bank_card": "[银行卡]",
        "email": "[邮箱]",
        "account": "[账号]",
    },
    "zh-Hant": {
        "id_cn": "[身份證]",
        "id_hk": "[香港身份證]",
        "id_tw": "[台灣身分證]",
        "mobile": "[手機號]",
        "landline": "[電話]",
        "bank_card": "[銀行卡]",
        "email": "[電郵]",
        "account": "[賬號]",
    },
    "en": {
        "id_cn": "[ID_NUMBER]",
        "id_hk": "[HK_ID]",
        "id_tw": "[TW_ID]",
        "mobile": "[MOBILE]",
        "landline": "[PHONE]",
        "bank_card": "[BANK_CARD]",
        "email": "[EMAIL]",
        "account": "[ACCOUNT]",
    },
}

# Full-width digits, letters and the few symbols the patterns use fold to ASCII, one
# character for one, so that spans found in the folded copy are spans of the original.
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20
_FOLD[0x2014] = ord("-")  # em dash
_FOLD[0x2013] = ord("-")  # en dash

_NB = r"(?<![0-9A-Za-z])"  # not preceded by a digit or letter
_NA = r"(?![0-9A-Za-z])"  # not followed by one
_SEP = r"[ \-]?"

CARD_WORDS = (
    "卡号",
    "卡號",
    "银行卡",
    "銀行卡",
    "信用卡",
    "借记卡",
    "借記卡",
    "储蓄卡",
    "儲蓄卡",
    "card",
)
NOT_CARD_WORDS = (
    "订单",
    "訂單",
    "单号",
    "單號",
    "流水",
    "工单",
    "工單",
    "编号",
    "編號",
    "快递",
    "快遞",
    "运单",
    "運單",
    "交易号",
    "交易號",
    "order",
    "ref",
    "reference",
    "交易",
    "serial",
    "ticket",
    "case",
)
ID_WORDS = ("身份证", "身份證", "身分證", "证件", "證件", "id")
ACCOUNT_RE = re.compile(
    r"(?:账号|帐号|账户|帐户|帳號|賬號|帳戶|賬戶|户口|戶口|acct|account(?:\s*(?:no\.?|number|#))?|a/c)"
    r"\s*(?:号码|號碼|号|號|为|為|是)?\s*[:：#]?\s*"
    r"(?P<num>\d(?:[ \-]?\d){7,29})" + _NA,
    re.IGNORECASE,
)

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
ID_CN_RE = re.compile(
    _NB
    + r"[1-9]\d{5} ?(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]) ?\d{3}[0-9Xx]"
    + _NA
)
ID_HK_RE = re.compile(_NB + r"([A-Z]{1,2})(\d{6})\s?(?:\(([0-9A])\)|（([0-9A])）|([0-9A]))" + _NA)
ID_TW_RE = re.compile(_NB + r"[A-Z][1289]\d{8}" + _NA)
MOBILE_RE = re.compile(
    r"(?<![0-9A-Za-z+])(?:"
    r"(?:(?:\+|00)86[ \-]?)?1[3-9]\d" + _SEP + r"\d{4}" + _SEP + r"\d{4}"
    r"|(?:\+|00)852[ \-]?[5679]\d{3}" + _SEP + r"\d{4}"
    r"|(?:(?:\+|00)886[ \-]?9|09)\d{2}" + _SEP + r"\d{3}" + _SEP + r"\d{3}"
    r")" + _NA
)
LANDLINE_RE = re.compile(
    r"(?<![0-9A-Za-z+])(?:"
    r"(?:\(0\d{1,3}\)|（0\d{1,3}）|0\d{2,3}-|0\d{2,3} )\s?\d{3,4}" + _SEP + r"\d{4}"
    r"|0\d-\d{3,4}-\d{4}"
    r"|0(?:10|2\d|[3-9]\d{2})\d{7,8}"
    r"|(?:\+|00)852[ \-]?[23]\d{3}" + _SEP + r"\d{4}"
    r")(?:\s?(?:转|轉|ext\.?|x|-)\s?\d{1,5})?" + _NA
)
CARD_RE = re.compile(_NB + r"\d(?:[ \-]?\d){11,18}" + _NA)
# Every kind needs a digit (any script's: the patterns use \d, and full-width digits fold
# to ASCII ones) or an @ (e-mail; full-width ＠ folds to @). A text without either holds no
# personal data, and most short comments have neither: one search answers for them.
_MAY_HOLD_PII = re.compile(r"[\d@＠]")
_NOT_DIGIT = re.compile(r"\D+")
_MIN_DIGITS = 6

_HK_LETTER = {chr(c): c - 55 for c in range(65, 91)}  # A=10 … Z=35
_TW_LETTER = dict(zip("ABCDEFGHJKLMNPQRSTUVXYWZIO", range(10, 36), strict=True))
_CN_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CN_CHECK = "10X98765432"


def cn_id_valid(number: str) -> bool:
    """ISO 7064 MOD 11-2 check character of an 18-character mainland ID (GB 11643-1999)."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _CN_WEIGHTS, strict=True))
    return _CN_CHECK[total % 11] == number[17].upper()


def hk_id_valid(letters: str, digits: str, check: str) -> bool:
    """Hong Kong identity card check character (weights 9…2, space = 36, mod 11)."""
    letters = letters.upper()
    if len(letters) == 1:
        letters = " " + letters
    values = [36 if c == " " else _HK_LETTER[c] for c in letters] + [int(d) for d in digits]
    total = sum(v * w for v, w in zip(values, range(9, 1, -1), strict=True))
    expected = (11 - total % 11) % 11
    return check.upper() == ("A" if expected == 10 else str(expected))


def tw_id_valid(number: str) -> bool:
    """Taiwan ID / resident certificate number: weighted sum divisible by 10."""
    number = number.upper()
    if len(number) != 10 or number[0] not in _TW_LETTER or not number[1:].isdigit():
        return False
    code = _TW_LETTER[number[0]]
    digits = [code // 10, code % 10] + [int(d) for d in number[1:]]
    weights = (1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1)
    return sum(d * w for d, w in zip(digits, weights, strict=True)) % 10 == 0


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check used by payment-card numbers (ISO/IEC 7812-1)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


@dataclass(frozen=True)
class PiiSpan:
    """One piece of personal data: its kind and where it was in the text given."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Redaction:
    """The masked text, the spans found (in the text as given) and a count per kind."""

    text: str
    spans: tuple[PiiSpan, ...]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def found(self) -> bool:
        return bool(self.spans)


def _context_before(folded: str, start: int, width: int = 12) -> str:
    return folded[max(0, start - width) : start].lower()


def _after_word(before: str, words: tuple[str, ...]) -> bool:
    """True when one of ``words`` ends the context, allowing 'no.', '号', ':' and spaces."""
    tail = re.sub(r"(?:no\.?|number|#|为|為|是|[:：\s])*$", "", before)
    bare = re.sub(r"(?:号码|號碼|号|號)$", "", tail)
    return any(t.endswith(w) for t in (tail, bare) for w in words)


def _candidates(folded: str) -> Iterator[tuple[int, str, int, int]]:
    """(priority, kind, start, end) for every match; lower priority wins overlaps."""
    if "@" in folded:
        for m in EMAIL_RE.finditer(folded):
            yield 0, "email", m.start(), m.end()
    if len(_NOT_DIGIT.sub("", folded)) < _MIN_DIGITS:
        return  # every other kind needs at least six digits (a Hong Kong ID: A123456(A))
    for m in ID_CN_RE.finditer(folded):
        if cn_id_valid(m.group().replace(" ", "")) or _after_word(
            _context_before(folded, m.start()), ID_WORDS
        ):
            yield 1, "id_cn", m.start(), m.end()
    for m in ID_HK_RE.finditer(folded):
        check = m.group(3) or m.group(4) or m.group(5)
        bracketed = m.group(5) is None
        if hk_id_valid(m.group(1), m.group(2), check) or (
            bracketed and _after_word(_context_before(folded, m.start()), ID_WORDS)
        ):
            yield 1, "id_hk", m.start(), m.end()
    for m in ID_TW_RE.finditer(folded):
        if tw_id_valid(m.group()):
            yield 1, "id_tw", m.start(), m.end()
    for m in ACCOUNT_RE.finditer(folded):
        yield 2, "account", m.start("num"), m.end("num")
    for m in CARD_RE.finditer(folded):
        before = _context_before(folded, m.start())
        if _after_word(before, NOT_CARD_WORDS):
            continue
        digits = re.sub(r"\D", "", m.group())
        if (len(digits) >= 16 and luhn_valid(digits)) or _after_word(before, CARD_WORDS):
            yield 3, "bank_card", m.start(), m.end()
    for m in MOBILE_RE.finditer(folded):
        yield 4, "mobile", m.start(), m.end()
    for m in LANDLINE_RE.finditer(folded):
        yield 5, "landline", m.start(), m.end()


def find_pii(text: str, *, types: tuple[str, ...] | None = None) -> list[PiiSpan]:
    """Every piece of personal data in ``text``, left to right, without overlaps.

    Where two findings overlap, the one found by the stronger rule (e-mail, IDs with
    their check characters, account after an account word, card, mobile, landline)
    wins, then the longer one.
    """
    wanted = set(PII_TYPES if types is None else types)
    folded = text.translate(_FOLD)
    found = sorted(
        (c for c in _candidates(folded) if c[1] in wanted),
        key=lambda c: (c[0], -(c[3] - c[2]), c[2]),
    )
    taken: list[PiiSpan] = []
    for _, kind, start, end in found:
        if all(end <= s.start or start >= s.end for s in taken):
            taken.append(PiiSpan(kind, start, end))
    return sorted(taken, key=lambda s: s.start)


def _mask_once(text: str, spans: list[PiiSpan], placeholders: dict[str, str]) -> str:
    out: list[str] = []
    pos = 0
    for s in spans:
        out.append(text[pos : s.start])
        out.append(placeholders[s.kind])
        pos = s.end
    out.append(text[pos:])
    return "".join(out)


def redact_detailed(
    text: str, *, lang: str = "zh-Hans", types: tuple[str, ...] | None = None
) -> Redaction:
    """Mask ``text`` and say what was found; see the module docstring for the rules.

    Masking repeats until nothing more is found (each round removes at least one digit
    or ``@`` and placeholders hold none, so it ends), which makes it idempotent.
    ``spans`` are those of the first round, in the text as given.
    """
    if lang not in PLACEHOLDERS:
        raise InvalidInput(f"unknown language {lang!r}; allowed: {', '.join(PLACEHOLDERS)}")
    if types is not None:
        unknown = [t for t in types if t not in PII_TYPES]
        if unknown:
            raise InvalidInput(
                f"unknown PII type {', '.join(unknown)}; allowed: {', '.join(PII_TYPES)}"
            )
    if not _MAY_HOLD_PII.search(text):
        return Redaction(text=text, spans=(), counts={})
    placeholders = PLACEHOLDERS[lang]
    first = find_pii(text, types=types)
    counts: Counter[str] = Counter(s.kind for s in first)
    masked = _mask_once(text, first, placeholders) if first else text
    spans = first
    while spans:
        spans = find_pii(masked, types=types)
        counts.update(s.kind for s in spans)
        masked = _mask_once(masked, spans, placeholders) if spans else masked
    return Redaction(text=masked, spans=tuple(first), counts=dict(counts))


def redact(text: str, *, lang: str = "zh-Hans", types: tuple[str, ...] | None = None) -> str:
    """``text`` with every piece of personal data replaced by its typed placeholder.

    >>> redact("call me on +852 9123 4567 or mail a.chan@example.com", lang="en")
    'call me on [MOBILE] or mail [EMAIL]'
    """
    if lang in PLACEHOLDERS and types is None and not _MAY_HOLD_PII.search(text):
        return text  # nothing to mask (see _MAY_HOLD_PII); the same as the full path
    return redact_detailed(text, lang=lang, types=types).text


def redact_many(texts: list[str], *, lang: str = "zh-Hans") -> list[str]:
    """:func:`redact` of every text; a text without a digit or ``@`` (most short comments)
    is returned after one search, without a call per text."""
    if lang not in PLACEHOLDERS:
        raise InvalidInput(f"unknown language {lang!r}; allowed: {', '.join(PLACEHOLDERS)}")
    may_hold = _MAY_HOLD_PII.search
    return [
        redact_detailed(t, lang=lang).text if may_hold(t) and _enough_for_pii(t) else t
        for t in texts
    ]


def _enough_for_pii(text: str) -> bool:
    """An ``@`` or at least six digits: what :func:`_candidates` needs to find anything
    (folding maps full-width digits to digits and nothing else to one, so the count is the
    same before and after it). Most comments with a digit hold a time or an amount."""
    return "@" in text or "＠" in text or len(_NOT_DIGIT.sub("", text)) >= _MIN_DIGITS


def redactor(lang: str = "zh-Hans") -> Callable[[str], str]:
    """A one-argument masking function (for ``Series.map``)."""

    def _apply(text: str) -> str:
        return redact(text, lang=lang)

    return _apply
