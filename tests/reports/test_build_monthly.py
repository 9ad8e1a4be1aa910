"""`serviq report build monthly --period last --format html,pdf,xlsx` on the demo's data:
three files, the PDF's text, a page as PNG, native charts in the XLSX, byte-identical HTML
and XLSX, and a rebuild from the methods appendix's command with identical numbers."""

from __future__ import annotations

import io
import json
import re
import shlex
import zipfile
from pathlib import Path

import pytest

from serviq.indicators import bundled_system

TITLE = {
    "zh-Hans": "服务质量分析报告",
    "zh-Hant": "服務質量分析報告",
    "en": "Service-quality analysis report",
}


@pytest.fixture(scope="module")
def built(report_data: Path, tmp_path_factory: pytest.TempPathFactory):
    from serviq.cli.main import main

    out = tmp_path_factory.mktemp("built")
    args = ["report", "build", "monthly", "--period", "last", "--format", "html,pdf,xlsx",
            "--data", str(report_data), "--out", str(out), "--json"]  # fmt: skip
    return out, args, main


def _run(run_cli, args):
    code, out, err = run_cli(*args)
    assert code == 0, err
    return json.loads(out)


def test_it_writes_three_files_and_the_contract_keys(run_cli, built) -> None:
    _out, args, _ = built
    data = _run(run_cli, args)
    assert {"kind", "period", "files", "sha256", "inputs"} <= set(data)
    assert data["kind"] == "monthly"
    assert data["period"] == "2026-11"  # the last complete month of the data
    assert set(data["files"]) == {"html", "pdf", "xlsx"}
    for fmt, path in data["files"].items():
        assert Path(path).stat().st_size > 1000, fmt
    assert data["inputs"]["interactions"]["rows"] > 1000
    assert re.fullmatch(r"[0-9a-f]{64}", data["inputs"]["interactions"]["sha256"])


def test_the_pdf_has_the_chinese_title_and_every_indicator_name(run_cli, built) -> None:
    from pypdf import PdfReader

    data = _run(run_cli, built[1])
    reader = PdfReader(data["files"]["pdf"])
    text = "".join(page.extract_text() for page in reader.pages)
    text = re.sub(r"\s+", "", text)
    assert TITLE["zh-Hans"] in text
    system = bundled_system("bank_contact_centre")
    missing = [n.name.get("zh-Hans") for n in system.indicators()
               if re.sub(r"\s+", "", n.name.get("zh-Hans")) not in text]  # fmt: skip
    assert missing == []
    assert "方法附录" in text


def test_a_page_renders_to_png_with_ink(run_cli, built) -> None:
    import pypdfium2 as pdfium

    data = _run(run_cli, built[1])
    pdf = pdfium.PdfDocument(data["files"]["pdf"])
    assert len(pdf) >= 3
    png_path = Path(data["files"]["pdf"]).with_suffix(".page1.png")
    image = pdf[0].render(scale=1.0).to_pil().convert("L")
    png = io.BytesIO()
    image.save(png, format="PNG")
    png_path.write_bytes(png.getvalue())  # kept beside the PDF as the test's artefact
    assert png.getvalue()[:8] == b"\x89PNG\r\n\x1a\n"
    hist = image.histogram()
    dark = sum(hist[:128])
    assert dark > 0.005 * image.width * image.height  # text and tables, not a blank page
    pdf.close()


def test_the_xlsx_has_native_charts_and_a_definitions_sheet(run_cli, built) -> None:
    data = _run(run_cli, built[1])
    with zipfile.ZipFile(data["files"]["xlsx"]) as z:
        names = z.namelist()
        charts = [n for n in names if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
        assert len(charts) >= 10
        assert "<c:lineChart>" in z.read(charts[0]).decode()
        workbook = z.read("xl/workbook.xml").decode()
    assert 'name="指标定义"' in workbook
    assert 'name="方法附录"' in workbook
    from openpyxl import load_workbook

    wb = load_workbook(data["files"]["xlsx"])
    ws = wb["指标定义"]
    names_in_sheet = {ws.cell(r, 1).value for r in range(2, ws.max_row + 1)}
    assert {
        n.name.get("zh-Hans") for n in bundled_system("bank_contact_centre").indicators()
    } <= names_in_sheet
    summary = wb["摘要"]
    fmts = {summary.cell(r, 3).number_format for r in range(6, summary.max_row + 1)}
    assert "0.0%" in fmts  # shares are rounded by the format, the cell keeps full precision


def test_html_and_xlsx_are_byte_identical_for_the_same_inputs(run_cli, built, tmp_path) -> None:
    first = _run(run_cli, built[1])
    args = list(built[1])
    args[args.index("--out") + 1] = str(tmp_path)
    second = _run(run_cli, args)
    assert first["sha256"]["html"] == second["sha256"]["html"]
    assert first["sha256"]["xlsx"] == second["sha256"]["xlsx"]
    assert Path(first["files"]["html"]).read_bytes() == Path(second["files"]["html"]).read_bytes()


def _numbers(html_path: str) -> dict:
    html = Path(html_path).read_text(encoding="utf-8")
    m = re.search(r'<script type="application/json" id="report-numbers">(.*?)</script>', html, re.S)
    assert m
    return json.loads(m.group(1).replace("<\\/", "</"))


def test_rebuilding_from_the_appendix_command_gives_identical_numbers(
    run_cli, built, tmp_path
) -> None:
    data = _run(run_cli, built[1])
    html = Path(data["files"]["html"]).read_text(encoding="utf-8")
    m = re.search(r'<code id="rebuild-command">(.*?)</code>', html, re.S)
    assert m
    import html as html_lib

    command = shlex.split(html_lib.unescape(m.group(1)))
    assert command[:3] == ["serviq", "report", "build"]
    assert "--period" in command
    assert "last" not in command
    command[command.index("--out") + 1] = str(tmp_path)
    command[command.index("--format") + 1] = "html"
    rebuilt = _run(run_cli, [*command[1:], "--json"])
    before, after = _numbers(data["files"]["html"]), _numbers(rebuilt["files"]["html"])
    assert before["indicators"]["SL"]["value"] is not None
    assert after == before
    assert rebuilt["inputs"] == data["inputs"]


def test_an_unknown_department_is_refused_naming_the_known_ones(
    run_cli, report_data, tmp_path
) -> None:
    """No team of the data belongs to D01: the report is refused, not shown as the centre's."""
    code, _, err = run_cli(
        "report", "build", "monthly", "--period", "last", "--scope", "department:D01",
        "--data", str(report_data), "--out", str(tmp_path / "out"),
    )  # fmt: skip
    assert code == 2
    assert err.startswith("error: scope 'department:D01': no team belongs to that department")
    assert "allowed: department:D1" in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
