"""Checks that tell the truth (issue 10): each family catches an error planted in an edited copy
of a document, a difference within the rounding of the printed amounts passes flagged as
such, a row without a code is checked by its indentation, and facts no passing identity
covers stay `checked = false`.

The reference document is samples/taishan_zonggonghui_2024_yusuan.txt (万元, two decimals:
each printed amount may be off by 0.005). Every expected figure is added up by hand from its
pages; the comments show the sums."""

from __future__ import annotations

import dataclasses
from collections import Counter
from decimal import Decimal

import yusuan
from yusuan.catalogue import default as default_catalogue
from yusuan.model import FAIL, PASS, SKIP, Column, Document, Row, Table
from yusuan.normalize.checks import half_unit, run_checks

from conftest import SAMPLE

D = Decimal
TEXT = SAMPLE.read_text("utf-8")


def edited(tmp_path, *edits: tuple[str, str, str]) -> yusuan.Document:
    """The reference dump with each (section, old, new): `old` replaced by `new` once, at its
    first occurrence after the line `section` (a table label such as 表4, or "" for anywhere)."""
    text = TEXT
    for section, old, new in edits:
        start = text.index(f"\n{section}\n") if section else 0
        at = text.index(old, start)
        text = text[:at] + new + text[at + len(old):]
    path = tmp_path / "edited.txt"
    path.write_text(text, "utf-8")
    return yusuan.read(path)


def failed(doc) -> list[tuple[str, str]]:
    return sorted((c.name, c.rule) for c in doc.checks if c.status == FAIL)


# ------------------------------------------------------------------ the reference document

def test_the_reference_document_runs_the_checks_counted_from_its_pages(seed_doc):
    """Every amount cell of the reference prints a number (0.00 included), so every column
    takes part. Counted table by table from the dump:
    hierarchy 232: 表2 10 code parents (201, 20129, 208, 20805, 20808, 20899, 210, 21011, 221,
      22102) × 12 amount columns (120); 表3 × 7 (70); 表5 × 3 (30); 表6 301, 302, 303 (3); 表7
      303 (1); 表8 “三公”经费 ≥ 其中 (一)+(二)+(三) and (二) = 1. + 2., × 4 columns (8)
    total 59: 表1 4 (本年收入合计, 收入总计, 本年支出合计, 支出总计); 表2 合计 × 12; 表3 × 7; 表4 3; 表5 × 3;
      表6, 表7 1 each; 表11, 表12 合计 = 台山市总工会-小计 and 小计 = its 3 items, × 7 columns (14 each)
    columns 92: 21 rows each of 表2, 表3, 表5 (63); 表8 7 rows; 表9, 表10 1 row; 表11, 表12 5 rows × 2
      groups (财政拨款/合计; 总计) (10 each)
    balance 2: 表1, 表4
    cross_table 15 + 2 skipped: 收入 and 支出 totals of 表2/表3 against 表1 (2), 4 类 of 表1 against
      表3 and of 表4 against 表5 (8), 财政拨款 income, 基本支出 表5/表6, 项目支出 表5/表7, 表3 against
      表11 and 表12 (5); 表1 prints no 基本支出 / 项目支出 rows (2 skipped)
    prose 7: 收入预算534.77万元 and 支出预算 (p.20) on 表1; 机关运行经费, “三公”经费 and its three parts
      (p.21) on 表8"""
    got = Counter((c.name, c.status) for c in seed_doc.checks)
    assert got == {("hierarchy", PASS): 232, ("total", PASS): 59, ("columns", PASS): 92,
                   ("balance", PASS): 2, ("cross_table", PASS): 15, ("cross_table", SKIP): 2,
                   ("prose", PASS): 7}
    assert not any(c.rounding for c in seed_doc.checks)        # every sum is exact here


def test_half_a_unit_of_the_last_printed_place():
    assert half_unit(D("534.77")) == D("0.005")
    assert half_unit(D("24840779")) == D("0.5")
    assert half_unit(D("17192")) == D("0.5")
    assert half_unit(D("1.5")) == D("0.05")
    assert half_unit(D("0.00")) == 0 and half_unit(D("0")) == 0 and half_unit(None) == 0


# ------------------------------------------------------------------ one planted error per family

