"""Word segmentation of Chinese (Simplified and Traditional) and English comments.

Chinese is segmented by jieba's algorithm (prefix dictionary DAG + maximum-probability
route; its HMM for unknown words is off by default, see :class:`Segmenter`) on its Rust port ``rjieba`` where it is installed (same
dictionary, same algorithm, 10–30× faster), else on ``jieba`` itself, with the bundled
financial-service user dictionary ``data/text/user_dict.txt``. Traditional text is
segmented **through its Simplified form** (:mod:`serviq.text.normalisation`), because
jieba's dictionary is Simplified: plain jieba on Traditional text splits domain words
(``推銷理/財產品``, ``老客/戶``). Each token is mapped back to the characters the customer
wrote (:attr:`Token.text`), so Traditional comments are displayed as written.

English (and any ASCII run in a Chinese comment) is split into words at non-letters,
lower-cased; apostrophes inside words are kept (``don't``).

A :class:`Segmenter` holds the loaded dictionary (loading takes about a second); build one
and reuse it. The user dictionary and the stop-word lists are overridable per
installation: a file of the same name in ``SERVIQ_CONFIG_DIR`` replaces the bundled one
(:func:`serviq.resources.data_path`).
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any, Literal

from serviq.errors import ConfigError, InvalidInput, Where
from serviq.resources import data_path
from serviq.text.normalisation import EmojiPolicy, analysis_text, analysis_texts, normalise

Backend = Literal["auto", "rjieba", "jieba"]
Granularity = Literal["fine", "jieba"]

_WORD = re.compile(r"[0-9a-z]+(?:['’][a-z]+)*(?:\.[0-9]+)?%?|[^\sa-z0-9]", re.IGNORECASE)
_ASCII_RUN = re.compile(r"[ -~]+")
_CONTENT = re.compile(r"[\w\u3400-\u9fff\U00020000-\U0003134f]")
_NEEDS_FULL = re.compile(r"[a-z0-9\[]")
_PLACEHOLDER = re.compile(r"\[[^\[\]\s]{1,12}\]")


@dataclass(frozen=True)
class Token:
    """One token: as written (``text``, ``start``:``end`` in the original) and in its
    analysis form (``form``: Simplified, half-width, lower-case)."""

    text: str
    form: str
    start: int
    end: int


def read_word_list(path: Path) -> list[str]:
    """One entry per line; ``#`` starts a comment; blank lines are skipped."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        raise ConfigError("word list not found", where=Where(file=str(path))) from None
    except UnicodeDecodeError:
        raise ConfigError("word list is not UTF-8 text", where=Where(file=str(path))) from None
    return [s for line in lines if (s := line.split("#", 1)[0].strip())]


def read_user_dict(path: Path) -> list[tuple[str, int | None, str | None]]:
    """jieba's user-dictionary format: ``word [frequency] [tag]`` per line."""
    out: list[tuple[str, int | None, str | None]] = []
    for i, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        body = line.split("#", 1)[0].strip()
        if not body:
            continue
        parts = body.split()
        freq: int | None = None
        tag: str | None = None
        for extra in parts[1:]:
            if extra.isdigit():
                freq = int(extra)
            elif tag is None:
                tag = extra
            else:
                raise ConfigError(
                    "a line holds a word, an optional frequency and an optional tag",
                    where=Where(file=str(path), line=i),
                )
        out.append((parts[0], freq, tag))
    return out


def stopwords(lang: Literal["zh", "en"], *, config_dir: str | Path | None = None) -> frozenset[str]:
    """The stop-word list of ``lang`` (bundled, or the centre's override)."""
    words = read_word_list(data_path(f"text/stopwords_{lang}.txt", config_dir=config_dir))
    return frozenset(w.lower() for w in words)


def _split_ascii(run: str) -> Iterator[tuple[int, int]]:
    for m in _WORD.finditer(run):
        yield m.start(), m.end()


