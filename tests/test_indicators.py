"""Standard indicators against values written by hand from the documents
(tests/expected/indicators/*.toml; see the README there)."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import SAMPLE

import yusuan
from yusuan.catalogue import load
from yusuan.normalize.indicators import document_indicators, in_wan, indicator_columns

EXPECTED = Path(__file__).parent / "expected" / "indicators"
CORPUS_DOCS = ["js_fayuan_2019_yusuan", "sh_putuo_wanlijiedao_2024_yusuan",
               "sh_putuo_shehuigongzuobu_2024_juesuan"]


def expected(stem: str) -> dict:
    with open(EXPECTED / f"{stem}.toml", "rb") as fh:
        return tomllib.load(fh)


def check_against(doc, want: dict) -> None:
    got = {v.id: v for v in document_indicators(doc)}
    assert (doc.department, doc.year, doc.doc_type) == (want["department"], want["year"], want["doc_type"])
    with_value = {i for i, v in got.items() if v.value is not None}
    assert with_value == set(want["value"]), "indicators with a value differ from the expected ones"
    for id_, (value, *page) in want["value"].items():
        v = got[id_]
        assert v.value == Decimal(value), f"{id_}: {v.value} != {value}"
        if page:
            assert v.page == page[0], f"{id_}: page {v.page} != {page[0]}"
        assert v.table is not None and v.reason is None
    for id_, word in want["missing"].items():
        v = got[id_]
        assert v.value is None and word in v.reason, f"{id_}: {v.value} / {v.reason}"
    # nothing else: every other indicator is a per-类 one the document does not print
    extra = set(got) - set(want["value"]) - set(want["missing"])
    assert not extra, f"unexpected indicators {sorted(extra)}"


def test_sample_indicators(seed_doc):
    check_against(seed_doc, expected(SAMPLE.stem))


@pytest.mark.parametrize("stem", CORPUS_DOCS)
def test_corpus_indicators(corpus, stem):
    check_against(yusuan.read(corpus / f"{stem}.pdf"), expected(stem))


def test_every_corpus_department_document_prints_the_core_indicators(corpus):
    for pdf in sorted(corpus.glob("*.pdf")):
        doc = yusuan.read(pdf)
        if doc.doc_type not in ("预算", "决算") or not doc.tables or "template" in pdf.name:
            continue
        got = {v.id: v for v in document_indicators(doc)}
        if pdf.name.startswith(("hb_", "hlj_")):       # government-level: no department tables
            continue
        for id_ in ("income_total", "expenditure_total"):
            assert got[id_].value is not None, f"{pdf.name}: {id_}: {got[id_].reason}"
        for v in got.values():                       # a value, or a reason: never silently 0
            assert v.value is not None or v.reason, f"{pdf.name}: {v.id}"


def test_a_missing_table_is_a_missing_indicator_never_zero(seed_doc):
    without = replace(seed_doc, tables=tuple(t for t in seed_doc.tables
                                             if t.kind != "three_public_expenses"))
    got = {v.id: v for v in document_indicators(without)}
    for id_ in ("three_public_total", "three_public_outbound", "three_public_reception"):
        assert got[id_].value is None
        assert "no “三公”经费表 in the document" in got[id_].reason
    cols = indicator_columns(without)
    row = cols.data["indicator"].index("three_public_total")
    assert cols.data["value"][row] is None and cols.data["checked"][row] is False


def test_units_convert_exactly():
    assert in_wan(Decimal("156211123"), "元") == Decimal("15621.1123")
    assert str(in_wan(Decimal("0.01"), "元")) == "0.000001"
    assert in_wan(Decimal("1.5"), "亿元") == Decimal("15000")
    assert in_wan(Decimal("3"), "斤") is None


def test_indicators_are_data():
    cat = load("""
[[kind]]
id = "k"
name = "K表"
titles = ["K表"]
[[indicator]]
id = "x"
label = "某指标"
doc_types = ["决算"]
from = [{ kind = "k", row = "like:某", column = "like:甲/乙" }]
""")
    (spec,) = cat.indicators
    assert (spec.id, spec.label, spec.doc_types) == ("x", "某指标", ("决算",))
    assert (spec.sources[0].row, spec.sources[0].column) == ("like:某", "like:甲/乙")
    with pytest.raises(ValueError, match="unknown kind"):
        load('[[indicator]]\nid = "x"\nlabel = "y"\nfrom = [{ kind = "nope" }]\n')


def test_indicator_files_are_written(tmp_path, seed_doc):
    from yusuan.normalize.writers import write_document
    import pandas as pd
    out = write_document(seed_doc, tmp_path, "doc")
    frame = pd.read_csv(out / "indicators.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    row = frame[frame.indicator == "personnel_expenses"].iloc[0]
    assert (row.value, row.unit, row.table_label, row.code, row.checked) == (
        "477.26", "万元", "表6", "301 + 303", "true")
    assert frame[frame.indicator == "procurement_total"].iloc[0].value == ""
    import pyarrow.parquet as pq
    table = pq.read_table(out / "indicators.parquet")
    assert str(table.schema.field("value").type) == "decimal128(38, 6)"