def test_hierarchy_by_code(tmp_path):
    # 表5 p.11 prints 2080505 as 31.64 in 小计 and 基本支出: 125.98 + 31.64 + 15.32 = 172.94 ≠ 171.94
    doc = edited(tmp_path, ("表5", "　　[2080505]机关事业单位基本养老保险缴费支出 30.64 30.64 0.00",
                            "　　[2080505]机关事业单位基本养老保险缴费支出 31.64 31.64 0.00"))
    assert failed(doc) == [
        ("hierarchy", "表5: 20805 行政事业单位养老支出 = 2080501 + 2080505 + 2080506 [一般公共预算支出/基本支出]"),
        ("hierarchy", "表5: 20805 行政事业单位养老支出 = 2080501 + 2080505 + 2080506 [一般公共预算支出/小计]")]


def test_hierarchy_of_rows_without_codes_by_indentation(tmp_path):
    """表8 p.14 prints no codes: （二）公务用车购置及运行维护支出 0.00 is the sum of the rows indented
    under it, 1.公务用车购置费 and 2.公务用车运行维护费. Printing 1. as 0.50 (合计 and 一般公共预算):
    0.50 + 0.00 ≠ 0.00."""
    doc = edited(tmp_path, ("表8", "1.公务用车购置费 0.00 0.00 0.00 0.00", "1.公务用车购置费 0.50 0.50 0.00 0.00"))
    assert failed(doc) == [
        ("hierarchy", "表8: 公务用车购置及运行维护支出 = 公务用车购置费 + 公务用车运行维护费 [一般公共预算]"),
        ("hierarchy", "表8: 公务用车购置及运行维护支出 = 公务用车购置费 + 公务用车运行维护费 [合计]")]
    c = next(c for c in doc.checks if c.status == FAIL and c.rule.endswith("[合计]"))
    assert (c.expected, c.found, c.pages) == (D("0.50"), D("0.00"), (14,))


def test_a_partial_breakdown_introduced_by_of_which(tmp_path):
    """“三公”经费 0.00 其中：（一）（二）（三）: its parts may not exceed it. Printing （一）因公出国（境）
    支出 as 0.30 breaks it in 合计 and 一般公共预算, and the 因公出国（境）费 the text states (p.21:
    0万元) no longer agrees with 表8."""
    doc = edited(tmp_path, ("表8", "（一）因公出国（境）支出 0.00 0.00 0.00 0.00", "（一）因公出国（境）支出 0.30 0.30 0.00 0.00"))
    got = failed(doc)
    assert [n for n, _ in got] == ["hierarchy", "hierarchy", "prose"]
    assert got[0][1] == "表8: “三公”经费 ≥ 因公出国（境）支出 + 公务用车购置及运行维护支出 + 公务接待费支出 [一般公共预算]"
    assert got[1][1].endswith("[合计]") and "因公出国（境）" in got[2][1]
    h = next(c for c in doc.checks if c.status == FAIL and c.rule.endswith("[合计]"))
    assert (h.expected, h.found) == (D("0.30"), D("0.00"))      # 0.30 + 0.00 + 0.00 > 0.00


def test_total(tmp_path):
    # 表6 p.12 合计 printed 489.76 against 332.28 + 12.41 + 144.98 = 489.67; 表5's 基本支出 合计
    # 489.67 no longer agrees with it either
    doc = edited(tmp_path, ("表6", "合计 489.67", "合计 489.76"))
    assert failed(doc) == [
        ("cross_table", "基本支出: function table total = economic table total: 表5 合计 = 表6 合计"),
        ("total", "表6: 合计 = 301 + 302 + 303 [预算]")]
    t = next(c for c in doc.checks if c.status == FAIL and c.name == "total")
    assert (t.expected, t.found, t.difference) == (D("489.67"), D("489.76"), D("0.09"))


def test_columns(tmp_path):
    # 表9 p.15 prints its one row 合计 0.00 = 基本支出 0.00 + 项目支出 0.10
    doc = edited(tmp_path, ("表9", "合计 0.00 0.00 0.00", "合计 0.00 0.00 0.10"))
    assert failed(doc) == [("columns", "表9 合计: 政府性基金预算支出/小计 = 政府性基金预算支出/基本支出 + "
                                       "政府性基金预算支出/项目支出")]