class Segmenter:
    """jieba-style segmentation with the financial user dictionary.

    ``hmm`` switches on jieba's HMM for unknown words. It is off by default: on the 608
    hand-segmented gold comments (development and held-out sets) 134 of the 166 words it
    invented were wrong (it glues adverb + verb, pronoun + noun: 只花, 我缺, 新卡寄到), and the
    right ones were service words that belong in the user dictionary (登入, 当机).

    >>> seg = Segmenter()
    >>> [t.text for t in seg.tokens("推銷理財產品的客服態度很差")]
    ['推銷', '理財產品', '的', '客服', '態度', '很', '差']
    """

    def __init__(
        self,
        *,
        backend: Backend = "auto",
        user_dict: str | Path | None = None,
        hmm: bool = False,
        config_dir: str | Path | None = None,
        emoji: EmojiPolicy = "keep",
        granularity: Granularity = "fine",
    ) -> None:
        if granularity not in ("fine", "jieba"):
            raise InvalidInput(f"unknown granularity {granularity!r}; allowed: fine, jieba")
        self.granularity = granularity
        self.hmm = hmm
        self.emoji: EmojiPolicy = emoji
        path = (
            Path(user_dict) if user_dict else data_path("text/user_dict.txt", config_dir=config_dir)
        )
        self.user_words = read_user_dict(path)
        self._user_set = frozenset(w for w, _, _ in self.user_words)
        # words_many's per-token table, per stop list: a token's content words, each preceded
        # by a space (see _cut_plain)
        self._memos: dict[frozenset[str], dict[str, str]] = {}
        self.backend = self._pick(backend)
        self._engine = self._load()

    @staticmethod
    def _pick(backend: Backend) -> str:
        if backend not in ("auto", "rjieba", "jieba"):
            raise InvalidInput(
                f"unknown segmentation backend {backend!r}; allowed: auto, rjieba, jieba"
            )
        if backend in ("auto", "rjieba"):
            try:
                import importlib.util

                if importlib.util.find_spec("rjieba") is None:
                    raise ImportError("rjieba")
                return "rjieba"
            except ImportError:
                if backend == "rjieba":
                    raise InvalidInput(
                        "the rjieba backend is not installed (pip install rjieba)"
                    ) from None
        return "jieba"

    def _load(self) -> Any:
        if self.backend == "rjieba":
            engine = _rjieba_class()()
            self._add_words(engine)
            return engine
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        engine = jieba.Tokenizer()
        engine.initialize()
        self._add_words(engine)
        return engine

    def _add_words(self, engine: Any) -> None:
        """The user dictionary, and with the fine granularity the resultative compounds of
        guideline 3 (:data:`RESULTATIVES`) that neither it nor jieba's lexicon has. A
        resultative gets just the frequency that keeps it whole (jieba's suggestion, no
        floor), so a real word after it still wins: 汇 进来, not 汇进 来."""
        for word, freq, tag in self.user_words:
            engine.add_word(word, _user_freq(engine, word, freq), tag)
        if self.granularity != "fine":
            return
        for word in RESULTATIVES:
            if word not in self._user_set:
                engine.add_word(word, max(int(engine.suggest_freq(word)), 1), "v")

    def cut_analysis(self, text: str) -> list[str]:
        """Segment text that is already in analysis form; every character is in one piece.

        ASCII runs (English words, numbers) are split by the word pattern; everything
        else goes to jieba.
        """
        pieces: list[str] = []
        pos = 0
        for m in _ASCII_RUN.finditer(text):
            if m.start() > pos:
                pieces.extend(self._jieba(text[pos : m.start()]))
            run = m.group()
            pieces.extend(run[a:b] for a, b in _split_with_gaps(run))
            pos = m.end()
        if pos < len(text):
            pieces.extend(self._jieba(text[pos:]))
        return pieces

    def _raw(self, text: str) -> list[str]:
        if self.backend == "rjieba":
            out: list[str] = self._engine.cut(text, hmm=self.hmm)
        else:
            out = self._engine.lcut(text, HMM=self.hmm)
        return out

    def _jieba(self, text: str) -> list[str]:
        out = self._raw(text)
        if self.granularity == "jieba":
            return out
        out = join_amounts(out)
        fine: list[str] = []
        for piece in out:
            if len(piece) == 1 or piece in self._user_set:
                fine.append(piece)
            else:
                fine.extend(self._fine(piece))
        return fine

    def _fine(self, piece: str) -> list[str]:
        """:func:`split_fine`, then the loose-phrase rule: a four-character word that jieba's
        lexicon holds only as a rare phrase (frequency ≤ :data:`LOOSE_PHRASE_FREQ`, the
        lexicon's floor for noun phrases such as 房贷利率, 银行职员, 值得称赞) and whose two
        halves are common words (each ≥ :data:`COMMON_WORD_FREQ`) is split in the middle
        (guideline 2: ad-hoc noun + noun and verb + object are two tokens). Words of the user
        dictionary never reach here, so glossary terms (客服热线, 手机银行) stay whole."""
        out = split_fine(piece)
        if len(out) == 1 and len(piece) in (3, 4) and self._loose_phrase(piece):
            head = len(piece) - 2
            return [*split_fine(piece[:head]), *split_fine(piece[head:])]
        return out

    def _loose_phrase(self, piece: str) -> bool:
        """Four characters: two common two-character words; three: a one-character word
        (not a numeral, 好 or 第: 好几秒, 第二间 are numeral words) + a common two-character
        word (新 面孔, 每 半年, 换 零钱)."""
        if not all("\u4e00" <= c <= "\u9fff" for c in piece) or piece[0] in _NEG:
            return False
        if len(piece) == 3 and piece[0] in _NOT_LOOSE_HEADS:
            return False
        freq = self._engine.suggest_freq
        head = len(piece) - 2
        return bool(
            freq(piece) <= (LOOSE_PHRASE_FREQ if head == 2 else LOOSE_TRIGRAM_FREQ) + 1
            and freq(piece[head:]) > COMMON_WORD_FREQ
            and (head == 1 or freq(piece[:head]) > COMMON_WORD_FREQ)
        )

    def _join(self, pieces: list[str]) -> list[str]:
        return join_amounts(pieces) if self.granularity == "fine" else pieces

    def tokens(self, text: str) -> list[Token]:
        """Tokens of ``text`` (any script) with their original spans; whitespace is dropped.

        Masked placeholders such as ``[手机号]`` stay one token.
        """
        norm = normalise(text, emoji=self.emoji)
        out: list[Token] = []
        pos = 0
        for chunk_start, chunk_end, is_placeholder in _placeholder_chunks(norm.text):
            if is_placeholder:
                pieces = [norm.text[chunk_start:chunk_end]]
            else:
                pieces = self.cut_analysis(norm.text[chunk_start:chunk_end])
            pos = chunk_start
            for piece in pieces:
                end = pos + len(piece)
                if not piece.isspace():
                    a, b = norm.original_span(pos, end)
                    out.append(Token(text=norm.original[a:b], form=piece, start=a, end=b))
                pos = end
        return out

    def words(self, text: str, *, stop: Iterable[str] = ()) -> list[str]:
        """Content words of ``text`` in analysis form: no punctuation, spaces or stop words."""
        return _content(
            self.cut_analysis_masked(analysis_text(text, emoji=self.emoji)), frozenset(stop)
        )

    def cut_analysis_masked(self, analysis: str) -> list[str]:
        pieces: list[str] = []
        for a, b, is_placeholder in _placeholder_chunks(analysis):
            if is_placeholder:
                pieces.append(analysis[a:b])
            else:
                pieces.extend(self.cut_analysis(analysis[a:b]))
        return pieces

    def words_many(self, texts: list[str], *, stop: Iterable[str] = ()) -> list[list[str]]:
        """:meth:`words` for many texts, fast: one call into OpenCC for all of them, and
        comments without ASCII letters, digits or placeholders go straight to jieba with
        the per-token work (granularity rules, stop words) done once per distinct token —
        once per segmenter and stop list, not per call: the table is kept between calls.
        The result equals ``[self.words(t, stop=stop) for t in texts]``."""
        stopset = frozenset(stop)
        spaced = self._memos.setdefault(stopset, {"\n": "\n"})
        fine = self.granularity == "fine"
        user = self._user_set

        def content(piece: str) -> None:
            split = self._fine(piece) if fine and len(piece) > 1 and piece not in user else [piece]
            spaced[piece] = "".join(" " + w for w in _content(split, stopset))

        # Millions of small lists and tuples are made here and none is cyclic: the cyclic
        # garbage collector would only rescan them (≈ 5 % of the time).
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return self._words_many(texts, stopset, content, spaced)
        finally:
            if was_enabled:
                gc.enable()

    def _words_many(
        self,
        texts: list[str],
        stopset: frozenset[str],
        content: Callable[[str], None],
        spaced: dict[str, str],
    ) -> list[list[str]]:
        analysis = analysis_texts(texts, emoji=self.emoji)
        out: list[list[str]] = [[] for _ in analysis]
        # A plain comment (no ASCII letter, digit or bracket: most short comments) is one
        # Chinese stretch; all of them go to jieba joined by newlines and come back as one
        # string, cut into comments and words by str.split (C speed, see _cut_plain).
        needs = list(map(_NEEDS_FULL.search, analysis))
        plain = [i for i, (a, n) in enumerate(zip(analysis, needs, strict=True)) if a and n is None]
        for i, got in zip(
            plain, self._cut_plain([analysis[i] for i in plain], content, spaced), strict=True
        ):
            out[i] = got
        # The other comments are cut into parts: Chinese stretches, which go to jieba the
        # same way, and ASCII words or placeholders, which are settled here.
        stretches: list[str] = []
        layout: list[tuple[int, list[int | tuple[str, ...]]]] = []
        ascii_memo: dict[str, tuple[str, ...]] = {}
        for i, (a, n) in enumerate(zip(analysis, needs, strict=True)):
            if not a or n is None:
                continue
            parts: list[int | tuple[str, ...]] = []
            for pa, pb, is_placeholder in _placeholder_chunks(a):
                if is_placeholder:
                    continue  # placeholders are never counted
                chunk = a[pa:pb]
                pos = 0
                for m in _ASCII_RUN.finditer(chunk):
                    if m.start() > pos:
                        parts.append(len(stretches))
                        stretches.append(chunk[pos : m.start()])
                    run = m.group()
                    for x, y in _split_with_gaps(run):
                        word = run[x:y]
                        kept = ascii_memo.get(word)
                        if kept is None:
                            kept = ascii_memo[word] = tuple(_content([word], stopset))
                        if kept:
                            parts.append(kept)
                    pos = m.end()
                if pos < len(chunk):
                    parts.append(len(stretches))
                    stretches.append(chunk[pos:])
            layout.append((i, parts))
        cut = self._cut_plain(stretches, content, spaced)
        for i, parts in layout:
            out[i] = list(chain.from_iterable(cut[p] if isinstance(p, int) else p for p in parts))
        return out

    def _cut_plain(
        self,
        stretches: list[str],
        content: Callable[[str], None],
        spaced: dict[str, str],
    ) -> list[list[str]]:
        """The content words of each Chinese stretch (no whitespace inside): jieba on the
        stretches joined by newlines; each token is replaced by its content words, each
        preceded by a space (looked up once per distinct token), the newline tokens kept;
        the joined string is split at the newlines into stretches and at the spaces into
        words, at C speed."""
        words: list[list[str]] = []
        for b in range(0, len(stretches), _BATCH):
            batch = stretches[b : b + _BATCH]
            pieces = self._raw("\n".join(batch))
            if pieces.count("\n") != len(batch) - 1:  # never seen; stay correct regardless
                for text in batch:
                    got = self._join(self._raw(text))
                    words.append(list(chain.from_iterable(map(_memo_get(content, spaced), got))))
                continue
            pieces = self._join(pieces)
            for piece in set(pieces).difference(spaced):
                content(piece)
            joined = "".join(map(spaced.__getitem__, pieces))
            words.extend(map(str.split, joined.split("\n")))
        return words


