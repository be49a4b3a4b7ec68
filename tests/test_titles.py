"""Titles (issue 9, class 3) and years (class 11), on PDFs drawn here (tests/pdfdraw.py):
a title wrapped over two lines, second lines under a shared first line, an ordinal, year and
issuer before the title, a label beside the unit, a year printed 2O21, and documents that
print tables of two years. Every title and amount is written by hand below."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

pytest.importorskip("reportlab", reason="reportlab draws these PDFs (pip install '.[test]')")

import duckdb  # noqa: E402

import yusuan  # noqa: E402
from yusuan.catalogue import default as catalogue  # noqa: E402
from yusuan.chars import digit_years, title_keys  # noqa: E402
from yusuan.normalize.writers import write_document  # noqa: E402
from yusuan.store import Store  # noqa: E402

from pdfdraw import Sheet  # noqa: E402

D = Decimal
HEADER = ["项目", "合计", "基本支出", "项目支出"]
ROWS = [["合计", "9.00", "6.00", "3.00"], ["行政运行", "9.00", "6.00", "3.00"]]


def table(s: Sheet, rows=None) -> Sheet:
    s.line_pair("单位名称：测试局", "单位：万元")
    return s.table(HEADER, rows or ROWS)


def read(s: Sheet):
    return yusuan.read(s.save())


# --------------------------------------------------------------- titles over two lines

def test_a_second_line_in_brackets_belongs_to_the_title(tmp_path):
    s = Sheet(tmp_path / "two_lines.pdf")
    s.text("表5", size=10)
    s.title("2024年财政拨款支出表")
    s.text("（功能分类）", align="centre", size=10)
    table(s).page()
    s.text("表6", size=10)
    s.title("2024年财政拨款基本支出表")
    s.text("（经济分类）", align="centre", size=10)
    table(s)
    doc = read(s)
    assert [(t.label, t.title, t.kind) for t in doc.tables] == [
        ("表5", "2024年财政拨款支出表（功能分类）", "fiscal_expenditure_by_function"),
        ("表6", "2024年财政拨款基本支出表（经济分类）", "fiscal_basic_by_economic")]


def test_tables_under_one_first_line_each_get_their_second_line(tmp_path):
    s = Sheet(tmp_path / "shared.pdf")
    s.title("2024年一般公共预算支出表")
    s.text("（功能分类）", align="centre", size=10)
    table(s)
    s.text("（经济分类）", align="centre", size=10)
    table(s, [["合计", "4.00", "4.00", ""], ["办公费", "4.00", "4.00", ""]])
    doc = read(s)
    assert [t.title for t in doc.tables] == ["2024年一般公共预算支出表（功能分类）",
                                             "2024年一般公共预算支出表（经济分类）"]
    assert [r.name for r in doc.tables[1].rows] == ["合计", "办公费"]
    assert not any("without a title" in w for t in doc.tables for w in t.warnings)


def test_a_title_wrapped_over_two_lines_is_one_title(tmp_path):
    s = Sheet(tmp_path / "wrapped.pdf")
    s.text("公开07表", size=10)
    s.title("2024年部门一般公共预算")
    s.title("基本支出预算表")
    table(s)
    doc = read(s)
    assert [(t.label, t.title, t.kind) for t in doc.tables] == [
        ("公开07表", "2024年部门一般公共预算基本支出预算表", "general_basic_by_economic")]


def test_a_sentence_above_a_title_is_not_part_of_it(tmp_path):
    s = Sheet(tmp_path / "sentence.pdf")
    s.title("以下为本部门预算，单位为万元。")
    s.title("2024年部门收支总表")
    table(s)
    assert [t.title for t in read(s).tables] == ["2024年部门收支总表"]


# --------------------------------------------------------------- what stands before a title

@pytest.mark.parametrize("title, kind", [
    ("一、2017年度江苏省高级人民法院部门收支预算总表", "income_expenditure_summary"),
    ("二、2017年度江苏省高级人民法院部门收入预算总表", "income_summary"),
    ("（三）2017年度江苏省高级人民法院部门支出预算总表", "expenditure_summary"),
    ("4.江苏省高级人民法院2017年财政拨款收支预算总表", "fiscal_summary"),
])
def test_an_ordinal_year_and_issuer_before_a_title_keep_its_kind(title, kind):
    assert catalogue().match_title(title).id == kind


def test_prose_ending_in_a_known_title_is_not_taken_for_its_issuer():
    # 详见 is no issuer: the tail 部门收支总表 is not tried on its own
    assert title_keys("详见部门收支总表") == ("详见部门收支总表",)


def test_a_titled_table_with_an_ordinal_and_issuer_gets_its_kind(tmp_path):
    s = Sheet(tmp_path / "issuer.pdf")
    s.title("一、2017年度江苏省高级人民法院部门收支预算总表")
    table(s)
    doc = read(s)
    assert [(t.title, t.kind) for t in doc.tables] == [
        ("一、2017年度江苏省高级人民法院部门收支预算总表", "income_expenditure_summary")]
    assert doc.year == 2017


def test_a_label_may_share_its_line_with_the_unit(tmp_path):
    s = Sheet(tmp_path / "label_unit.pdf")
    s.title("2024年部门收支总表")
    s.line_pair("表二", "单位：万元")
    s.table(HEADER, ROWS)
    doc = read(s)
    assert [(t.label, t.title, t.unit) for t in doc.tables] == [("表二", "2024年部门收支总表", "万元")]


def test_a_label_and_title_may_share_their_line_with_the_unit(tmp_path):
    s = Sheet(tmp_path / "label_title_unit.pdf")
    s.line_pair("表3  部门支出总表", "单位：元")
    s.table(HEADER, ROWS)
    doc = read(s)
    assert [(t.label, t.title, t.kind, t.unit) for t in doc.tables] == [
        ("表3", "部门支出总表", "expenditure_summary", "元")]


# --------------------------------------------------------------- years

def test_digit_years():
    assert digit_years("2O21年哈尔滨市一般公共预算收入决算表") == "2021年哈尔滨市一般公共预算收入决算表"
    assert digit_years("2o19年度") == "2019年度"
    assert digit_years("OO2O年 COVID-19 2O21") == "OO2O年 COVID-19 2O21"    # not before 年


def test_a_year_printed_with_the_letter_o_is_a_year(tmp_path):
    s = Sheet(tmp_path / "letter_o.pdf")
    s.title("测试市2O21年部门决算")
    s.page()
    s.text("表1", size=10)
    s.title("2O21年部门收支决算总表")
    table(s)
    doc = read(s)
    t = doc.tables[0]
    assert (t.title, t.kind, t.year) == ("2021年部门收支决算总表", "income_expenditure_summary", 2021)
    assert (doc.year, doc.doc_type) == (2021, "决算")


def _mixed_years(tmp_path):
    """A 2026 budget that prints 2025's execution first."""
    s = Sheet(tmp_path / "mixed.pdf")
    s.text("表1", size=10)
    s.title("2025年部门收支总表")
    table(s, [["合计", "8.00", "5.00", "3.00"], ["行政运行", "8.00", "5.00", "3.00"]]).page()
    s.text("表2", size=10)
    s.title("2026年部门收支总表")
    table(s).page()
    s.text("表3", size=10)
    s.title("2026年部门支出总表")
    table(s).page()
    s.text("表4", size=10)
    s.title("部门收入总表")                     # no year of its own: the document's
    table(s)
    return read(s)