def test_balance(tmp_path):
    # 表4 p.10 with 结转下年 1.00 and 支出总计 535.77: its own total holds (534.77 + 1.00), but
    # 支出总计 535.77 ≠ 收入总计 534.77
    doc = edited(tmp_path, ("表4", "二十四、结转下年 0.00", "二十四、结转下年 1.00"),
                 ("表4", "收入总计 534.77 支出总计 534.77", "收入总计 534.77 支出总计 535.77"))
    assert failed(doc) == [("balance", "表4: 支出总计 = 收入总计")]


def test_cross_table(tmp_path):
    # 表7 p.13 consistent in itself (46.10 = 303 46.10 = 30.00 + 16.10) but 表5's 项目支出 合计 says 45.10
    doc = edited(tmp_path, ("表7", "合计 45.10", "合计 46.10"),
                 ("表7", "[303]对个人和家庭的补助 45.10", "[303]对个人和家庭的补助 46.10"),
                 ("表7", "　[30306]救济费 29.00", "　[30306]救济费 30.00"))
    assert failed(doc) == [("cross_table", "项目支出: function table total = economic table total: 表5 合计 = 表7 合计")]
    c = next(c for c in doc.checks if c.status == FAIL)
    assert (c.expected, c.found) == (D("46.10"), D("45.10"))


def test_prose(tmp_path):
    # p.20 states 收入预算534.87万元 while 表1 prints 收入总计 534.77 (p.5)
    doc = edited(tmp_path, ("", "本部门收入预算534.77万元", "本部门收入预算534.87万元"))
    got = failed(doc)
    assert len(got) == 1 and got[0][0] == "prose" and "收入预算534.87万元" in got[0][1]
    c = next(c for c in doc.checks if c.status == FAIL)
    assert (c.expected, c.found, c.pages) == (D("534.77"), D("534.87"), (5, 20))


# ------------------------------------------------------------------ rounding

def test_a_difference_within_rounding_passes_flagged_and_beyond_it_fails(tmp_path):
    """表5 20805 小计 printed 171.95 against 125.98 + 30.64 + 15.32 = 171.94: four amounts of two
    decimals may be 0.02 apart, so it passes, flagged as rounding (and so do the 208 sum and its
    own row's 小计 = 基本支出 + 项目支出); 172.04 (0.10 apart) fails."""
    line = "　[20805]行政事业单位养老支出 171.94 171.94 0.00"
    near = edited(tmp_path, ("表5", line, line.replace("171.94 171.94", "171.95 171.94")))
    assert failed(near) == []
    rounding = sorted(c.rule for c in near.checks if c.rounding)
    assert rounding == sorted([
        "表5 20805 行政事业单位养老支出: 一般公共预算支出/小计 = 一般公共预算支出/基本支出 + 一般公共预算支出/项目支出",
        "表5: 20805 行政事业单位养老支出 = 2080501 + 2080505 + 2080506 [一般公共预算支出/小计]",
        "表5: 208 社会保障和就业支出 = 20805 + 20808 + 20899 [一般公共预算支出/小计]"])
    c = next(c for c in near.checks if c.rounding and c.rule.startswith("表5: 20805"))
    assert (c.status, c.difference, c.tolerance) == (PASS, D("0.01"), D("0.020"))
    assert c.as_dict()["rounding"] is True
    assert near.check_summary["rounding"] == 3
    far = edited(tmp_path, ("表5", line, line.replace("171.94 171.94", "172.04 171.94")))
    assert "表5: 20805 行政事业单位养老支出 = 2080501 + 2080505 + 2080506 [一般公共预算支出/小计]" in \
        [r for _, r in failed(far)]


# ------------------------------------------------------------------ checked facts

def test_facts_no_passing_identity_covers_are_not_checked(seed_doc):
    """表5 2080505 基本支出 read as 30.46 instead of 30.64: the two identities that cover that
    cell (20805's 基本支出, the row's 小计 = 基本支出 + 项目支出) fail, so that one fact — and no
    other — is `checked = false`; 20805's own 基本支出 is still vouched for by 208 = 20805 + …"""
    t5 = seed_doc.tables[4]
    rows = [dataclasses.replace(r, values={**r.values, "一般公共预算支出/基本支出": D("30.46")})
            if r.code == "2080505" else r for r in t5.rows]
    tables = list(seed_doc.tables)
    tables[4] = dataclasses.replace(t5, rows=tuple(rows))
    doc = dataclasses.replace(seed_doc, tables=tuple(tables), checks=())
    doc = dataclasses.replace(doc, checks=run_checks(doc, default_catalogue(), doc.prose))
    facts = doc.facts()
    unchecked = facts[~facts.checked]
    assert [(r.table_no, r.code, r.column) for r in unchecked.itertuples()] == [
        (5, "2080505", "一般公共预算支出/基本支出")]
    assert facts.checked.sum() == len(facts) - 1


