"""The reference document, end to end: every amount cell of its 12 tables in facts.csv, under
the right row and header path, against tests/expected/taishan_2024_tables.txt (written by hand
from the document)."""

from __future__ import annotations

import json

import expected_tables
import pandas as pd
import pytest
from conftest import SAMPLE, facts_of

import yusuan
from yusuan.normalize.writers import write_document


@pytest.fixture(scope="module")
def seed_out(tmp_path_factory, seed_doc):
    out = tmp_path_factory.mktemp("out")
    return write_document(seed_doc, out, SAMPLE.stem, version=yusuan.__version__)


def test_every_amount_cell_matches_the_hand_written_tables(seed_out, expected):
    got = facts_of(seed_out / "facts.csv")
    want = expected_tables.facts(expected)
    assert len(want) == 654
    missing, extra = want - got, got - want
    assert not missing and not extra, (sorted(missing)[:5], sorted(extra)[:5])


def test_tables_labels_titles_kinds_pages_units_notes(seed_doc, expected):
    assert len(seed_doc.tables) == 12
    for t, e in zip(seed_doc.tables, expected):
        assert (t.no, t.label, t.title, t.kind, t.pages, t.unit, t.note) == \
            (e.no, e.label, e.title, e.kind, e.pages, e.unit, e.note)
        assert [(c.key, c.role) for c in t.columns] == e.header


def test_document_facts(seed_doc):
    assert seed_doc.department == "台山市总工会"
    assert seed_doc.year == 2024
    assert seed_doc.doc_type == "预算"
    assert seed_doc.unit == "万元"
    assert seed_doc.page_count == 23
    assert seed_doc.reader == "text-plain"


def test_rows_know_their_page_across_continued_tables(seed_doc):
    t2 = seed_doc.table("表2")
    assert t2.pages == (6, 7)
    assert [r.page for r in t2.rows if r.code == "2210201"] == [7]
    t12 = seed_doc.table("表12")
    assert [(r.name, r.page) for r in t12.rows][-1] == ("台山市总工会2024年省级困难职工帮扶专项经费", 19)


def test_wrapped_labels_rejoined_not_merged(seed_doc):
    names = [r.name for r in seed_doc.table("表2").rows]
    assert "机关事业单位基本养老保险缴费支出" in names
    assert "机关事业单位职业年金缴费支出" in names
    assert names.count("其他社会保障和就业支出") == 2     # 20899 and 2089999 stay two rows
    assert len(names) == 21
    assert [r.name for r in seed_doc.table("表11").rows][-1] == "对个人和家庭补助支出"


def test_codes_levels_parents(seed_doc):
    rows = {r.code: r for r in seed_doc.table("表5").rows if r.code}
    assert (rows["208"].level, rows["20805"].level, rows["2080505"].level) == (1, 2, 3)
    assert rows["2080505"].parent_code == "20805" and rows["20805"].parent_code == "208"
    assert rows["201"].parent_code is None
    assert {r.code_system for r in rows.values()} == {"function"}
    econ = {r.code: r for r in seed_doc.table("表6").rows if r.code}
    assert econ["30101"].code_system == "economic" and econ["30101"].level == 2
    assert econ["30101"].parent_code == "301"


def test_table12_performance_text_belongs_to_its_row(seed_doc):
    rows = seed_doc.table("表12").rows
    texts = [r.texts["绩效目标"] for r in rows]
    assert texts[0].startswith("目标1：加强学习") and texts[0].endswith("加强基层工会规范化建设。")
    assert texts[2].startswith("每年春节前开展送温暖活动") and texts[2].endswith("送到广大职工群众的心坎上。")
    assert texts[4] == ("通过实施本项目,对当年建档立卡的市直困难职工开展生活救助、医疗救助、金秋助学等"
                        "一系列帮扶措施，减轻职工负担，提高职工生活质量。")


def test_two_sided_tables_become_one_item_per_row(seed_doc):
    frame = seed_doc.table("表1").to_frame()
    assert list(frame.columns[:3]) == ["row_no", "side", "code"]
    assert "预算" in frame.columns
    assert (frame["side"] == "收入").sum() == 8 and (frame["side"] == "支出").sum() == 28
    total = frame[(frame["side"] == "支出") & (frame["name"] == "支出总计")]
    assert str(total["预算"].iloc[0]) == "534.77"


def test_outputs_written(seed_out):
    files = sorted(p.name for p in (seed_out / "tables").iterdir())
    assert len(files) == 24
    assert files[0] == "01_收支总体情况表.csv" and files[1] == "01_收支总体情况表.parquet"
    assert (seed_out / "facts.parquet").exists()
    raw = (seed_out / "tables" / "05_一般公共预算支出情况表（按功能分类科目）.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")                 # BOM for Excel
    header = raw.decode("utf-8-sig").splitlines()[0].split(",")
    assert header == ["row_no", "code", "name", "ordinal", "level", "parent_code",
                      "一般公共预算支出/小计", "一般公共预算支出/基本支出", "一般公共预算支出/项目支出", "page"]


def test_parquet_amounts_are_decimals(seed_out):
    import pyarrow.parquet as pq
    from decimal import Decimal
    facts = pq.read_table(seed_out / "facts.parquet")
    assert str(facts.schema.field("value").type) == "decimal128(38, 6)"
    values = facts.column("value").to_pylist()
    assert Decimal("534.77") in values and all(v is None or isinstance(v, Decimal) for v in values)
    t5 = pq.read_table(seed_out / "tables" / "05_一般公共预算支出情况表（按功能分类科目）.parquet")
    assert str(t5.schema.field("一般公共预算支出/小计").type) == "decimal128(38, 6)"


def test_manifest(seed_out, seed_doc):
    m = json.loads((seed_out / "manifest.json").read_text("utf-8"))
    assert m["source"]["sha256"] == seed_doc.sha256 and m["source"]["pages"] == 23
    assert m["document"] == {"department": "台山市总工会", "year": 2024, "doc_type": "预算", "unit": "万元",
                             "scope": "部门", "department_key": "台山市总工会", "region": "台山市"}
    assert m["yusuan_version"] == yusuan.__version__
    t9 = m["tables"][8]
    assert (t9["label"], t9["title"], t9["kind"], t9["pages"], t9["rows"], t9["columns"], t9["note"]) == \
        ("表9", "政府性基金预算支出情况表", "government_fund_expenditure", [15], 1, 5, "本表本年无发生额。")
    assert all(t["warnings"] == [] for t in m["tables"])
    assert m["facts"]["rows"] == 654


def test_facts_frame_matches_csv(seed_doc, seed_out):
    frame = seed_doc.facts()
    assert len(frame) == 654
    csv = pd.read_csv(seed_out / "facts.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(csv.columns) == list(frame.columns)