def test_each_table_has_the_year_of_its_title(tmp_path):
    doc = _mixed_years(tmp_path)
    assert doc.year == 2026
    assert [(t.label, t.year) for t in doc.tables] == [("表1", 2025), ("表2", 2026), ("表3", 2026),
                                                       ("表4", 2026)]
    out = write_document(doc, tmp_path / "out", "mixed")
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert [(t["label"], t["year"]) for t in manifest["tables"]] == [
        ("表1", 2025), ("表2", 2026), ("表3", 2026), ("表4", 2026)]
    facts = doc.facts()
    assert list(facts.columns)[-2:] == ["year", "labels"]      # appended: year, then labels
    assert sorted({(r.table_label, r.year) for r in facts.itertuples()}) == [
        ("表1", 2025), ("表2", 2026), ("表3", 2026), ("表4", 2026)]
    header = (out / "facts.csv").read_text("utf-8-sig").splitlines()[0]
    assert header.endswith(",checked,year,labels")
    import pyarrow.parquet as pq
    assert pq.read_table(out / "facts.parquet").column("year").to_pylist()[:3] == [2025] * 3
    one = facts[(facts.table_label == "表1") & (facts.name == "合计") & (facts.column == "合计")]
    assert list(one.value) == [D("8.00")]


def test_the_store_keeps_each_facts_year(tmp_path):
    doc = _mixed_years(tmp_path)
    with Store(tmp_path / "s.duckdb") as st:
        st.load(doc, "test")
        assert st.con.execute("SELECT table_label, year, count(*) FROM facts GROUP BY ALL "
                              "ORDER BY table_label").fetchall() == [
            ("表1", 2025, 6), ("表2", 2026, 6), ("表3", 2026, 6), ("表4", 2026, 6)]