def _memo_get(content: Callable[[str], None], spaced: dict[str, str]) -> Callable[[str], list[str]]:
    def get(piece: str) -> list[str]:
        if piece not in spaced:
            content(piece)
        return spaced[piece].split()

    return get


_BATCH = 5000


def _rjieba_class() -> Any:
    """rjieba's ``Jieba`` class, loaded without running ``rjieba/__init__.py``.

    That file builds a module-level default instance (``rjieba.cut``), a full dictionary
    load (≈ 0.13 s, a fifth of ``serviq text freq`` on 5 MB) that serviq never uses: every
    :class:`Segmenter` builds its own instance with the user dictionary. The compiled
    module is registered as ``rjieba.rjieba``, so a later ``import rjieba`` reuses it
    (a PyO3 module may be initialised only once per process). Falls back to the plain
    import when the package is laid out differently.
    """
    import importlib.machinery
    import importlib.util
    import sys

    for name in ("rjieba.rjieba", "rjieba"):
        loaded = sys.modules.get(name)
        if loaded is not None and hasattr(loaded, "Jieba"):
            return loaded.Jieba
    spec = importlib.util.find_spec("rjieba")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            path = Path(folder) / f"rjieba{suffix}"
            ext = importlib.util.spec_from_file_location("rjieba.rjieba", path)
            if not path.is_file() or ext is None or ext.loader is None:
                continue
            module = importlib.util.module_from_spec(ext)
            ext.loader.exec_module(module)
            sys.modules["rjieba.rjieba"] = module
            return module.Jieba
    import rjieba

    return rjieba.Jieba