def test_a_table_whose_checks_cannot_run_leaves_its_facts_unchecked(corpus):
    """上海市普陀区委社会工作部 2024 决算 p.14: the 财政拨款“三公”经费支出决算表 prints its header and
    a row of blank cells (本表无数据): every check over them is skipped, so none of its facts
    is vouched for; 收入决算表 p.6–7, whose every cell some passing identity covers, is."""
    doc = yusuan.read(corpus / "sh_putuo_shehuigongzuobu_2024_juesuan.pdf")
    facts = doc.facts()
    three = facts[facts.table_no == 7]
    assert len(three) > 0 and not three.checked.any()
    assert facts[facts.table_no == 2].checked.all()


# ------------------------------------------------------------------ 决算 rules

def _juesuan(corpus):
    return yusuan.read(corpus / "sh_putuo_shehuigongzuobu_2024_juesuan.pdf")


def _set(doc, kind: str, changes: dict) -> Document:
    """doc with rows of the table of `kind` changed, {(side, row name): {column: value}}: the
    last row of that side so named (一般公共预算财政拨款 is an item of 本年收入合计 and, printed
    again under 年初财政拨款结转和结余, a part of it)."""
    tables = []
    for t in doc.tables:
        if t.kind == kind:
            last = {(r.side, r.name): r.row_no for r in t.rows}
            rows = []
            for r in t.rows:
                new = changes.get((r.side, r.name)) if last[(r.side, r.name)] == r.row_no else None
                rows.append(dataclasses.replace(r, values={**r.values, **{k: D(v) for k, v in new.items()}})
                            if new else r)
            t = dataclasses.replace(t, rows=tuple(rows))
        tables.append(t)
    doc = dataclasses.replace(doc, tables=tuple(tables), checks=())
    return dataclasses.replace(doc, checks=run_checks(doc, default_catalogue(), doc.prose))


def test_a_breakdown_of_carry_overs_is_not_added_twice(corpus):
    """财政拨款收入支出决算总表 p.11 prints 年初财政拨款结转和结余 and under it 一、一般公共预算财政拨款,
    二、政府性基金预算财政拨款, 三、国有资本经营预算财政拨款 (all blank in this document). With
    年初 10.00 = 一般公共预算财政拨款 10.00 and 总计 317.82 = 307.82 + 10.00 (and the spending side
    年末 10.00, 总计 317.82) every check holds; 一般公共预算财政拨款 9.00 breaks the breakdown only."""
    doc = _juesuan(corpus)
    inc, out = "收入/决算数", "支出/合计"
    ok = {("收入", "年初财政拨款结转和结余"): {inc: "10.00"}, ("收入", "一般公共预算财政拨款"): {inc: "10.00"},
          ("收入", "总计"): {inc: "317.82"},
          ("支出", "年末财政拨款结转和结余"): {out: "10.00", "支出/一般公共预算财政拨款": "10.00"},
          ("支出", "总计"): {out: "317.82", "支出/一般公共预算财政拨款": "317.82"}}
    table = next(t for t in doc.tables if t.kind == "fiscal_summary")
    assert {(r.side, r.name) for r in table.rows} >= set(ok)
    good = _set(doc, "fiscal_summary", ok)
    assert failed(good) == []
    total = next(c for c in good.checks if c.rule.startswith("财政拨款收入支出决算总表: 总计 = ") and c.rule.endswith("[收入/决算数]"))
    assert total.rule == "财政拨款收入支出决算总表: 总计 = 本年收入合计 + 年初财政拨款结转和结余 [收入/决算数]"
    assert (total.expected, total.found) == (D("317.82"), D("317.82"))
    bad = _set(doc, "fiscal_summary", {**ok, ("收入", "一般公共预算财政拨款"): {inc: "9.00"}})
    assert failed(bad) == [("hierarchy", "财政拨款收入支出决算总表: 年初财政拨款结转和结余 = 一般公共预算财政拨款 + "
                                         "政府性基金预算财政拨款 + 国有资本经营预算财政拨款 [收入/决算数]")]


