"""Accounting identities as the quality score (issue 5). Every expected amount and count here
was worked out by hand from the printed document (the seed's 表5 has 10 code parents, 21 rows
and three amount columns; the sums are added up in the comments)."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal

import pytest
from click.testing import CliRunner

import yusuan
from yusuan import cli
from yusuan.catalogue import default as default_catalogue
from yusuan.model import FAIL, PASS, SKIP
from yusuan.normalize.checks import run_checks

from conftest import SAMPLE

D = Decimal


def by(doc, name=None, table=None, status=None):
    return [c for c in doc.checks if (name is None or c.name == name)
            and (table is None or table in c.tables) and (status is None or c.status == status)]


def one(checks, text):
    found = [c for c in checks if text in c.rule]
    assert len(found) == 1, [c.rule for c in found] or "no such check"
    return found[0]


# ------------------------------------------------------------------ the reference document

def test_every_identity_of_the_reference_document_holds(seed_doc):
    assert by(seed_doc, status=FAIL) == []
    # the only checks that cannot run: its 收支总表 spends by function only, with no
    # 基本支出 / 项目支出 rows to compare with 表3
    skipped = sorted(c.rule for c in by(seed_doc, status=SKIP))
    assert skipped == ["基本支出: 支出总表 = 收支总表 支出 by use",
                       "项目支出: 支出总表 = 收支总表 支出 by use"]


def test_table5_runs_the_checks_its_structure_calls_for(seed_doc):
    t5 = by(seed_doc, table=5)
    # 10 parents with children (201, 20129, 208, 20805, 20808, 20899, 210, 21011, 221,
    # 22102) × 3 amount columns (小计, 基本支出, 项目支出)
    assert len([c for c in t5 if c.name == "hierarchy"]) == 30
    # 合计 = 201 + 208 + 210 + 221, in each of the 3 columns
    assert len([c for c in t5 if c.name == "total"]) == 3
    # 小计 = 基本支出 + 项目支出 on each of the 21 rows
    assert len([c for c in t5 if c.name == "columns"]) == 21
    assert all(c.status == PASS for c in t5)


def test_hierarchy_check_amounts(seed_doc):
    c = [c for c in by(seed_doc, "hierarchy", 5) if c.rule.startswith("表5: 20805 ")
         and c.rule.endswith("基本支出]")]
    assert len(c) == 1
    # 125.98 + 30.64 + 15.32 = 171.94
    assert (c[0].expected, c[0].found, c[0].status) == (D("171.94"), D("171.94"), PASS)
    assert c[0].pages == (11,)


def test_running_totals_and_balance_of_the_summary_table(seed_doc):
    total = by(seed_doc, "total", 1)
    income = one(total, "收入总计 = 本年收入合计 + 上级补助收入")
    assert income.found == D("534.77") and income.status == PASS
    first = one(total, "本年收入合计 = 预算拨款 + 财政专户拨款 + 其他资金")
    assert first.expected == D("534.77")          # 534.77 + 0.00 + 0.00
    balance = by(seed_doc, "balance", 1)
    assert [(c.expected, c.found, c.status) for c in balance] == [(D("534.77"), D("534.77"), PASS)]


def test_each_class_agrees_across_tables(seed_doc):
    cross = by(seed_doc, "cross_table")
    c = one(cross, "each 类: 收支总表 expenditure = 支出总表 (社会保障和就业支出)")
    assert (c.found, c.expected, c.status) == (D("172.83"), D("172.83"), PASS)
    assert set(c.tables) == {1, 3}


def test_prose_figures_are_facts_and_agree_with_the_tables(seed_doc):
    facts = {(p.subject, p.value, p.unit, p.page) for p in seed_doc.prose}
    assert ("income_total", D("534.77"), "万元", 20) in facts
    assert ("operating_expenses", D("31.41"), "万元", 21) in facts
    prose = by(seed_doc, "prose")
    assert prose and all(c.status == PASS for c in prose)
    running = one(prose, "机关运行经费安排31.41万元")
    assert running.tables == (8,)                 # 表8 行政经费 31.41


def test_facts_are_checked_where_a_passing_identity_covers_them(seed_doc):
    facts = seed_doc.facts()
    row = facts[(facts.table_no == 5) & (facts.code == "2080505")]
    assert len(row) == 3 and row.checked.all()


# ------------------------------------------------------------------ catching mistakes

def test_a_corrupted_amount_is_caught_by_the_checks_that_cover_it(seed_doc):
    """Change one extracted amount (表5 2080505 基本支出 30.64 → 30.46) as a mis-read would."""
    t5 = seed_doc.tables[4]
    rows = []
    for r in t5.rows:
        if r.code == "2080505":
            k = next(k for k in r.values if k.endswith("基本支出"))
            assert r.values[k] == D("30.64")
            r = dataclasses.replace(r, values={**r.values, k: D("30.46")})
        rows.append(r)
    tables = list(seed_doc.tables)
    tables[4] = dataclasses.replace(t5, rows=tuple(rows))
    doc = dataclasses.replace(seed_doc, tables=tuple(tables), checks=())
    checks = run_checks(doc, default_catalogue(), doc.prose)
    failed = sorted((c.name, c.rule.split(" =")[0]) for c in checks if c.status == FAIL)
    # 20805's 基本支出: 125.98 + 30.46 + 15.32 = 171.76 ≠ 171.94; and the row itself:
    # 小计 30.64 ≠ 基本支出 30.46 + 项目支出 0.00
    assert failed == [("columns", "表5 2080505 机关事业单位基本养老保险缴费支出: 一般公共预算支出/小计"),
                      ("hierarchy", "表5: 20805 行政事业单位养老支出")]
    h = next(c for c in checks if c.status == FAIL and c.name == "hierarchy")
    assert (h.expected, h.found, h.difference) == (D("171.76"), D("171.94"), D("0.18"))


@pytest.fixture
def edited_copy(tmp_path):
    """The reference dump with an error in the document's own numbers: 表5 prints 2080505
    as 31.64 (in both amount columns), while 20805 still says 171.94."""
    text = SAMPLE.read_text("utf-8")
    line = "　　[2080505]机关事业单位基本养老保险缴费支出 30.64 30.64 0.00"
    assert text.count(line) == 1
    path = tmp_path / "edited.txt"
    path.write_text(text.replace(line, line.replace("30.64 30.64", "31.64 31.64")), "utf-8")
    return path


def test_an_error_in_the_document_is_reported_with_its_row_and_page(edited_copy):
    doc = yusuan.read(edited_copy)
    failed = [c for c in doc.checks if c.status == FAIL]
    assert len(failed) == 2 and {c.name for c in failed} == {"hierarchy"}
    for c in failed:
        # 125.98 + 31.64 + 15.32 = 172.94 against the printed 171.94, on page 11
        assert (c.expected, c.found) == (D("172.94"), D("171.94"))
        assert c.pages == (11,) and c.tables == (5,)
        parent = doc.tables[4].rows[c.rows[0][1] - 1]
        assert parent.code == "20805"


def test_validate_reports_it_and_strict_fails(edited_copy, tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli.main, ["validate", str(edited_copy)])
    assert result.exit_code == 0, result.output
    assert "expected 172.94, found 171.94 (difference -1.00" in result.output
    assert "page 11; table 5 (表5) row 7" in result.output
    strict = runner.invoke(cli.main, ["validate", str(edited_copy), "--strict"])
    assert strict.exit_code == 1


def test_validate_reads_an_output_folder(tmp_path):
    runner = CliRunner()
    assert runner.invoke(cli.main, ["extract", str(SAMPLE), "-o", str(tmp_path), "-q"]).exit_code == 0
    manifest = json.loads((tmp_path / SAMPLE.stem / "manifest.json").read_text("utf-8"))
    summary, items = manifest["checks"]["summary"], manifest["checks"]["items"]
    assert (summary["failed"], summary["skipped"]) == (0, 2)
    assert summary["passed"] == sum(c["status"] == "pass" for c in items) == len(items) - 2
    assert manifest["tables"][4]["checks"] == {"passed": 54 + 6, "failed": 0, "skipped": 0, "rounding": 0}
    result = runner.invoke(cli.main, ["validate", str(tmp_path), "--strict"])
    assert result.exit_code == 0
    assert f"checks: {summary['passed']} passed (0 within rounding), 0 failed, 2 skipped" in result.output


def test_validate_names_what_it_cannot_read(tmp_path):
    result = CliRunner().invoke(cli.main, ["validate", str(tmp_path)])
    assert result.exit_code == 1 and "holds no manifest.json" in result.output


def test_inspect_draws_a_page(tmp_path):
    """The sample PDF (drawn from the hand-written tables) prints 表5 alone on page 11; its
    fonts are not embedded, so the page is read by pdfplumber as in a full run."""
    from PIL import Image
    pdf = SAMPLE.parent / "taishan_zonggonghui_2024_yusuan_ruled.pdf"
    png = tmp_path / "p11.png"
    result = CliRunner().invoke(cli.main, ["inspect", str(pdf), "--page", "11", "-o", str(png),
                                           "--scale", "1", "--no-checks"])
    assert result.exit_code == 0, result.output
    assert "page 11: 1 table piece(s)" in result.output
    assert "一般公共预算支出/基本支出" in result.output
    with Image.open(png) as image:
        # A4 portrait (595.28 × 841.89 pt) at one pixel per point, rounded either way
        assert abs(image.size[0] - 595.28) < 1 and abs(image.size[1] - 841.89) < 1
    beyond = CliRunner().invoke(cli.main, ["inspect", str(pdf), "--page", "99", "-o", str(png)])
    assert beyond.exit_code == 1 and "has no page 99" in beyond.output
