"""Government-level disclosures (issue 9, class 8): a city's 决算 drawn by tests/govgen.py — a
table with percentage columns, a function table of twelve pages whose ordinals stand in a 序号
column and whose caption repeats on every page — and the catalogue's government kinds."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

import yusuan
from yusuan import catalogue
from yusuan.model import PERCENT
from yusuan.normalize.tables import bare_ordinal_depth, row_paths
from yusuan.normalize.writers import write_document

govgen = pytest.importorskip("govgen", reason="reportlab draws these PDFs (pip install '.[test]')")


@pytest.fixture(scope="module")
def doc(tmp_path_factory):
    path = govgen.draw(tmp_path_factory.mktemp("gov") / "jiangcheng_2024_juesuan.pdf")
    return yusuan.read(path)


def test_a_government_document_says_so(doc):
    assert (doc.department, doc.year, doc.doc_type) == ("江城市", 2024, "政府决算")
    assert [(t.label, t.kind) for t in doc.tables] == [
        ("附件1", "gov_general_income"), ("附件2", "gov_general_expenditure_by_function_local")]


def test_percent_columns_are_a_value_type_of_their_own(doc, tmp_path):
    t = doc.table("附件1")
    assert [c.key for c in t.amount_columns] == ["预算", "决算"]
    assert [c.key for c in t.percent_columns] == ["完成预算%", "增长%"]
    assert all(c.role == PERCENT for c in t.percent_columns)
    rows = {r.name: r for r in t.rows}
    for ordinal, name, _, budget, actual, done, growth in govgen.INCOME:
        row = rows[name]
        assert row.values == {"预算": Decimal(budget), "决算": Decimal(actual)}
        assert row.percents == {"完成预算%": Decimal(done) if done else None,
                                "增长%": Decimal(growth) if growth else None}
    # never summed: no identity covers a percent cell, and the amounts' identities all hold
    covered = {column for c in doc.checks for (_, _, column) in c.cells}
    assert not covered & {"完成预算%", "增长%"}
    mine = [c for c in doc.checks if t.no in c.tables]
    assert mine and all(c.status == "pass" for c in mine)
    # facts: a percentage is a fact with unit %, an amount keeps the table's unit
    out = write_document(doc, tmp_path, "gov")
    facts = pd.read_csv(out / "facts.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    one = facts[(facts.table_no == "1") & (facts.name == "一般公共预算收入")]
    assert dict(zip(one.column, zip(one.value, one.unit))) == {
        "预算": ("1500", "万元"), "决算": ("1600", "万元"),
        "完成预算%": ("106.7", "%"), "增长%": ("5.3", "%")}
    table_csv = pd.read_csv(next((out / "tables").glob("01_*.csv")), dtype=str,
                            keep_default_na=False, encoding="utf-8-sig")
    assert list(table_csv.columns[-5:]) == ["预算", "决算", "完成预算%", "增长%", "page"]


def test_a_table_over_twelve_pages_is_one_table(doc):
    t = doc.table("附件2")
    spec = govgen.function_rows()
    assert t.pages == tuple(govgen.pages_of_function_table()) and len(t.pages) == 12
    assert [(r.ordinal or "", r.name, r.values["决算"]) for r in t.rows] == \
        [(o, n, Decimal(f"{v}.00")) for o, n, v in spec]
    assert [c.key for c in t.columns] == ["项目", "决算"]      # 序号 went into the ordinals
    assert not t.warnings


def test_levels_come_from_the_ordinal_column(doc):
    t = doc.table("附件2")
    want = {"": 0, "一": 1, "（一）": 2, "1": 3}

    def form(ordinal: str) -> str:
        if not ordinal:
            return ""
        return "1" if ordinal.isdigit() else "（一）" if ordinal.startswith("（") else "一"
    assert [r.level for r in t.rows] == [want[form(o)] for o, _, _ in govgen.function_rows()]
    # 行政运行 under each of the 48 款 is told apart by its path of ancestors
    paths = row_paths(t)
    ours = [paths[r.row_no] for r in t.rows if r.name == "行政运行"]
    assert len(ours) == len(set(ours)) == 12 * govgen.GROUPS_PER_CLASS
    assert ours[0] == ("一般公共服务支出", "一般公共服务第一款", "行政运行")
    assert ours[-1] == ("住房保障支出", "住房保障第四款", "行政运行")
    assert paths[1] == ("一般公共预算支出合计",) and paths[2] == ("一般公共服务支出",)
    # every 款 is the sum of its 项, every 类 of its 款, the total of its 类: all checked
    checks = [c for c in doc.checks if t.no in c.tables]
    assert len(checks) == 1 + 12 + 12 * govgen.GROUPS_PER_CLASS
    assert all(c.status == "pass" for c in checks)


@pytest.mark.parametrize("ordinal, depth", [("一", 0), ("二十", 0), ("(一)", 1), ("（十二）", 1),
                                            ("1", 2), ("17", 2), ("(1)", 3)])
def test_bare_ordinals_rank_as_the_outline(ordinal, depth):
    assert bare_ordinal_depth(ordinal) == depth


@pytest.mark.parametrize("title, scope, kind", [
    ("武汉市2024年全市一般公共预算支出决算表", "政府", "gov_general_expenditure"),
    ("2021年哈尔滨市本级一般公共预算收入决算表", "政府", "gov_general_income_local"),
    ("2021年哈尔滨市一般公共预算收入决算表", "政府", "gov_general_income"),
    ("2021年哈尔滨市本级对下政府性基金转移支付补助决算表（分地区）", "政府", "gov_fund_transfer_by_region"),
    ("哈尔滨市本级2021年末政府债务限额情况表", "政府", "gov_debt_limit"),
    ("2022年湖北省地方政府债务限额及余额情况表", "政府", "gov_debt_limit_and_balance"),
    # the same words in a department's document stay a department's kinds
    ("一般公共预算支出决算表", "部门", "general_expenditure_by_function"),
    ("2024年政府性基金预算支出表", "部门", "government_fund_expenditure"),
])
def test_government_titles_get_government_kinds(title, scope, kind):
    assert catalogue.default().match_title(title, scope=scope).id == kind


def test_government_title_markers():
    cat = catalogue.default()
    assert cat.is_government_title("2021年哈尔滨市本级一般公共预算收支决算总表")
    assert cat.is_government_title("武汉市2024年全市一般公共预算支出决算表")
    assert not cat.is_government_title("2024年部门收支总表")


# 附件3-3 of the Harbin 决算 (17 pages): 行政运行 under many 款, each read by hand from the page
# it is printed on, found by its path
HARBIN_PATHS = [
    (("一般公共服务支出", "人大事务", "行政运行"), "2238", 25),
    (("一般公共服务支出", "政协事务", "行政运行"), "1346", 25),
    (("一般公共服务支出", "政府办公厅(室)及相关机构事务", "行政运行"), "11210", 25),
    (("一般公共服务支出", "发展与改革事务", "行政运行"), "4348", 25),
    (("一般公共服务支出", "统计信息事务", "行政运行"), "1886", 25),
    (("一般公共服务支出", "财政事务", "行政运行"), "4863", 25),
    (("社会保障和就业支出", "残疾人事业", "行政运行"), "638", 33),
    (("粮油物资储备支出", "粮油物资事务", "行政运行"), "1594", 40),
    (("粮油物资储备支出", "粮油物资事务", "专项业务活动"), "-500", 40),
    # its 款 heads page 40, its items page 41
    (("灾害防治及应急管理支出", "应急管理事务", "行政运行"), "2135", 41),
]


def test_a_repeated_label_is_identified_by_its_path_in_the_harbin_table(corpus):
    doc = yusuan.read(corpus / "hlj_haerbinshi_2021_juesuan.pdf")
    t = doc.table("附件3-3")
    paths = row_paths(t)
    by_path = {}
    for r in t.rows:
        by_path.setdefault(paths[r.row_no], []).append(r)
    for path, value, page in HARBIN_PATHS:
        rows = by_path.get(path, [])
        assert len(rows) == 1, path
        assert (format(rows[0].values["决算"], "f"), rows[0].page) == (value, page), path


def _raw(*titles):
    from yusuan.model import Column, RawDocument, RawTable
    tables = tuple(RawTable(None, t, (Column(("项目",), "name"),), (), (1,)) for t in titles)
    return RawDocument("x.pdf", "0" * 64, "pdf", 1, tables)


@pytest.mark.parametrize("titles, government", [
    (["2021年哈尔滨市一般公共预算收支决算总表", "2021年哈尔滨市本级一般公共预算收入决算表"], True),
    (["武汉市2024年全市一般公共预算支出决算表"], True),
    # a department's: titles its kinds know as well as (or better than) a government's
    (["2023年部门收支决算总表", "一般公共预算财政拨款支出决算表", "政府性基金预算财政拨款支出决算表"], False),
    (["一般公共预算支出决算表"], False),
    ([], False),
])
def test_whose_document_it_is(titles, government):
    from yusuan.normalize.document import is_government
    assert is_government(_raw(*titles), catalogue.default()) is government


def test_a_caption_marked_continued_continues_its_table(tmp_path):
    doc = yusuan.read(govgen.draw(tmp_path / "continued.pdf", continued="（续）"))
    assert [(t.label, t.title, t.pages) for t in doc.tables][1:] == [
        ("附件2", "2024年江城市本级一般公共预算支出功能分类决算表", tuple(govgen.pages_of_function_table()))]
    assert len(doc.tables[1].rows) == len(govgen.function_rows())
