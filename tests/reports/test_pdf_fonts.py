"""The PDF's Chinese font: the regional build of Noto Sans CJK (SC for 简体中文, TC for
繁體中文) where Debian's fonts-noto-cjk is installed, else the bundled Japanese build."""

from __future__ import annotations

from pathlib import Path

import pytest
import typst

from serviq.reports import pdf


def _typeset(lang: str, tmp_path: Path) -> bytes:
    fonts = ", ".join(pdf.s(f) for f in pdf.font_families(lang))
    main = tmp_path / f"{lang}.typ"
    main.write_text(f"#set text(font: ({fonts},))\n服務質量分析報告 骨 直 说", encoding="utf-8")
    out = typst.compile(str(main), font_paths=pdf.font_paths(), ignore_system_fonts=True)
    assert isinstance(out, bytes)
    return out


@pytest.mark.skipif(not pdf.SYSTEM_CJK.exists(), reason="Debian's fonts-noto-cjk is not installed")
@pytest.mark.parametrize(
    ("lang", "build"), [("zh-Hans", b"NotoSansCJKsc"), ("zh-Hant", b"NotoSansCJKtc")]
)
def test_the_regional_build_sets_each_chinese(lang: str, build: bytes, tmp_path: Path) -> None:
    data = _typeset(lang, tmp_path)
    assert build in data
    assert b"NotoSansCJKjp" not in data


def test_without_the_system_collection_the_bundled_build_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "SYSTEM_CJK", tmp_path / "absent.ttc")
    assert pdf.font_families("zh-Hant") == (pdf.FONT_FAMILY,)
    assert pdf.font_paths() == [str(pdf.font_dir())]
    assert b"NotoSansCJKjp" in _typeset("zh-Hant", tmp_path)