def test_juesuan_income_table_adds_up_to_this_years_income(corpus):
    """With 年初结转和结余 5.00 (总计 312.82 on both sides of 收入支出决算总表 p.5), 收入决算表 合计 307.82
    still equals 本年收入合计 307.82 (a 预算 rule comparing it with 总计 would fail); 收入决算表 p.6
    printing 合计 307.92 in 本年收入合计 fails that identity, its own 合计 = 201 + 208 + 210 + 221
    and its row's 本年收入合计 = 财政拨款收入 + …"""
    doc = _juesuan(corpus)
    carry = {("收入", "年初结转和结余"): {"收入/决算数": "5.00"}, ("收入", "总计"): {"收入/决算数": "312.82"},
             ("支出", "年末结转和结余"): {"支出/决算数": "5.00"}, ("支出", "总计"): {"支出/决算数": "312.82"}}
    good = _set(doc, "income_expenditure_summary", carry)
    assert failed(good) == []
    income = next(c for c in good.checks if c.rule.startswith("income: "))
    assert income.rule == "income: 收入决算表 total = 收入支出决算总表 本年收入合计: 收入决算表 合计 = 收入支出决算总表 本年收入合计"
    bad = _set(good, "income_summary", {(None, "合计"): {"本年收入合计": "307.92"}})
    assert [n for n, _ in failed(bad)] == ["columns", "cross_table", "total"]
    assert (next(c for c in bad.checks if c.status == FAIL and c.name == "cross_table").found) == D("307.92")


# ------------------------------------------------------------------ columns that are not amounts

def test_percentage_columns_never_enter_an_amount_identity():
    """A 决算 table printing 决算数为预算数的% beside its amounts: 合计 = 201 + 208 holds in the
    amount columns; the % column (100.00 + 50.00 ≠ 80.00) is not summed."""
    cols = (Column(("项目",), "name"), Column(("预算数",)), Column(("决算数",)),
            Column(("决算数为预算数的%",)))
    def row(n, name, level, a, b, pct):
        return Row(n, 1, name, {"预算数": D(a), "决算数": D(b), "决算数为预算数的%": D(pct)}, level=level)
    table = Table(1, None, "一般公共预算支出决算表", None, "万元", cols,
                  (row(1, "合计", 0, "30.00", "24.00", "80.00"), row(2, "一般公共服务支出", 1, "10.00", "10.00", "100.00"),
                   row(3, "社会保障和就业支出", 1, "20.00", "14.00", "70.00")), (1,))
    doc = Document("x.pdf", "0" * 64, "pdf", 1, (table,), doc_type="决算")
    checks = run_checks(doc, default_catalogue())
    assert [c.status for c in checks if c.name == "total"] == [PASS, PASS]
    assert not any("%" in k for c in checks for *_, k in c.cells)


def test_a_check_over_a_table_read_with_a_warning_says_so(tmp_path):
    doc = yusuan.read(SAMPLE)
    t5 = dataclasses.replace(doc.tables[4], warnings=("page 11: 2 of 3 amounts printed (partly read)",))
    doc = dataclasses.replace(doc, tables=doc.tables[:4] + (t5,) + doc.tables[5:], checks=())
    checks = run_checks(doc, default_catalogue(), doc.prose)
    on5 = [c for c in checks if 5 in c.tables]
    assert on5 and all("table 5 (表5) was read with a warning: page 11: 2 of 3 amounts printed"
                       in c.note for c in on5)
    assert not any("was read with a warning" in c.note for c in checks if 5 not in c.tables)


