"""SPSS .sav and Stata .dta: export with labels, import by labels (UTF-8 and GB18030),
round trip, and damaged files refused with one `error:` line and nothing written."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pandas as pd
import pyreadstat
import pytest

from serviq.survey.questionnaire import load_questionnaire
from serviq.survey.workspace import import_file, load_responses

DATA = Path(__file__).parent / "data"
CLEAN = DATA / "wjx_export_clean.csv"

# three items of the bundled questionnaire, asked with their numbers in the labels, coded
# 0–4 as some platforms code a five-point scale
QUESTIONS = {
    "Q1": "1、网点与服务渠道（电话、App、网银）设施现代、便于使用",
    "Q2": "2、营业环境整洁舒适，标识清楚",
    "Q23": "23、总体而言，您对本行的服务满意吗",
}
AGREE = ["非常不同意", "不同意", "一般", "同意", "非常同意"]
SATISFIED = ["非常不满意", "不满意", "一般", "满意", "非常满意"]
CODES = {"Q1": [4, 0, 3], "Q2": [2, 4, 1], "Q23": [4, 3, 0]}


def _platform_sav(path: Path, encoding: str) -> Path:
    """A .sav as a survey platform writes it: variables Q1…, question texts as variable
    labels, answers coded 0–4 with Chinese value labels, text in ``encoding``.

    The writer stores UTF-8; for GB18030 every label is first written as an ASCII
    placeholder of the same byte length, then replaced by its GB18030 bytes, and the
    file's character-encoding record (type 7, subtype 20) is set to GB18030 — or, for
    ``gb18030-undeclared`` (an old SPSS file), removed."""
    texts: list[str] = []

    def slot(text: str) -> str:
        if encoding == "utf-8":
            return text
        texts.append(text)
        size = len(text.encode("gb18030"))
        tag = f"@{len(texts):02d}"
        assert size >= len(tag)
        return tag + "x" * (size - len(tag))

    df = pd.DataFrame(
        {"ID": ["r1", "r2", "r3"], **{k: [float(v) for v in c] for k, c in CODES.items()}}
    )
    labels = {
        "Q1": dict(enumerate(AGREE)),
        "Q2": dict(enumerate(AGREE)),
        "Q23": dict(enumerate(SATISFIED)),
    }
    pyreadstat.write_sav(
        df,
        str(path),
        column_labels=[None] + [slot(t) for t in QUESTIONS.values()],
        variable_value_labels={
            var: {float(k): slot(v) for k, v in lab.items()} for var, lab in labels.items()
        },
    )
    if encoding == "utf-8":
        return path
    raw = path.read_bytes()
    for i, text in enumerate(texts, start=1):
        tag = f"@{i:02d}".encode()
        size = len(text.encode("gb18030"))
        placeholder = tag + b"x" * (size - len(tag))
        assert raw.count(placeholder) == 1
        raw = raw.replace(placeholder, text.encode("gb18030"))
    record = struct.pack("<4i", 7, 20, 1, 5) + b"UTF-8"
    assert raw.count(record) == 1
    declared = b"" if encoding.endswith("undeclared") else struct.pack("<4i", 7, 20, 1, 7)
    raw = raw.replace(record, declared + b"GB18030" if declared else b"")
    path.write_bytes(raw)
    return path


@pytest.fixture(scope="module")
def q():  # type: ignore[no-untyped-def]
    return load_questionnaire()


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "gb18030-undeclared"])
def test_platform_sav_with_chinese_labels_imports(q, tmp_path: Path, encoding: str) -> None:
    path = _platform_sav(tmp_path / f"wjx_{encoding}.sav", encoding)
    if encoding != "utf-8":  # the labels really are GB18030 bytes, not UTF-8
        assert "非常满意".encode("gb18030") in path.read_bytes()
        assert "非常满意".encode() not in path.read_bytes()
    res = import_file(path, q, tmp_path / "ws", settings=_no_screens())
    assert (res.added, res.excluded) == (3, [])
    got = load_responses(tmp_path / "ws", q.id).set_index("respondent_id")
    assert got.index.tolist() == ["r1", "r2", "r3"]
    # matched by the question text of the variable label; codes 0–4 read by their labels
    assert got["TAN1"].tolist() == [c + 1 for c in CODES["Q1"]]
    assert got["TAN2"].tolist() == [c + 1 for c in CODES["Q2"]]
    assert got["SAT1"].tolist() == [c + 1 for c in CODES["Q23"]]


def _no_screens():  # type: ignore[no-untyped-def]
    from serviq.survey.quality import load_quality

    return load_quality().without(
        ["straight_lining", "speeding", "duplicate_ip", "duplicate_device", "missing"]
    )


@pytest.mark.parametrize("fmt", ["sav", "dta"])
def test_export_then_import_gives_the_same_answers(q, run_cli, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"export.{fmt}"
    code, text, _ = run_cli(
        "survey", "export", str(CLEAN), "--format", fmt, "--out", str(out), "--json"
    )
    assert code == 0, text
    obj = json.loads(text)
    assert obj == {"file": str(out), "rows": 40, "variables": obj["variables"]}
    read = pyreadstat.read_sav if fmt == "sav" else pyreadstat.read_dta
    assert obj["variables"] == len(read(str(out), metadataonly=True)[1].column_names)

    def screened(excluded: list[dict[str, object]]) -> list[tuple[object, ...]]:
        # the IP in a reason is a pseudonym: the export's is pseudonymised again on import
        return [(e["respondent_id"], e["row"], str(e["reasons"]).split(":")[0]) for e in excluded]

    direct = import_file(CLEAN, q, tmp_path / "a")
    again = import_file(out, q, tmp_path / "b")
    assert again.added == direct.added == 37
    assert screened(again.excluded) == screened(direct.excluded)
    a = load_responses(tmp_path / "a", q.id)
    b = load_responses(tmp_path / "b", q.id)
    pd.testing.assert_frame_equal(a[sorted(a.columns)], b[sorted(b.columns)])


def test_sav_carries_labels_and_missing_codes(q, run_cli, tmp_path: Path) -> None:
    src = tmp_path / "skips.csv"
    src.write_text(
        "序号,TAN1,TAN2,SAT1,COMMENT\n1,4,(跳过),非常满意,服务很好\n2,非常同意,3,2,\n",
        encoding="utf-8",
    )
    out = tmp_path / "skips.sav"
    code, text, _ = run_cli(
        "survey", "export", str(src), "--format", "sav", "--out", str(out), "--lang", "zh-Hant"
    )
    assert code == 0, text
    df, meta = pyreadstat.read_sav(str(out), user_missing=True)
    assert meta.column_names_to_labels["TAN1"] == q.item("TAN1").text.get("zh-Hant")
    assert meta.variable_value_labels["SAT1"][5.0] == "非常滿意"
    assert meta.variable_value_labels["TAN2"][-3.0] == "(跳過)"
    assert meta.missing_ranges["TAN2"] == [{"lo": -3.0, "hi": -3.0}]
    assert df["TAN2"].tolist() == [-3.0, 3.0]
    # another reader: pandas shows the labels and treats the user-missing code as missing
    seen = pd.read_spss(str(out), convert_categoricals=True)
    assert seen["TAN1"].tolist() == ["同意", "非常同意"]
    assert seen["SAT1"].tolist() == ["非常滿意", "不滿意"]
    assert seen["TAN2"].isna().tolist() == [True, False]


def test_dta_carries_labels_and_missing_codes(q, run_cli, tmp_path: Path) -> None:
    src = tmp_path / "skips.csv"
    src.write_text("序号,TAN1,TAN2\n1,4,(跳过)\n2,非常同意,3\n", encoding="utf-8")
    out = tmp_path / "skips.dta"
    code, text, _ = run_cli(
        "survey", "export", str(src), "--format", "dta", "--out", str(out), "--lang", "en"
    )
    assert code == 0, text
    df, meta = pyreadstat.read_dta(str(out), user_missing=True)
    assert meta.variable_value_labels["TAN1"][5] == "Strongly agree"
    assert meta.variable_value_labels["TAN2"]["a"] == "(skipped)"
    assert meta.missing_user_values == {"TAN2": ["a"]}
    assert df["TAN2"].tolist() == ["a", 3.0]
    seen = pd.read_stata(str(out))
    assert seen["TAN1"].tolist() == ["Agree", "Strongly agree"]


@pytest.mark.parametrize("fmt", ["sav", "dta"])
def test_damaged_file_is_one_error_and_nothing_written(run_cli, tmp_path: Path, fmt: str) -> None:
    good = tmp_path / f"good.{fmt}"
    code, text, _ = run_cli("survey", "export", str(CLEAN), "--format", fmt, "--out", str(good))
    assert code == 0, text
    cut = tmp_path / f"cut.{fmt}"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    junk = tmp_path / f"junk.{fmt}"
    junk.write_bytes(b"this is not a data file\n" * 20)
    for bad in (cut, junk):
        ws = tmp_path / f"ws_{bad.stem}"
        code, _, err = run_cli("survey", "import", str(bad), "-w", str(ws))
        assert code == 2
        lines = err.strip().splitlines()
        assert len(lines) == 1, err
        assert lines[0].startswith("error: "), err
        assert ("SPSS .sav" if fmt == "sav" else "Stata .dta") in lines[0]
        assert str(bad) in lines[0]
        assert not (ws / "survey.duckdb").exists()


def test_export_refuses_unknown_format(run_cli, tmp_path: Path) -> None:
    code, _, err = run_cli(
        "survey", "export", str(CLEAN), "--format", "xpt", "--out", str(tmp_path / "x.xpt")
    )
    assert code == 2
    assert err.strip() == "error: --format must be sav or dta, not xpt (field format)"
