"""The translation catalogues (简体中文, 繁體中文, English) of the web application.

The ``.po`` files under ``locale/`` are the source; the compiled ``.mo`` files are committed
so that a fresh clone works without GNU gettext. After editing a ``.po`` file run
``python -m serviq.web.catalogs``; a test fails when a ``.mo`` is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

LOCALE = Path(__file__).resolve().parent / "locale"


def po_files() -> list[Path]:
    return sorted(LOCALE.glob("*/LC_MESSAGES/django.po"))


def compiled(po: Path) -> bytes:
    """The ``.mo`` bytes of one ``.po`` file (pure Python, with polib)."""
    import tempfile

    import polib

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "django.mo"
        polib.pofile(str(po)).save_as_mofile(str(out))
        return out.read_bytes()


def stale() -> list[Path]:
    """``.po`` files whose committed ``.mo`` differs from a fresh compilation."""
    out = []
    for po in po_files():
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != compiled(po):
            out.append(po)
    return out


def compile_all() -> list[Path]:
    written = []
    for po in po_files():
        po.with_suffix(".mo").write_bytes(compiled(po))
        written.append(po.with_suffix(".mo"))
    return written


if __name__ == "__main__":  # pragma: no cover
    for path in compile_all():
        print(path, file=sys.stderr)