def test_prose_csv_gives_each_figure_its_check_and_rounding_flag(corpus):
    """上海市普陀区万里街道 2024 预算: p.6 “…专项普查活动（项）”25.77万元 against 257,700 元 (exact);
    p.7 “…行政单位离退休（项）”24.31万元 against 243,120 元 (= 24.312万元: within rounding);
    p.6 “财政拨款支出预算15621.11万元” names a row the 收支总表's spending side does not print."""
    from yusuan.normalize.frames import prose_columns
    doc = yusuan.read(corpus / "sh_putuo_wanlijiedao_2024_yusuan.pdf")
    rows = prose_columns(doc).frame()
    def one(text):
        hit = rows[rows.text.str.contains(text, regex=False)]
        assert len(hit) == 1, text
        return hit.iloc[0]
    exact, rounded = one("专项普查活动（项）”25.77万元"), one("行政单位离退休（项）”24.31万元")
    assert (exact.check, exact.rounding, exact.code) == ("pass", False, "2010507")
    assert (rounded.check, rounded.rounding, rounded.code) == ("pass", True, "2080501")
    named = one("财政拨款支出预算15621.11万元")
    assert (named["check"], named["item"], named["rounding"]) == ("skip", "财政拨款", False)


def test_an_amount_printed_as_a_whole_number_among_decimals_may_be_off_by_half_a_unit(tmp_path):
    """表5 printing 20805's 小计 as 172 (a whole number, ±0.5) among two-decimal amounts: its
    children add to 171.94, 0.06 apart, within 0.5 + 3 × 0.005: a rounding pass."""
    line = "　[20805]行政事业单位养老支出 171.94 171.94 0.00"
    doc = edited(tmp_path, ("表5", line, line.replace("171.94 171.94", "172 171.94")))
    c = next(c for c in doc.checks if c.rule == "表5: 20805 行政事业单位养老支出 = 2080501 + 2080505 + "
             "2080506 [一般公共预算支出/小计]")
    assert (c.status, c.rounding, c.difference, c.tolerance) == (PASS, True, D("0.06"), D("0.515"))
    assert failed(doc) == []


def test_validate_lists_failures_then_rounding_passes_then_skipped_checks(tmp_path):
    from click.testing import CliRunner
    from yusuan import cli
    text = TEXT
    text = text.replace("　[20805]行政事业单位养老支出 171.94 171.94 0.00",     # rounding: 171.95
                        "　[20805]行政事业单位养老支出 171.95 171.94 0.00", 1)
    at = text.index("\n表6\n")
    text = text[:at] + text[at:].replace("合计 489.67", "合计 489.76", 1)     # a failure: 表6 合计
    path = tmp_path / "both.txt"
    path.write_text(text, "utf-8")
    out = CliRunner().invoke(cli.main, ["validate", str(path)]).output
    failures, rounding, skipped = (out.index("Failed checks (2)"), out.index("Passed within rounding (3)"),
                                   out.index("Skipped (2)"))
    assert failures < rounding < skipped
    assert "checks: 405 passed (3 within rounding), 2 failed, 2 skipped" in out
    # the failure: where to look and the amounts printed there (表6 p.12)
    assert "expected 489.67, found 489.76 (difference 0.09" in out
    assert "printed: 合计 489.76 | 301 332.28 | 302 12.41 | 303 144.98" in out
    assert "expected 171.94, found 171.95 (difference 0.01, allowed ±0.020) 万元; page 11" in out


def test_a_prose_figure_is_compared_with_the_row_its_sentence_names(tmp_path):
    """Sentences added to p.20 of the reference after “收入预算534.77万元”: 其他资金收入预算总计0.00万元
    is 表1's 三、其他资金 row (0.00, p.4), not its 收入总计; 本年收入预算534.77万元 is its 本年收入合计
    (534.77, p.5); 一般公共预算收入预算534.77万元 names a row 表1 does not print (it says 预算拨款):
    kept as a prose fact and skipped, not failed; 其他资金收入预算总计5.00万元 fails against 0.00."""
    said = "本部门收入预算534.77万元，"
    doc = edited(tmp_path, ("", said, said + "其中：其他资金收入预算总计0.00万元，本年收入预算534.77万元，"
                                          "一般公共预算收入预算534.77万元，"))
    prose = {c.rule.split("”")[0].split("：")[-1]: c for c in doc.checks if c.name == "prose"
             and ("其他资金" in c.rule or "本年" in c.rule or "一般公共预算收入" in c.rule)}
    other = prose["其他资金收入预算总计0.00万元"]
    assert (other.status, other.rule.split(" = ")[1], other.expected) == (PASS, "表1 其他资金 [收入/预算]", D("0.00"))
    this_year = next(c for k, c in prose.items() if "本年收入预算534.77万元" in k)
    assert (this_year.status, this_year.rule.split(" = ")[1]) == (PASS, "表1 本年收入合计 [收入/预算]")
    general = next(c for k, c in prose.items() if "一般公共预算收入预算" in k)
    assert general.status == SKIP and general.note == "the sentence names 一般公共预算: 表1 prints no such row"
    assert any(p.item == "一般公共预算" and p.value == D("534.77") for p in doc.prose)   # kept as a fact
    wrong = edited(tmp_path, ("", said, said + "其中：其他资金收入预算总计5.00万元，"))
    assert [(n, r.split(" = ")[1]) for n, r in failed(wrong)] == [("prose", "表1 其他资金 [收入/预算]")]


