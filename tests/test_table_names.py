"""A table whose printed headers give two of its output columns one name is still written:
the later one gets (2) (a layout dump of 西南大学's 绩效目标表 read a text column headed like an
amount column of the other side, and the whole document failed)."""

from __future__ import annotations

from yusuan.model import AMOUNT, NAME, TEXT, Column, RawRow, RawTable
from yusuan.normalize.frames import table_columns
from yusuan.normalize.tables import normalize_table


def test_a_name_printed_twice_is_kept_apart():
    raw = RawTable(label="表1", title="项目表", pages=(1,), unit="万元",
                   columns=(Column(("项目",), NAME), Column(("金额",), AMOUNT),
                            Column(("金额",), TEXT), Column(("name",), AMOUNT)),
                   rows=(RawRow(1, ("一、甲项目", "10.00", "说明一", "1.00")),
                         RawRow(1, ("二、乙项目", "5.00", "说明二", "2.00"))))
    cols = table_columns(normalize_table(raw, 1))
    assert cols.names[-4:] == ["金额", "name(2)", "金额(2)", "page"]
    assert [str(v) for v in cols.data["金额"]] == ["10.00", "5.00"]
    assert cols.data["金额(2)"] == ["说明一", "说明二"]
    assert [str(v) for v in cols.data["name(2)"]] == ["1.00", "2.00"]
