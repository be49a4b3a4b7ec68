"""A layout dump's squeezed continuation page: amounts put back in the columns where the
table's own totals hold (normalize/placement.py). pdftotext squeezes the gaps of columns a
page leaves empty, so a table continued without its header can stand compressed, its 其他收入
under 经营收入; no border tells, the totals do. The table below is written by hand as a layout
dump prints it (its two pages read right); the squeeze is then made by moving page 2's
其他收入 into 经营收入, as such a page is read, and the expected cells are the printed ones."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import yusuan
from yusuan import catalogue
from yusuan.normalize.placement import placed

PAGE1 = """\
                              收入决算表
单位名称：某某单位                                                         单位：万元
 科目编码    科目名称           本年收入合计     财政拨款收入      经营收入      其他收入
 205        教育支出              1,100.00       1,000.00                      100.00
 20502      普通教育              1,100.00       1,000.00                      100.00
 2050205    高等教育              1,100.00       1,000.00                      100.00

                                     1
"""

PAGE2 = """\
 208        社会保障和就业支出       60.00          50.00                       10.00
 20805      行政事业单位养老支出     60.00          50.00                       10.00
            合计                  1,160.00       1,050.00                      110.00

                                     2
"""


def _table(tmp_path):
    path = tmp_path / "income.txt"
    path.write_text(PAGE1 + "\f" + PAGE2, "utf-8")
    doc = yusuan.read(path)
    return doc, doc.tables[0]


def _squeezed(table, page=2, a="其他收入", b="经营收入"):
    def move(r):
        if r.page != page or r.values.get(a) is None:
            return r
        return replace(r, values={**r.values, b: r.values[a], a: None})
    return replace(table, rows=tuple(move(r) for r in table.rows))


def _cells(table, page, column):
    return [(r.name, r.values.get(column)) for r in table.rows if r.page == page]


def test_a_table_whose_totals_hold_is_left_as_read(tmp_path):
    doc, table = _table(tmp_path)
    assert placed(table, catalogue.default(), doc.doc_type) is table
    assert not any("read as" in w for w in table.warnings)


def test_a_squeezed_pages_amounts_go_back_where_the_totals_hold(tmp_path):
    doc, table = _table(tmp_path)
    squeezed = _squeezed(table)
    assert _cells(squeezed, 2, "经营收入") == [("社会保障和就业支出", Decimal("10.00")),
                                          ("行政事业单位养老支出", Decimal("10.00")), ("合计", Decimal("110.00"))]
    back = placed(squeezed, catalogue.default(), doc.doc_type)
    assert _cells(back, 2, "其他收入") == [("社会保障和就业支出", Decimal("10.00")),
                                       ("行政事业单位养老支出", Decimal("10.00")), ("合计", Decimal("110.00"))]
    assert _cells(back, 2, "经营收入") == [("社会保障和就业支出", None), ("行政事业单位养老支出", None), ("合计", None)]
    # page 1 as read
    assert _cells(back, 1, "其他收入") == _cells(table, 1, "其他收入")
    assert [w for w in back.warnings if w.startswith("page 2: the amounts under 经营收入 are read as 其他收入's")]


def test_the_documents_own_error_is_not_moved_away(tmp_path):
    doc, table = _table(tmp_path)
    # 208 printing 11.00 where its 款 prints 10.00: no column of page 2 moved mends that
    wrong = replace(table, rows=tuple(
        replace(r, values={**r.values, "其他收入": Decimal("11.00"), "本年收入合计": Decimal("61.00")})
        if r.code == "208" else r for r in table.rows))
    assert placed(wrong, catalogue.default(), doc.doc_type) is wrong


def test_placement_failing_on_something_unforeseen_costs_nothing_but_a_warning(tmp_path, monkeypatch):
    import yusuan.normalize.document as document

    def broken(*args, **kwargs):
        raise RuntimeError("unforeseen")
    monkeypatch.setattr(document, "placed", broken)
    doc, table = _table(tmp_path)
    assert len(doc.tables) == 1 and len(table.rows) == 6
    assert any("could not be checked for a squeezed page (RuntimeError: unforeseen); kept as read" in w
               for w in table.warnings)