def test_of_which_columns_are_parts_of_their_group_not_addends():
    """西南大学 2024 决算 表2 (p.8) prints 事业收入 as 金额 | 其中：教育收费 (the readers keep the path
    事业收入/教育收费): 本年收入合计 = 财政拨款收入 + 事业收入/金额, never + 教育收费 too; 金额 ≥ 教育收费;
    and a 小计 beside one column (项目支出/小计 | 其中：基本建设资金支出) is a 其中 too. A whole larger
    than its part is no rounding."""
    income = (Column(("科目名称",), "name"), Column(("本年收入合计",)), Column(("财政拨款收入",)),
              Column(("事业收入", "金额")), Column(("事业收入", "教育收费")))
    spending = (Column(("科目名称",), "name"), Column(("合计",)), Column(("基本支出",)),
                Column(("项目支出", "小计")), Column(("项目支出", "基本建设资金支出")))
    def tables(fee):
        a = {"本年收入合计": D("100.00"), "财政拨款收入": D("60.00"), "事业收入/金额": D("40.00"),
             "事业收入/教育收费": D(fee)}
        b = {"合计": D("50.00"), "基本支出": D("20.00"), "项目支出/小计": D("30.00"),
             "项目支出/基本建设资金支出": D("12.00")}
        return (Table(1, "表2", "高等学校收入决算表", None, "万元", income, (Row(1, 8, "教育支出", a, level=1),), (8,)),
                Table(2, "表4", "高等学校财政拨款支出决算表", None, "万元", spending,
                      (Row(1, 12, "教育支出", b, level=1),), (12,)))
    doc = Document("x.pdf", "0" * 64, "pdf", 12, tables("25.00"), doc_type="决算")
    got = {c.rule: c for c in run_checks(doc, default_catalogue()) if c.name == "columns"}
    assert sorted(got) == ["表2 教育支出: 事业收入/金额 ≥ 事业收入/教育收费",
                           "表2 教育支出: 本年收入合计 = 财政拨款收入 + 事业收入",
                           "表4 教育支出: 合计 = 基本支出 + 项目支出",
                           "表4 教育支出: 项目支出/小计 ≥ 项目支出/基本建设资金支出"]
    assert all(c.status == PASS and not c.rounding for c in got.values())
    assert got["表2 教育支出: 本年收入合计 = 财政拨款收入 + 事业收入"].expected == D("100.00")
    assert got["表4 教育支出: 合计 = 基本支出 + 项目支出"].expected == D("50.00")
    doc = dataclasses.replace(doc, tables=tables("45.00"))
    bad = [c.rule for c in run_checks(doc, default_catalogue()) if c.status == FAIL]
    assert bad == ["表2 教育支出: 事业收入/金额 ≥ 事业收入/教育收费"]


def test_an_attribute_column_never_enters_an_amount_identity(corpus):
    """江苏省政协 2019 公开12表 (p.12) prints 采购组织形式 (分散自行组织) beside each item: an attribute
    of the row. The procurement checks add up 总计 only (货物A 350.00 = 300.00 + 50.00 …)."""
    doc = yusuan.read(corpus / "js_zhengxie_2019_yusuan_tables.pdf")
    table = next(t for t in doc.tables if t.kind == "government_procurement")
    assert [c.role for c in table.columns if c.path[-1] == "采购组织形式"] == ["text"]
    columns = {k for c in doc.checks if table.no in c.tables for *_, k in c.cells}
    assert columns == {"总计"}