# A user-dictionary word without a frequency gets jieba's suggested one (just enough to
# stay whole when cut alone), raised to this floor: a domain term should also win against
# a chance overlap with a general word around it (被盗刷 is 被 盗刷, not 被盗 刷). Words
# jieba already knows keep their higher frequency; a line may set its own.
USER_FREQ_FLOOR = 1000


def _user_freq(engine: Any, word: str, freq: int | None) -> int:
    if freq is not None:
        return freq
    return max(int(engine.suggest_freq(word)), USER_FREQ_FLOOR)


def _split_with_gaps(piece: str) -> Iterator[tuple[int, int]]:
    """Split an ASCII piece into words and single other characters, covering every char."""
    pos = 0
    for a, b in _split_ascii(piece):
        if a > pos:
            yield pos, a
        yield a, b
        pos = b
    if pos < len(piece):
        yield pos, len(piece)


def _placeholder_chunks(text: str) -> Iterator[tuple[int, int, bool]]:
    pos = 0
    for m in _PLACEHOLDER.finditer(text):
        if m.start() > pos:
            yield pos, m.start(), False
        yield m.start(), m.end(), True
        pos = m.end()
    if pos < len(text):
        yield pos, len(text), False


def _content(pieces: list[str], stop: frozenset[str]) -> list[str]:
    return [
        p
        for p in pieces
        if _CONTENT.search(p) and p not in stop and not p.isdigit() and not p.startswith("[")
    ]


