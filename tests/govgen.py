"""Draw a government's 决算 (a city's report with its attached tables, as 哈尔滨市 prints
them) as a PDF without rulings: a prose page, an income table with percentage columns
(完成预算%, 增长%) and ordinals in the labels, and a function table whose ordinals stand in a
序号 column of their own (一 / (一) / 1), printed over twelve pages with its label, title,
unit and header repeated on each page, the label 行政运行 under every 款.

The tables are data written here (the test's spec); the test's expectations follow from the
same data, never from yusuan's output. reportlab's STSong-Light CID font needs no system font.
"""

from __future__ import annotations

from pathlib import Path

FONT = "STSong-Light"
NUMBERS = "Helvetica"      # digits in a Latin font, as the documents print them
REGION = "江城市"
YEAR = 2024

# 附件1: (ordinal, name, indent, 预算, 决算, 完成预算%, 增长%); "" = printed blank. Amounts are
# printed without thousands separators (a number split by the text layer is another test's)
INCOME = [
    ("", "一般公共预算收入", 0, "1500", "1600", "106.7", "5.3"),
    ("（一）", "税收收入小计", 1, "1000", "1100", "110.0", "10.0"),
    ("", "增值税", 2, "600", "700", "116.7", "16.7"),
    ("", "企业所得税", 2, "300", "300", "100.0", "-3.2"),
    ("", "其他税收收入", 2, "100", "100", "", "-9.1"),
    ("（二）", "非税收入小计", 1, "500", "500", "100.0", "-5.7"),
    ("", "专项收入", 2, "200", "150", "75.0", "-25.0"),
    ("", "罚没收入", 2, "300", "350", "116.7", ""),
]

_CLASSES = ["一般公共服务支出", "公共安全支出", "教育支出", "科学技术支出", "文化旅游体育与传媒支出",
            "社会保障和就业支出", "卫生健康支出", "节能环保支出", "城乡社区支出", "农林水支出",
            "交通运输支出", "住房保障支出"]
_ZH = "一二三四五六七八九十"
ITEMS_PER_GROUP = ["行政运行", "一般行政管理事务", "机关服务", "事业运行", "信息化建设",
                   "专项业务", "其他事务支出"]
GROUPS_PER_CLASS = 4


def zh(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二"""
    return _ZH[n - 1] if n <= 10 else "十" + _ZH[n - 11]


def function_rows() -> list[tuple[str, str, int]]:
    """附件2 in printed order: (ordinal, name, amount); the first row is the total.
    Values: 项 = 10·类 + 款 + 项 (numbers), each 款 and 类 the sum of its rows."""
    rows = []
    classes = []
    for c, cname in enumerate(_CLASSES, 1):
        groups = []
        block = []
        for g in range(1, GROUPS_PER_CLASS + 1):
            items = [(str(i), name, 10 * c + g + i) for i, name in enumerate(ITEMS_PER_GROUP, 1)]
            total = sum(v for _, _, v in items)
            groups.append(total)
            block.append((f"（{zh(g)}）", f"{cname[:-2]}第{zh(g)}款", total))
            block += items
        classes.append(sum(groups))
        rows.append((zh(c), cname, sum(groups)))
        rows += block
    return [("", "一般公共预算支出合计", sum(classes))] + rows


ROWS_PER_PAGE = 34


def _text(c, x, y, s, size=9.0, align="left", font=FONT):
    c.setFont(font, size)
    if align == "right":
        c.drawRightString(x, y, s)
    elif align == "centre":
        c.drawCentredString(x, y, s)
    else:
        c.drawString(x, y, s)


def _caption(c, h, label, title):
    _text(c, 40, h - 40, label, 10)
    _text(c, 297, h - 70, title, 14, "centre")
    _text(c, 555, h - 95, "单位：万元", 9, "right")


def draw(path: Path, continued: str = "") -> Path:
    """The document; `continued` is printed after the caption's title on the pages after a
    table's first (（续）), as some documents mark them."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from pdfgen import register
    register()
    w, h = A4
    c = canvas.Canvas(str(path), pagesize=A4)
    # page 1: the report
    _text(c, 60, h - 60, f"关于{YEAR}年{REGION}本级决算草案的报告", 16)
    for k in range(12):
        _text(c, 60, h - 100 - 18 * k, "全市预算执行总体平稳有序，收支平衡，财政运行稳健，各项工作有序推进。")
    c.showPage()
    # page 2: 附件1, percentages
    _caption(c, h, "附件1", f"{YEAR}年{REGION}一般公共预算收入决算表")
    y = h - 125
    for x, s in ((150, "项目"), (313, "预算"), (393, "决算"), (462, "完成预算%"), (556, "增长%")):
        _text(c, x, y, s, 9, "centre")
    for ordinal, name, indent, *cells in INCOME:
        y -= 20
        _text(c, 60 + 9 * indent, y, ordinal + name)
        for x, s in zip((325, 405, 480, 570), cells):
            if s:
                _text(c, x, y, s, 9, "right", NUMBERS)
    c.showPage()
    # pages 3-14: 附件2, 序号 column, caption and header on every page
    rows = function_rows()
    for start in range(0, len(rows), ROWS_PER_PAGE):
        _caption(c, h, "附件2", f"{YEAR}年{REGION}本级一般公共预算支出功能分类决算表"
                 + (continued if start else ""))
        y = h - 125
        _text(c, 70, y, "序号", 9, "centre")
        _text(c, 250, y, "项目", 9, "centre")
        _text(c, 480, y, "决算", 9, "centre")
        for ordinal, name, amount in rows[start:start + ROWS_PER_PAGE]:
            y -= 19
            if ordinal:     # every ordinal at one x (as 附件7-2 prints them): only its form
                _text(c, 50, y, ordinal, font=NUMBERS if ordinal.isdigit() else FONT)
            _text(c, 150 if ordinal else 130, y, name)
            _text(c, 500, y, f"{amount}.00", 9, "right", NUMBERS)
        _text(c, 297, 40, f"第 {start // ROWS_PER_PAGE + 1} 页", 9, "centre")
        c.showPage()
    c.save()
    return path


def pages_of_function_table() -> list[int]:
    n = len(function_rows())
    return list(range(3, 3 + (n + ROWS_PER_PAGE - 1) // ROWS_PER_PAGE))
