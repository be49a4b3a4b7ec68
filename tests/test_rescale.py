"""A table continued on the next page at another scale, printing fewer amount columns
(extract/rescale.py): its cells go to the table's columns."""

from __future__ import annotations

from yusuan.extract.gridtable import Layout, Piece
from yusuan.extract.rescale import rescaled
from yusuan.model import AMOUNT, CODE, NAME, Column, RawRow


def _layout(roles_x: list[tuple[str, str, float, float]]) -> Layout:
    cols = tuple(Column((name,), role) for name, role, _, _ in roles_x)
    col_x = tuple((a, b) for _, _, a, b in roles_x)
    return Layout(cols, col_x, tuple("" for _ in cols), tuple(((a, b),) for a, b in col_x), ())


# the table's first page: 科目编码 | 科目名称 | 合计 | 财政拨款收入 | 事业收入 | 其他收入
HEAD = _layout([("科目编码", CODE, 0, 40), ("科目名称", NAME, 50, 170), ("合计", AMOUNT, 180, 230),
                ("财政拨款收入", AMOUNT, 240, 290), ("事业收入", AMOUNT, 300, 350),
                ("其他收入", AMOUNT, 360, 410)])


def _piece(layout: Layout, rows: list[tuple]) -> Piece:
    return Piece(7, 0.0, 100.0, layout, [RawRow(7, cells) for cells in rows], False)


def test_a_narrower_page_printing_two_amount_columns_goes_to_the_first_two():
    # the next page, squeezed to 0.8 of the width: only 合计 and 财政拨款收入 hold values
    page = _layout([("列1", CODE, 0, 32), ("列2", NAME, 40, 136), ("列3", AMOUNT, 144, 184),
                    ("列4", AMOUNT, 192, 232)])
    got = rescaled(HEAD, _piece(page, [("2101101", "行政单位医疗", "2.22", "2.22")]))
    assert got is not None and got.layout is HEAD
    assert got.rows[0].cells == ("2101101", "行政单位医疗", "2.22", "2.22", None, None)


def test_a_second_amount_standing_under_a_later_column_goes_there():
    page = _layout([("列1", CODE, 0, 32), ("列2", NAME, 40, 136), ("列3", AMOUNT, 144, 184),
                    ("列4", AMOUNT, 240, 280)])          # under 事业收入 once scaled back
    got = rescaled(HEAD, _piece(page, [("20508", "进修及培训", "5.00", "5.00")]))
    assert got.rows[0].cells == ("20508", "进修及培训", "5.00", None, "5.00", None)


def test_a_last_page_printing_only_its_total_across_code_and_name():
    page = _layout([("列1", NAME, 0, 100), ("列2", AMOUNT, 110, 150), ("列3", AMOUNT, 160, 200),
                    ("列4", AMOUNT, 210, 250), ("列5", AMOUNT, 260, 300)])
    got = rescaled(HEAD, _piece(page, [("合计", "156.00", "150.00", "6.00", "0")]))
    assert got.rows[0].cells == (None, "合计", "156.00", "150.00", "6.00", "0")


def test_columns_of_other_roles_are_no_continuation():
    page = _layout([("列1", NAME, 0, 100), ("列2", CODE, 110, 150), ("列3", AMOUNT, 160, 200)])
    assert rescaled(HEAD, _piece(page, [("行政运行", "2010101", "1.00")])) is None