# A lexicon word of four characters this rare, made of two words at least this common, is
# an ad-hoc phrase of jieba's lexicon and is split in the middle (Segmenter._fine).
LOOSE_PHRASE_FREQ = 5
COMMON_WORD_FREQ = 100
LOOSE_TRIGRAM_FREQ = 20
_NOT_LOOSE_HEADS = frozenset("〇一二两三四五六七八九十几好第")


# --- granularity rules (docs/text.md, "Segmentation guidelines") ---------------------
# jieba's lexicon joins some productive combinations into one word, and not always the
# same way (很好 but 很 不错; 交了; 王经理). The fine guideline splits them; these rules
# apply it to jieba's output. They split only, so no character is lost or added.
_DEGREE = frozenset("很太挺真最更超蛮")
_NEG = frozenset("不没沒")
_KEEP_DEGREE = frozenset(
    [
        "很多",
        "最后",
        "最近",
        "最好",
        "最初",
        "最终",
        "最多",
        "最少",
        "最新",
        "最佳",
        "更新",
        "更加",
        "更是",
        "真的",
        "真是",
        "真正",
        "超过",
        "超级",
        "太太",
        "太阳",
        "真心",
    ]
)
_KEEP_NEG = frozenset(
    [
        "不错",
        "不行",
        "不会",
        "不用",
        "不够",
        "不要",
        "不能",
        "不是",
        "不过",
        "不少",
        "不满",
        "不断",
        "不然",
        "不如",
        "不同",
        "不仅",
        "不必",
        "不停",
        "不想",
        "不必",
        "不管",
        "不但",
        "不再",
        "不准",
        "不肯",
        "不敢",
        "不便",
        "不安",
        "不良",
        "不足",
        "不对",
        "不及",
        "不得",
        "没有",
        "没用",
        "没事",
        "没法",
        "没错",
    ]
)
_KEEP_VNC = frozenset(
    [
        "来不及",
        "对不起",
        "了不起",
        "差不多",
        "受不了",
        "怪不得",
        "说不定",
        "不得不",
        "看不起",
        "买不起",
        "忍不住",
        "靠不住",
        "少不了",
        "免不了",
        "用不着",
    ]
)
_VERB1 = frozenset("听看找收打用登说买吃做办来去寄拿取存记接弄搞想读填写领查转")
_NUMERALS = frozenset("一二两三四五六七八九十几半")
_CLASSIFIERS = frozenset("个次天周趟笔句种遍位张份条通步间名")
# Demonstrative (or 每) + classifier is one token, like numeral + classifier, and is split
# from the noun after it (这间 分行, 每个 人). 上个月 / 下个月 stay whole: the gold sets read
# them as lexicalised time words, like 上周.
_DEMONSTRATIVES = frozenset("这那每哪呢该")
_TITLES = ("经理", "小姐", "先生", "女士", "老师", "主任", "行长", "姐", "哥", "姑娘")
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余于杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_KEEP_BEI = frozenset(["被子", "被告", "被动", "被迫", "被窝", "被褥"])
_KEEP_YAO = frozenset(["要求", "要是", "要么", "要紧", "要不", "要说", "要领"])
_KEEP_NEG3 = frozenset(
    [
        "不耐烦",
        "不得不",
        "不一定",
        "不至于",
        "不由得",
        "不像话",
        "不好意思",
        "不见得",
        "不在乎",
        "不得了",
        "不要紧",
        "不满意",
        "没关系",
        "没意思",
        "没办法",
        "没想到",
    ]
)
_KEEP_LE = frozenset(
    ["为了", "除了", "算了", "罢了", "极了", "好了", "对了", "多了", "少了", "得了", "了了", "完了"]
)
# 得 after a one-character verb or adjective is a particle of its own (讲 得 清楚), except
# in lexicalised words.
_KEEP_DE = frozenset(
    [
        "觉得",
        "记得",
        "懂得",
        "值得",
        "获得",
        "取得",
        "显得",
        "舍得",
        "使得",
        "难得",
        "免得",
        "晓得",
        "认得",
        "只得",
        "不得",
        "赢得",
        "博得",
        "落得",
        "变得",
        "总得",
        "非得",
        "省得",
        "求得",
        "见得",
        "怪得",
        "必得",
        "应得",
        "心得",
        "所得",
        "搏得",
    ]
)
# 过 after a one-character verb is the experiential aspect particle (办 过), like 了.
_KEEP_GUO = frozenset(["记过", "看过来", "说过去"])
# Verb + object that jieba's lexicon joins (打电话); the guideline splits them (打 电话).
_VO_VERBS = frozenset("打接挂回发签办填输交补改查")
_VO_OBJECTS = frozenset(
    ["电话", "短信", "微信", "合同", "业务", "表格", "手续", "资料", "材料", "号码", "密码", "学费"]
)
_UNITS = frozenset(("分钟", "秒钟", "小时", "钟头", "星期", "礼拜"))
# Guideline 3: a one-character verb and a one-character resultative or directional
# complement are one token (寄到, 输错, 弄丢, 卡住, 听完, 领回). jieba's lexicon has only
# some of them, so without its HMM the others fell apart (寄 到); they are added to the
# dictionary as words. 好 only after verbs it cannot be the Cantonese "very" after, and
# 还 ("still") is left out: 还 到 / 还 懂 are adverb + verb far more often.
_RESULTATIVE_VERBS = (
    "寄换填盖输停听弄弹谈收搬转领拿送存取汇打写算扣退搞记卡锁说讲看找办交付缴借刷插放关排坐"
    "等问改签补买卖用读修吃喝走跑睇揾印剪删选按贴传发接挂拨扫约订抢"
    "揿攞"  # Cantonese: 揿 "press" (揿错), 攞 "take" (攞到)
    # fourth pass: verbs whose 到 is a result (叫到 "my number was called", 吓到, 轮到,
    # 谂到 "thought of"), 计错 / 答错, 追回 (money recovered)
    "叫吓轮碰遇捱谂答计追"
)
_RESULTATIVE_COMPLEMENTS = "到回出进完错满丢住掉懂走"
RESULTATIVES: tuple[str, ...] = (
    *(v + c for v in dict.fromkeys(_RESULTATIVE_VERBS) for c in _RESULTATIVE_COMPLEMENTS),
    *("办好", "谈好", "约好", "修好", "弄好", "改好", "排好", "开好", "填好", "写好", "设好"),
)
# V + 成 / 给 is split (改 成, 转 给; guideline readings in the held-out header), except
# in lexicalised words.
_CHENG_GEI = frozenset("成给")
_KEEP_CHENG_GEI = frozenset(
    ["完成", "变成", "形成", "造成", "组成", "构成", "赞成", "达成", "促成", "生成", "合成",
     "养成", "当成", "现成", "收成", "供给", "补给", "配给", "自给", "交给", "送给", "还给"]
)  # fmt: skip
# Verb + object words of jieba's lexicon that the guideline splits (寄 信, 喝 水), and
# adverb + verb (先 存, 才 能) where the joined reading (才能 "talent") is rare in comments.
_SPLIT_WORDS = frozenset(
    ["寄信", "出钱", "喝水", "换卡", "画图", "交租", "白跑", "才能",
     # issue 16, second pass: adverb + verb, verb + preposition or object that jieba's
     # lexicon joins (就 要, 却 说, 先 知 — Cantonese 先 "only then" —, 放 在, 领 钱, 填 表)
     "就要", "却说", "先知", "放在", "领钱", "收钱", "填表"]
)  # fmt: skip
# Verb + object phrases of jieba's lexicon, split in the middle (解决 问题).
_SPLIT_HALVES = frozenset(["解决问题", "处理问题", "回答问题", "反映问题"])
# A one-character verb and a two-character complement are two tokens (讲 清楚, 拿 回来).
_TWO_CHAR_COMPLEMENTS = frozenset(
    ["清楚", "明白", "回来", "回去", "出来", "出去", "进来", "进去", "下来", "下去"]
)
_XIAN_VERBS = frozenset("存抽付缴填办交打问查用看找买取拿排等签")


