"""Page breaks in text dumps, on hand-made input."""

from yusuan.extract.textpages import LAYOUT, PLAIN, detect_style, split_pages
from yusuan.settings import Settings


def pages_of(text, style=PLAIN, **settings):
    lines, count = split_pages(text, style, Settings(**settings))
    return {ln.text.strip(): ln.page for ln in lines if ln.text.strip()}, count


def test_leading_space_starts_a_page_in_plain_dumps():
    got, count = pages_of(" 第一页\n正文\n\u3000缩进不是分页\n 第二页\n")
    assert got == {"第一页": 1, "正文": 1, "缩进不是分页": 1, "第二页": 2} and count == 2


def test_page_number_ends_its_page_once():
    got, count = pages_of("甲\n- 1 -\n\n乙\n 丙\n- 2 -\n 丁\n")
    assert (got["甲"], got["乙"], got["丙"], got["丁"]) == (1, 2, 3, 4) and count == 4
    assert "- 1 -" not in got


def test_form_feeds_are_pages_and_a_trailing_one_is_not():
    got, count = pages_of("  a   1\n\f  b   2\n\f\f  c   3\n\f", LAYOUT)
    assert (got["a   1"], got["b   2"], got["c   3"]) == (1, 2, 4) and count == 4


def test_running_header_restores_lost_breaks():
    text = " 单位：万元\n表1\n 单位：万元\n表2\n 单位：万元\n表3\n单位：万元\n表4\n"
    got, count = pages_of(text)
    assert count == 4 and got["表4"] == 4
    got, count = pages_of(text, running_header_min_pages=0)
    assert count == 3


def test_style_detection():
    assert detect_style("合计 534.77 489.67\n201 一般公共服务支出 297.36\n", Settings()) == PLAIN
    assert detect_style("合计        534.77     489.67\n201   一般     297.36\n", Settings()) == LAYOUT
