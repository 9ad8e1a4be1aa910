"""The PDF's layout rules: a table longer than a page repeats its header on every page, and
the text is set in the bundled CJK font with the system's fonts ignored."""

from __future__ import annotations

import io
import re

import typst
from pypdf import PdfReader

from serviq.reports.pdf import EPOCH, FONT_FAMILY, _table, font_dir, s


def _compile(source: str) -> bytes:
    pdf = typst.compile(source.encode("utf-8"), font_paths=[str(font_dir())],
                        ignore_system_fonts=True, format="pdf", timestamp=EPOCH)  # fmt: skip
    assert isinstance(pdf, bytes)
    return pdf


def test_a_long_table_repeats_its_header_on_every_page() -> None:
    rows = [[f"坐席{i:03d}", i, i * 2] for i in range(160)]
    source = f'#set text(font: ("{FONT_FAMILY}",), size: 9pt)\n' + _table(
        ["班组/坐席", "接触量", "合计"], rows
    )
    pages = [
        re.sub(r"\s+", "", p.extract_text()) for p in PdfReader(io.BytesIO(_compile(source))).pages
    ]
    assert len(pages) >= 3
    assert all(p.startswith("班组/坐席接触量合计") for p in pages)


def test_text_is_escaped_not_markup() -> None:
    hostile = '#set page(fill: red) "quoted" \\ *bold* = heading'
    pdf = _compile(f'#set text(font: ("{FONT_FAMILY}",))\n#text({s(hostile)})')
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "#set page(fill: red)" in text


def test_the_bundled_font_is_an_open_licence_noto_cjk() -> None:
    folder = font_dir()
    assert any(p.suffix == ".otf" for p in folder.iterdir())
    licence = (folder / "SIL-OPEN-FONT-LICENSE.txt").read_text(encoding="utf-8")
    assert "SIL Open Font License" in licence
