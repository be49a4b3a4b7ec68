"""Layout classes of disclosures from anywhere (issue 9), each on a PDF the test draws: a
two-sided header that names no side, numbers the text layer splits into pieces, a label split
over a page break, wrapped labels whatever the amounts' vertical alignment, prose with figures.
Every expected value is written here by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

import yusuan

layoutpdf = pytest.importorskip("layoutpdf", reason="reportlab draws these PDFs (pip install '.[test]')")
pytest.importorskip("reportlab", reason="reportlab draws these PDFs (pip install '.[test]')")
right = layoutpdf.right

TITLE = (60, [(200, "收支预算总表")])
UNIT = (80, [(480, "单位：万元")])


def _values(table) -> dict:
    return {(r.side, r.name, col): v for r in table.rows for col, v in r.values.items()}


def test_sides_named_from_their_totals(tmp_path):
    """项目 | 预算数 | 项目 | 预算数: the side printing 本年收入合计 is 收入, the other 支出."""
    rows = [("一、财政拨款", "100.00", "一、教育支出", "80.00"),
            ("二、事业收入", "20.00", "二、科学技术支出", "40.00"),
            ("本年收入合计", "120.00", "本年支出合计", "120.00")]
    lines = [TITLE, UNIT, (100, [(60, "项目"), (200, "预算数"), (300, "项目"), (460, "预算数")])]
    for k, (a, b, c, d) in enumerate(rows):
        lines.append((120 + 16 * k, [(60, a), right(240, b), (300, c), right(500, d)]))
    doc = yusuan.read(layoutpdf.draw(tmp_path / "sides.pdf", [lines]))
    (table,) = doc.tables
    assert [c.key for c in table.columns] == ["收入/项目", "收入/预算数", "支出/项目", "支出/预算数"]
    got = _values(table)
    assert got[("收入", "事业收入", "收入/预算数")] == Decimal("20.00")
    assert got[("支出", "科学技术支出", "支出/预算数")] == Decimal("40.00")
    assert not any(s.startswith("side") for s, _, _ in got)


def test_numbers_split_by_the_text_layer_are_one_number(tmp_path):
    """`102. 7`, `- 220,580` and `1 234.00` printed as two text objects inside one cell."""
    lines = [TITLE, UNIT, (100, [(60, "项目"), (220, "金额"), (320, "项目"), (480, "金额")])]
    printed = [("一、财政拨款", ["102.", "7"], "一、教育支出", ["- ", "220,580"]),
               ("二、事业收入", ["1 ", "234.00"], "二、住房保障支出", ["5.", "00"]),
               ("本年收入合计", ["1,336.70"], "本年支出合计", ["-220,575.00"])]
    for k, (a, b, c, d) in enumerate(printed):
        y = 120 + 16 * k
        pieces = [(60, a), (320, c)]
        for parts, x1 in ((b, 250), (d, 510)):
            x = x1 - layoutpdf.width("".join(parts))
            for part in parts:                       # each piece its own text object
                pieces.append((x, part))
                x += layoutpdf.width(part)
        lines.append((y, pieces))
    doc = yusuan.read(layoutpdf.draw(tmp_path / "split.pdf", [lines]))
    (table,) = doc.tables
    got = _values(table)
    assert got[("收入", "财政拨款", "收入/金额")] == Decimal("102.7")
    assert got[("收入", "事业收入", "收入/金额")] == Decimal("1234.00")
    assert got[("支出", "教育支出", "支出/金额")] == Decimal("-220580")
    assert got[("支出", "住房保障支出", "支出/金额")] == Decimal("5.00")


@pytest.mark.parametrize("where", ["first", "last", "between"])
def test_wrapped_label_in_an_unruled_table_is_one_row(tmp_path, where):
    """对个人和家庭补助支 / 出 with 144.98 printed level with the first line, the last line or
    between them is one row, never glued to the row above."""
    lines = [(60, [(200, "一般公共预算支出表")]), UNIT,
             (100, [(60, "科目名称"), (240, "合计"), (320, "基本支出")])]
    y = 120.0
    lines.append((y, [(60, "工资福利支出"), right(270, "500.00"), right(350, "500.00")]))
    y += 18
    first, second = y, y + 11
    at = {"first": first, "last": second, "between": (first + second) / 2}[where]
    lines.append((first, [(60, "对个人和家庭补助支")]))
    lines.append((second, [(60, "出")]))
    lines.append((at, [right(270, "144.98"), right(350, "144.98")]))
    y = second + 18
    lines.append((y, [(60, "合计"), right(270, "644.98"), right(350, "644.98")]))
    doc = yusuan.read(layoutpdf.draw(tmp_path / f"wrap_{where}.pdf", [lines]))
    (table,) = doc.tables
    assert [(r.name, str(r.values["合计"])) for r in table.rows] == [
        ("工资福利支出", "500.00"), ("对个人和家庭补助支出", "144.98"), ("合计", "644.98")]


def test_prose_with_figures_is_no_table(tmp_path):
    """Justified paragraphs whose figures reach the right margin stay text (and prose facts)."""
    lines = [(60, [(90, "（四）财政拨款支出决算表说明")])]
    sentences = [("1.小学教育（2050202），2024年度决算数为", "8,627.17"),
                 ("2.高中教育（2050204），2024年度决算数为", "17,702.80")]
    y = 90.0
    for text, figure in sentences:
        lines.append((y, [(122, text), right(505, figure)]))
        lines.append((y + 31, [(90, "万元，比2023年度决算数增长8.24%。")]))
        y += 62
    doc = yusuan.read(layoutpdf.draw(tmp_path / "prose.pdf", [lines]))
    assert doc.tables == ()


def _ruled(rows: list[tuple[str, str, str]], top: float, xs=(60.0, 220.0, 320.0, 420.0),
           height: float = 18.0):
    """Lines and rulings of a ruled grid: one row per (label, amount, amount)."""
    lines, rules = [], []
    ys = [top + k * height for k in range(len(rows) + 1)]
    for y in ys:
        rules.append((xs[0], y, xs[-1], y))
    for x in xs:
        rules.append((x, ys[0], x, ys[-1]))
    for k, (label, a, b) in enumerate(rows):
        y = ys[k] + 12.5
        pieces = [(xs[0] + 3, label)]
        for text, x1 in ((a, xs[2] - 3), (b, xs[3] - 3)):
            if text:
                pieces.append(right(x1, text))
        lines.append((y, pieces))
    return lines, rules


def test_label_split_over_a_page_break_is_one_row(tmp_path):
    """当 年 收 入 at the foot of page 1 (no amounts), 小计 with its amounts heading page 2."""
    head, head_rules = _ruled([("项目", "合计", "基本支出")], 100)
    p1, r1 = _ruled([("一、工资福利支出", "500.00", "500.00"), ("二、商品和服务支出", "300.00", "100.00"),
                     ("当 年 收 入", "", "")], 118)
    p2, r2 = _ruled([("小计", "800.00", "600.00"), ("合计", "800.00", "600.00")], 60)
    pages = [[(60, [(200, "支出预算表")]), UNIT] + head + p1, p2]
    doc = yusuan.read(layoutpdf.draw(tmp_path / "break.pdf", pages, rules=[head_rules + r1, r2]))
    (table,) = doc.tables
    assert table.pages == (1, 2)
    assert [(r.name, str(r.values["合计"]), r.page) for r in table.rows] == [
        ("工资福利支出", "500.00", 1), ("商品和服务支出", "300.00", 1), ("当年收入小计", "800.00", 1),
        ("合计", "800.00", 2)]


def test_letter_spaced_labels_are_one_label(tmp_path):
    """`1. 一 般 公 共预算` and `收 入 总 计`: spaced-out characters of one label, not columns."""
    lines = [(60, [(200, "收入预算总表")]), UNIT, (100, [(60, "项目"), (228, "预算数")])]
    printed = [([(60, "1. 一 般 公 共预算")], "300.00"),
               ([(60, "2. 政府性基金")], "200.00"),
               ([(60, "收"), (96, "入"), (132, "总"), (168, "计")], "500.00")]
    for k, (pieces, amount) in enumerate(printed):
        lines.append((120 + 16 * k, pieces + [right(250, amount)]))
    doc = yusuan.read(layoutpdf.draw(tmp_path / "spaced.pdf", [lines]))
    (table,) = doc.tables
    assert [c.key for c in table.columns] == ["项目", "预算数"]
    assert [(r.name, str(r.values["预算数"]), r.level) for r in table.rows] == [
        ("一般公共预算", "300.00", 1), ("政府性基金", "200.00", 1), ("收入总计", "500.00", 0)]
