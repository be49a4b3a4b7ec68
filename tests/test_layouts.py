"""Layouts drawn by tests/gridgen.py, ruled and unruled (issue 9): an outline printed in several
label columns (政府采购), a vertical 收入预算总表 whose group labels span rows, a 三公 table with
a blank cell under a three-level header. Every table, row and amount below is written by hand."""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest

import yusuan
from yusuan.normalize.writers import write_document

gridgen = pytest.importorskip("gridgen", reason="reportlab draws these PDFs (pip install '.[test]')")
from gridgen import Cell, Grid, Page, amount, header  # noqa: E402

STYLES = ["ruled", "unruled"]

# ------------------------------------------------------------------------------ 政府采购

PROCUREMENT_HEADER = ["采购品目大类", "专项名称", "经济科目", "采购物品名称", "采购组织形式", "总计"]
# (采购品目大类, 专项名称, 经济科目, 采购物品名称, 采购组织形式, 总计) as printed; the second page
# continues without a header
PROCUREMENT = [[
    ("合计", "", "", "", "", "940.50"),
    ("一、货物A", "", "", "", "", "300.00"),
    ("", "设备购置费", "办公设备购置", "", "", "300.00"),
    ("", "", "", "台式计算机", "政府集中采购", "100.00"),
    ("", "", "", "便携式计算机", "政府集中采购", "80.00"),
    ("", "", "", "其他办公设备", "分散自行组织", "70.00"),
    ("", "", "", "家具用具", "分散自行组织", "50.00"),
    ("三、服务C", "", "", "", "", "640.50"),
    ("", "案件审判经费", "会议费", "", "", "122.10"),
    ("", "", "", "会议服务", "分散自行组织", "122.10"),
    ("", "", "印刷费", "", "", "30.00"),
    ("", "", "", "印刷和出版服务", "分散自行组织", "30.00"),
    ("", "审判专项业务费", "会议费", "", "", "18.40"),
    ("", "", "", "会议服务", "分散自行组织", "18.40"),
    ("", "", "维修（护）费", "", "", "20.00"),
    ("", "", "", "运行维护服务", "分散自行组织", "20.00"),
], [
    ("", "物业管理费", "物业管理费", "", "", "450.00"),
    ("", "", "", "物业管理服务", "分散自行组织", "30.00"),
    ("", "", "", "", "部门集中采购", "420.00"),
]]


def _procurement_pdf(path, style):
    widths = [72.0, 96.0, 84.0, 96.0, 84.0, 66.0]
    pages = []
    for n, rows in enumerate(PROCUREMENT):
        cells = [header(0, c, t) for c, t in enumerate(PROCUREMENT_HEADER)] if n == 0 else []
        top = 1 if n == 0 else 0
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                if text:
                    cells.append(amount(top + r, c, text) if c == 5 else Cell(top + r, c, text))
        grid = Grid(widths, top + len(rows), cells)
        pages.append(Page(grid, "公开12表", "政府采购支出预算表", "江苏省某某厅") if n == 0 else Page(grid))
    return gridgen.draw(path, pages, style)


@pytest.mark.parametrize("style", STYLES)
def test_an_outline_in_label_columns_keeps_every_label(tmp_path, style):
    doc = yusuan.read(_procurement_pdf(tmp_path / "procurement.pdf", style))
    [t] = doc.tables
    assert (t.label, t.title, t.pages, t.kind) == ("公开12表", "政府采购支出预算表", (1, 2),
                                                   "government_procurement")
    got = [(r.name, r.labels, str(r.values["总计"]), r.page) for r in t.rows]
    assert got == [
        ("合计", "合计", "940.50", 1),
        ("货物A", "货物A", "300.00", 1),
        ("办公设备购置", "货物A/设备购置费/办公设备购置", "300.00", 1),
        ("台式计算机", "货物A/设备购置费/办公设备购置/台式计算机", "100.00", 1),
        ("便携式计算机", "货物A/设备购置费/办公设备购置/便携式计算机", "80.00", 1),
        ("其他办公设备", "货物A/设备购置费/办公设备购置/其他办公设备", "70.00", 1),
        ("家具用具", "货物A/设备购置费/办公设备购置/家具用具", "50.00", 1),
        ("服务C", "服务C", "640.50", 1),
        ("会议费", "服务C/案件审判经费/会议费", "122.10", 1),
        ("会议服务", "服务C/案件审判经费/会议费/会议服务", "122.10", 1),
        ("印刷费", "服务C/案件审判经费/印刷费", "30.00", 1),
        ("印刷和出版服务", "服务C/案件审判经费/印刷费/印刷和出版服务", "30.00", 1),
        ("会议费", "服务C/审判专项业务费/会议费", "18.40", 1),
        ("会议服务", "服务C/审判专项业务费/会议费/会议服务", "18.40", 1),
        ("维修（护）费", "服务C/审判专项业务费/维修（护）费", "20.00", 1),
        ("运行维护服务", "服务C/审判专项业务费/维修（护）费/运行维护服务", "20.00", 1),
        # the second page prints no header and no 大类: both carry over the page break
        ("物业管理费", "服务C/物业管理费/物业管理费", "450.00", 2),
        ("物业管理服务", "服务C/物业管理费/物业管理费/物业管理服务", "30.00", 2),
        ("物业管理服务", "服务C/物业管理费/物业管理费/物业管理服务", "420.00", 2),   # label left blank
    ]
    assert [r.texts["采购组织形式"] for r in t.rows][-2:] == ["分散自行组织", "部门集中采购"]

    # 服务C is the sum of its 专项 groups; every identity of the table holds
    [c] = [c for c in doc.checks if c.name == "hierarchy" and c.rule.startswith("公开12表: 服务C =")]
    assert c.status == "pass" and c.found == c.expected == Decimal("640.50")
    assert "案件审判经费 + 审判专项业务费 + 物业管理费" in c.rule
    # the two 会议费 are told apart by their paths in the checks too
    assert any("服务C/审判专项业务费/会议费 = 会议服务" in c.rule and c.status == "pass"
               for c in doc.checks)
    assert doc.check_summary["failed"] == 0

    out = write_document(doc, tmp_path / "out", "procurement")
    with open(out / "facts.csv", encoding="utf-8-sig", newline="") as fh:
        facts = list(csv.DictReader(fh))
    assert list(facts[0])[-1] == "labels"
    meetings = [(f["labels"], f["value"]) for f in facts if f["name"] == "会议费"]
    assert meetings == [("服务C/案件审判经费/会议费", "122.10"), ("服务C/审判专项业务费/会议费", "18.40")]
    # the table's CSV: one column per printed label column, each row naming its whole outline
    [table_csv] = (out / "tables").glob("01_*.csv")
    with open(table_csv, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [k for k in rows[0] if k in PROCUREMENT_HEADER[:5]] == PROCUREMENT_HEADER[:5]
    assert [rows[12][k] for k in PROCUREMENT_HEADER[:4]] == ["三、服务C", "审判专项业务费", "会议费", ""]
    assert [rows[18][k] for k in PROCUREMENT_HEADER] == [
        "三、服务C", "物业管理费", "物业管理费", "物业管理服务", "部门集中采购", "420.00"]