def test_a_store_made_before_facts_had_a_year_is_migrated(tmp_path):
    from yusuan import store
    db = tmp_path / "old.duckdb"
    Store(db).close()
    con = duckdb.connect(str(db))          # the store as version 1 left it: facts without year
    con.execute("ALTER TABLE facts DROP COLUMN year")
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.close()
    doc = _mixed_years(tmp_path)
    with Store(db) as st:
        st.load(doc, "test")
        assert st.con.execute("SELECT DISTINCT year FROM facts ORDER BY year").fetchall() == [
            (2025,), (2026,)]
    con = duckdb.connect(str(db))
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall() == [
        (str(store.SCHEMA_VERSION),)]
    con.close()


# --------------------------------------------------------------- the Harbin 决算 (corpus)

def test_harbin_years_printed_with_the_letter_o(corpus):
    """哈尔滨市 2021 决算: the text layer holds most table titles' year as 2O21 (p. 21, 23–42,
    49–53, 68 …), a few as 2021 (p. 19, 20). Titles written by hand from the pages."""
    path = corpus / "hlj_haerbinshi_2021_juesuan.pdf"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    doc = yusuan.read(path)
    assert (doc.year, doc.doc_type) == (2021, "政府决算")
    on_page = {p: t for t in doc.tables for p in t.pages}
    assert on_page[19].title == "2021年哈尔滨市一般公共预算收支决算总表"
    assert on_page[21].title == "2021年哈尔滨市一般公共预算收入决算表"
    assert on_page[25].title == "2021年哈尔滨市本级一般公共预算支出决算表（功能分类）"
    assert on_page[43].title == "2021年哈尔滨市本级对下一般公共预算税收返还和转移支付补助决算表（分项目）"
    assert on_page[68].title == "2021年哈尔滨市本级“三公”经费和会议费支出决算表"
    assert not [t.title for t in doc.tables if "2O21" in t.title]
    assert {t.year for t in doc.tables} == {2021}


def test_a_second_line_in_brackets_belongs_to_the_title_in_a_text_dump(tmp_path):
    dump = tmp_path / "two_lines.txt"
    dump.write_text("表5\n2024年财政拨款支出表\n（功能分类）\n单位：万元\n"
                    "项目  合计  基本支出  项目支出\n合计  9.00  6.00  3.00\n"
                    "行政运行  9.00  6.00  3.00\n", encoding="utf-8")
    doc = yusuan.read(dump)
    assert [(t.label, t.title, t.kind, t.unit) for t in doc.tables] == [
        ("表5", "2024年财政拨款支出表（功能分类）", "fiscal_expenditure_by_function", "万元")]
    assert [r.name for r in doc.tables[0].rows] == ["合计", "行政运行"]