# Guideline 4: numeral + monosyllabic classifier is one token, and a currency unit is such a
# classifier (两万蚊, 一百五十元, 三块). jieba's lexicon has some (一百元) but cuts most off
# (两万 蚊), and the per-token rules below only split; this joins the two tokens. Only Chinese
# numerals join: Arabic digits are a token of their own (guideline 4), approximate 几/多 too.
_AMOUNT_UNITS = ("蚊", "元", "块", "毫")
_UNIT_SET = frozenset(_AMOUNT_UNITS)
_NUMERAL_CHARS = frozenset("零〇一二两三四五六七八九十百千万亿")


def join_amounts(pieces: list[str]) -> list[str]:
    """Join a Chinese numeral token and a following currency-unit token (两万 蚊 → 两万蚊).

    One set intersection (C speed) tells whether a unit token is there at all; where one
    is, ``list.index`` finds each."""
    hits: list[int] = []
    for unit in _AMOUNT_UNITS if _UNIT_SET.intersection(pieces) else ():
        start = 0
        while True:
            try:
                i = pieces.index(unit, start)
            except ValueError:
                break
            if i and pieces[i - 1] and _NUMERAL_CHARS.issuperset(pieces[i - 1]):
                hits.append(i)
            start = i + 1
    if not hits:
        return pieces
    out = list(pieces)
    for i in sorted(hits, reverse=True):
        out[i - 1 : i + 1] = [out[i - 1] + out[i]]
    return out


