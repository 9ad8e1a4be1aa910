"""Normalising comments for analysis while keeping the original for display.

The analysis form of a comment is built in four steps, each of which maps one original
character to at most one analysis character:

1. **width folding** — full-width letters, digits and the symbols used inside words and
   numbers (＠ ％ ＋ － ． ／ ＃ ＆ ＿ ＇) become half-width, the ideographic space U+3000 a
   space; ASCII letters are lower-cased. Full-width CJK punctuation (，。！？；：) stays:
   it separates words either way, and leaving it makes folding cheap;
2. **invisible characters** — zero-width spaces and joiners, the byte-order mark, emoji
   variation selectors and skin-tone modifiers are dropped;
3. **whitespace** — every run of whitespace becomes one space; leading and trailing
   whitespace is dropped;
4. **Traditional → Simplified** — OpenCC's ``t2s`` conversion (phrase-aware), applied
   to the whole text; if it ever changed the length of a piece of text, that piece is
   converted character by character instead, so the alignment is never lost.

Emoji are kept by default (``emoji="keep"``: each one is a token of its own, 😡 says
something) or dropped (``emoji="drop"``).

**The alignment** (what "never lose or invent a character" means here): a
:class:`Normalised` holds ``source``, one index into the original per analysis
character, strictly increasing. Every original character whose index is not in
``source`` is whitespace (beyond the first of a run, or at either end), an invisible
character of step 2, or a dropped emoji; every analysis character is the original
character itself, its width-folded form, or (for Han characters) OpenCC's Simplified
form of it. So every token of the analysis text maps back to a span of the original
(:meth:`Normalised.original_span`) that shows it as the customer wrote it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Literal

EmojiPolicy = Literal["keep", "drop"]

#: code points dropped from the analysis form: zero-width space/non-joiner/joiner, word
#: joiner, BOM, variation selectors, skin-tone modifiers, combining enclosing keycap.
INVISIBLE = frozenset(
    [
        0x200B,
        0x200C,
        0x200D,
        0x2060,
        0xFEFF,
        0x20E3,
        *range(0xFE00, 0xFE10),
        *range(0x1F3FB, 0x1F400),
    ]
)

_EMOJI_RANGES = (
    (0x1F000, 0x1FAFF),  # mahjong … symbols and pictographs extended-A
    (0x2600, 0x27BF),  # miscellaneous symbols, dingbats
    (0x2B00, 0x2BFF),  # arrows, stars
    (0x1F1E6, 0x1F1FF),  # regional indicators (flags)
    (0xE0020, 0xE007F),  # tag characters
)


def is_emoji(ch: str) -> bool:
    """True for a pictographic (emoji) code point."""
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _EMOJI_RANGES)


_FULLWIDTH_IN_WORDS = (
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
    "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ＠％＋－．／＃＆＿＇"
)


def _fold_table(emoji: EmojiPolicy) -> dict[int, Any]:
    # full-width letters, digits and the symbols that occur inside words, numbers and
    # addresses; full-width CJK punctuation (，。！？；：（）「」) is left as it is
    table: dict[int, Any] = {ord(c): ord(c) - 0xFEE0 for c in _FULLWIDTH_IN_WORDS}
    table[0x3000] = 0x20
    for cp in range(ord("A"), ord("Z") + 1):
        table[cp] = cp + 32
    for cp in range(0xFF21, 0xFF3B):  # full-width capitals fold straight to lower case
        table[cp] = cp - 0xFEE0 + 32
    for cp in INVISIBLE:
        table[cp] = None
    if emoji == "drop":
        for lo, hi in _EMOJI_RANGES:
            for cp in range(lo, hi + 1):
                table[cp] = None
    return table


@cache
def _folding(emoji: EmojiPolicy) -> tuple[dict[int, Any], dict[str, str], re.Pattern[str]]:
    """The folding table of an emoji policy, and the same folding as a regular expression
    with a replacement per character (much faster than str.translate on text that is mostly
    Han characters). Built on first use: a run needs one policy, and the ``drop`` table
    (every emoji code point) took ~10 ms of each start."""
    if emoji not in ("keep", "drop"):
        raise KeyError(emoji)
    table = _fold_table(emoji)
    repl = {chr(cp): ("" if v is None else chr(v)) for cp, v in table.items()}
    pattern = re.compile("[" + "".join(re.escape(c) for c in sorted(repl)) + "]")
    return table, repl, pattern


_SEP = "\ue000"  # private-use character joining texts for one pass
_SEP_SPACES = re.compile(" ?" + _SEP + " ?")
_WS = re.compile(r"\s+")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


@lru_cache(maxsize=1)
def _converter() -> Any:
    """OpenCC's Traditional → Simplified converter (the C++ binding or the pure-Python one)."""
    from opencc import OpenCC

    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    """OpenCC ``t2s`` conversion of ``text`` (phrase-aware; Simplified text is unchanged)."""
    if not text or not _HAN.search(text):
        return text
    out: str = _converter().convert(text)
    return out