def split_fine(piece: str) -> list[str]:
    """Split one jieba token by the fine-granularity rules (analysis form, Simplified)."""
    n = len(piece)
    if n == 2:
        a, b = piece[0], piece[1]
        if a in _DEGREE and piece not in _KEEP_DEGREE and "\u4e00" <= b <= "\u9fff":
            return [a, b]
        if a in _NEG and piece not in _KEEP_NEG and "\u4e00" <= b <= "\u9fff":
            return [a, b]
        if b == "了" and piece not in _KEEP_LE and "\u4e00" <= a <= "\u9fff":
            return [a, b]
        if b == "得" and piece not in _KEEP_DE and "\u4e00" <= a <= "\u9fff" and a not in _NEG:
            return [a, b]
        if b == "过" and piece not in _KEEP_GUO and a in _VERB1 | set("交扣退"):
            return [a, b]
    if piece in _SPLIT_WORDS:
        return [piece[:1], piece[1:]]
    if n == 4:
        if piece in _SPLIT_HALVES:
            return [piece[:2], piece[2:]]
        # aspect 了 inside a lexicon phrase (吓了一跳 → 吓 了 一跳; guideline 5), and a
        # numeral + classifier after a verb (白跑一趟 → 白 跑 一趟; guideline 4)
        if piece[1] == "了" and piece[0] not in _NUMERALS and "\u4e00" <= piece[0] <= "\u9fff":
            return [piece[0], "了", piece[2:]]
        if piece[2] in _NUMERALS and piece[3] in _CLASSIFIERS and piece[0] not in _NUMERALS:
            return [*split_fine(piece[:2]), piece[2:]]
    if n == 3 and piece[1:] in _TWO_CHAR_COMPLEMENTS and piece[0] in _VERB1 | set("讲说拿寄退吐算"):
        return [piece[0], piece[1:]]
    if n == 2 and piece[0] == "先" and piece[1] in _XIAN_VERBS:
        return [piece[0], piece[1]]
    if n in (2, 3) and piece[-1] in _CHENG_GEI and piece not in _KEEP_CHENG_GEI:
        head = piece[:-1]
        if (n == 2 and head in _VERB1 | set("说改换变转分拆折兑")) or (
            n == 3 and "\u4e00" <= head[0] <= "\u9fff"
        ):
            return [head, piece[-1]]
    if n == 2 and piece[0] == "被" and piece not in _KEEP_BEI:
        return [piece[0], piece[1]]
    if n == 2 and piece[0] == "要" and piece[1] in _VERB1 and piece not in _KEEP_YAO:
        return [piece[0], piece[1]]
    if n == 2 and piece[1] == "个" and piece[0] in _VERB1:
        return [piece[0], piece[1]]
    if n == 3 and piece[0] in _VO_VERBS and piece[1:] in _VO_OBJECTS:
        return [piece[0], piece[1:]]
    if n > 2 and piece.startswith("非常"):
        return ["非常", *split_fine(piece[2:])]
    if n == 3 and piece[0] in _DEGREE and piece not in _KEEP_DEGREE:
        return [piece[0], piece[1:]]
    if n == 3 and piece[0] in _NEG and piece not in _KEEP_NEG3:
        return [piece[0], piece[1:]]
    if n in (3, 4) and piece[0] in _VERB1 and piece[1] in "不得" and piece not in _KEEP_VNC:
        return [piece[0], piece[1], piece[2:]]
    if n >= 3 and piece[-2:] in _UNITS and all(c in _NUMERALS for c in piece[:-2]):
        return [piece[:-2], piece[-2:]]
    if (
        n == 3
        and piece[0] in _NUMERALS
        and piece[1] in _CLASSIFIERS
        and piece[2] not in _CLASSIFIERS
        and piece[2] != "性"
    ):
        return [piece[:2], piece[2]]
    if (
        n == 3
        and piece[0] in _DEMONSTRATIVES
        and piece[1] in _CLASSIFIERS
        and piece[2] not in _CLASSIFIERS
    ):
        return [piece[:2], piece[2]]
    if 2 <= n <= 3 and piece[0] in _SURNAMES and piece[1:] in _TITLES:
        return [piece[0], piece[1:]]
    return [piece]


@lru_cache(maxsize=4)
def default_segmenter(backend: Backend = "auto") -> Segmenter:
    """A shared :class:`Segmenter` with the bundled (or overriding) dictionary."""
    return Segmenter(backend=backend)