def fold(text: str, *, emoji: EmojiPolicy = "keep") -> str:
    """Steps 1–3 only (width, invisible characters, whitespace): no script conversion."""
    _, repl, pattern = _folding(emoji)
    return _WS.sub(" ", pattern.sub(lambda m: repl[m.group()], text)).strip()


def fold_many(texts: list[str], *, emoji: EmojiPolicy = "keep") -> list[str]:
    """:func:`fold` of every text, in one pass over the joined texts."""
    joined = _SEP.join(texts)
    if joined.count(_SEP) != max(len(texts) - 1, 0):
        return [fold(t, emoji=emoji) for t in texts]
    _, repl, pattern = _folding(emoji)
    folded = _WS.sub(" ", pattern.sub(lambda m: repl[m.group()], joined))
    return _SEP_SPACES.sub(_SEP, folded).strip(" ").split(_SEP) if texts else []


def analysis_text(text: str, *, emoji: EmojiPolicy = "keep") -> str:
    """The analysis form of ``text``, fast (no alignment); equals ``normalise(text).text``."""
    folded = fold(text, emoji=emoji)
    converted = to_simplified(folded)
    if len(converted) == len(folded):
        return converted
    return _convert_aligned(folded)


def analysis_texts(texts: list[str], *, emoji: EmojiPolicy = "keep") -> list[str]:
    """:func:`analysis_text` for many texts with one call into OpenCC (much faster)."""
    folded = fold_many(texts, emoji=emoji)
    joined = "\n".join(folded)  # folded texts hold no newline: whitespace became spaces
    converted = to_simplified(joined).split("\n")
    if len(converted) != len(folded):
        return [analysis_text(t, emoji=emoji) for t in texts]
    return [
        c if len(c) == len(f) else _convert_aligned(f)
        for c, f in zip(converted, folded, strict=True)
    ]


def _convert_aligned(folded: str) -> str:
    """Convert piece by piece (between punctuation/spaces), then character by character
    where a piece changed length: the result always has the length of ``folded``."""
    out: list[str] = []
    for piece in re.split(r"([\s\W])", folded):
        if not piece:
            continue
        conv = to_simplified(piece)
        if len(conv) != len(piece):
            conv = "".join(c if len(c := to_simplified(ch)) == 1 else ch for ch in piece)
        out.append(conv)
    return "".join(out)


@dataclass(frozen=True)
class Normalised:
    """A comment as written (``original``) and its analysis form (``text``).

    ``source[i]`` is the index in ``original`` of the character ``text[i]`` came from.
    """

    original: str
    text: str
    source: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of ``original`` that the analysis characters ``text[start:end]`` come from."""
        if not 0 <= start < end <= len(self.text):
            raise IndexError(f"span {start}:{end} outside the analysis text")
        return self.source[start], self.source[end - 1] + 1

    def original_of(self, start: int, end: int) -> str:
        """The original characters behind ``text[start:end]``, as the customer wrote them."""
        a, b = self.original_span(start, end)
        return self.original[a:b]


def normalise(text: str, *, emoji: EmojiPolicy = "keep") -> Normalised:
    """The analysis form of ``text`` with its character alignment to the original.

    >>> n = normalise("  櫃檯排隊ＡＰＰ  ")
    >>> n.text
    '柜台排队app'
    >>> n.original_of(4, 7)
    'ＡＰＰ'
    """
    table = _folding(emoji)[0]
    chars: list[str] = []
    source: list[int] = []
    pending_space = -1
    for i, ch in enumerate(text):
        mapped = table.get(ord(ch), ch)
        if mapped is None:
            continue
        c = chr(mapped) if isinstance(mapped, int) else mapped
        if c.isspace():
            if pending_space < 0:
                pending_space = i
            continue
        if pending_space >= 0:
            if chars:
                chars.append(" ")
                source.append(pending_space)
            pending_space = -1
        chars.append(c)
        source.append(i)
    folded = "".join(chars)
    converted = to_simplified(folded)
    if len(converted) != len(folded):
        converted = _convert_aligned(folded)
    return Normalised(original=text, text=converted, source=tuple(source))
