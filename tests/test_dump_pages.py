"""Pages of the corpus' layout dumps (../shared/corpus-text) read in place, one page at a time,
each showing one rule of the unruled finder (extract/unruled.py) on the layout it was made
for. The expected columns, rows and cells are read off the printed pages by hand; the pages
are not copied into the project, and the tests skip, saying so, when ../shared is absent."""

from __future__ import annotations

from decimal import Decimal

import pytest

import yusuan


def _page(corpus, tmp_path, stem: str, page: int, last: int | None = None):
    """Page `page` (1-based, pages split by form feeds) of a corpus dump, read alone; or pages
    `page` to `last`, read as one dump."""
    path = corpus.parent / "corpus-text" / f"{stem}.txt"
    if not path.is_file():
        pytest.skip(f"layout dump not available: {path} is absent")
    text = "\f".join(path.read_text("utf-8").split("\f")[page - 1:last or page])
    one = tmp_path / f"{stem}-p{page}.txt"
    one.write_text(text, "utf-8")
    return yusuan.read(one)


def _cell(table, name: str, column: str):
    hits = [v for r in table.rows for col, v in r.values.items() if r.name == name and col == column]
    assert len(hits) == 1, (name, column, [(r.name, r.values) for r in table.rows])
    return hits[0]


# sh_shi_caizhengju_2025_yusuan, page 20.
# A column printed blank under a short label: pdftotext sets 购置费 in half its width, beside
# 运行费 over the one column that the body's numbers make (32.20 under 运行费 only).
def test_a_blank_column_under_a_short_label_is_its_own(corpus, tmp_path):
    t = _page(corpus, tmp_path, "sh_shi_caizhengju_2025_yusuan", 20).tables[0]
    group = ("“三公”经费预算数", "公务用车购置及运行费")
    assert [c.path for c in t.columns] == [
        ("“三公”经费预算数", "合计"), ("“三公”经费预算数", "因公出国(境)费"), ("“三公”经费预算数", "公务接待费"),
        group + ("小计",), group + ("购置费",), group + ("运行费",), ("机关运行经费预算数",)]
    row = t.rows[0]
    assert row.values["“三公”经费预算数/公务用车购置及运行费/购置费"] is None
    assert row.values["“三公”经费预算数/公务用车购置及运行费/运行费"] == Decimal("32.20")


# js_fayuan_2019_yusuan, page 9.
# An outline whose groups are printed in a column of their own, each centred on its rows
# (一般公共预算资金 level with the second of its three), and amounts set half a row below their
# labels, between the label lines (小计 / 37,188.34 / 公共财政拨款（补助）资金 / 37,188.34 / 专项收入).
def test_an_outline_s_centred_groups_and_amounts_under_their_labels(corpus, tmp_path):
    t = _page(corpus, tmp_path, "js_fayuan_2019_yusuan", 9).tables[0]
    assert [c.path for c in t.columns] == [("项目名称",), ("金额",)]
    assert [(r.name, r.values["金额"]) for r in t.rows][:9] == [
        ("收入总计", Decimal("37188.34")), ("一般公共预算资金/小计", Decimal("37188.34")),
        ("一般公共预算资金/公共财政拨款（补助）资金", Decimal("37188.34")), ("一般公共预算资金/专项收入", None),
        ("政府性基金/小计", None), ("财政专户管理资金/小计", None), ("财政专户管理资金/专户管理教育收费", None),
        ("财政专户管理资金/其他非税收入", None), ("其他资金/小计", None)]
    assert [r.name for r in t.rows][-2:] == ["上年结转和结余资金/小计", "上年结转和结余资金/动用上年结转和结余资金"]


# js_fayuan_2019_yusuan, page 10.
# One side's group over its two columns (支出用途 over 项目名称 | 金额), printed from its left edge
# at half its width: no blank column of its own.
def test_a_group_printed_from_its_left_edge_heads_its_side(corpus, tmp_path):
    t = _page(corpus, tmp_path, "js_fayuan_2019_yusuan", 10).tables[0]
    assert [c.path for c in t.columns] == [("收入", "项目名称"), ("收入", "金额"), ("支出", "支出用途", "项目名称"),
                                           ("支出", "支出用途", "金额")]
    assert _cell(t, "项目支出", "支出/支出用途/金额") == Decimal("10208.94")
    assert _cell(t, "支出合计", "支出/支出用途/金额") == Decimal("37188.34")


# js_zhengxie_2019_yusuan_tables, page 1.
# A long line pdftotext squeezed: 一、基本支出 starts in the numbers' column left of its own, one
# space after 10,271.56. A word is one cell's text.
def test_a_label_set_into_the_numbers_column_left_of_it_stays_whole(corpus, tmp_path):
    t = _page(corpus, tmp_path, "js_zhengxie_2019_yusuan_tables", 1).tables[0]
    assert _cell(t, "一般公共服务支出", "支出/功能分类/金额") == Decimal("10271.56")
    assert _cell(t, "基本支出", "支出/支出用途/金额") == Decimal("6522.75")
    assert _cell(t, "项目支出", "支出/支出用途/金额") == Decimal("4968.34")


# sh_shi_caizhengju_2025_yusuan, page 12.
# A side's label printed from its left edge at half its width over its two columns (财政拨款收入
# over 项目 | 预算数): the two words under its print make it a group, not 财政拨款收入项目.
def test_a_side_label_over_two_words_is_no_wrapped_label(corpus, tmp_path):
    t = _page(corpus, tmp_path, "sh_shi_caizhengju_2025_yusuan", 12).tables[0]
    assert [c.path for c in t.columns][:3] == [("财政拨款收入", "项目"), ("财政拨款收入", "预算数"), ("财政拨款支出", "项目")]
    assert _cell(t, "一般公共预算资金", "财政拨款收入/预算数") == Decimal("171915169")
    assert _cell(t, "国有资本经营预算", "财政拨款收入/预算数") is None
    assert _cell(t, "收入总计", "财政拨款收入/预算数") == Decimal("171915169")


# sh_putuo_shehuigongzuobu_2024_juesuan, page 5.
# Rows of labels only under a total, set tight (使用非财政拨款结余 | 结余分配, then 年初结转和结余 |
# 年末结转和结余): a label that ends short of its column's widest did not wrap, so the line under
# it is the next row.
def test_label_rows_under_a_total_are_rows_when_the_labels_left_room(corpus, tmp_path):
    t = _page(corpus, tmp_path, "sh_putuo_shehuigongzuobu_2024_juesuan", 5).tables[0]
    assert _cell(t, "使用非财政拨款结余", "收入/决算数") is None
    assert _cell(t, "年初结转和结余", "收入/决算数") is None
    assert _cell(t, "结余分配", "支出/决算数") is None
    assert _cell(t, "年末结转和结余", "支出/决算数") is None
    assert [r.values for r in t.rows if r.name == "总计"] == [{"收入/决算数": Decimal("307.82")},
                                                             {"支出/决算数": Decimal("307.82")}]


# js_fayuan_2019_yusuan, page 15.
# A note whose lines a dump sets a blank line apart: a sentence cut at a line's end goes on below.
def test_a_note_s_sentence_goes_on_across_a_blank_line(corpus, tmp_path):
    t = _page(corpus, tmp_path, "js_fayuan_2019_yusuan", 15).tables[0]
    assert t.note.replace("\n", "") == ("1.“机关运行经费”指行政单位（含参照公务员法管理的事业单位）使用一般公共预算安排的基本支出中"
                      "的日常公用经费支出，包括办公及印刷费、邮电费、差旅费、会议费、福利费、日常维修费、专用材料及一"
                      "般设备购置费、办公用房水电费、办公用房取暖费、办公用房物业管理费、公务用车运行维护费及其他费用。"
                      "2.“科目编码”和“科目名称”为必填项。")


# js_shengweiban_2018_yusuan_tables, page 3.
# A two-sided table's closing rows whose labels a dump sets in the right side's first label
# column (当年支出小计, 结转下年资金, 支出合计 centred across 功能分类 and 支出用途's cells): drawn
# across to the amount they print, or as the rows round them are.
def test_closing_rows_in_a_label_column_are_drawn_across(corpus, tmp_path):
    t = _page(corpus, tmp_path, "js_shengweiban_2018_yusuan_tables", 3).tables[0]
    closing = [(r.side, r.values) for r in t.rows if r.name in ("当年支出小计", "结转下年资金", "支出合计")]
    assert closing == [("支出", {"支出/支出用途/金额": Decimal("24458.43")}), ("支出", {"支出/支出用途/金额": None}),
                       ("支出", {"支出/支出用途/金额": Decimal("24458.43")})]


# hlj_haerbinshi_2021_juesuan, page 64.
# Levels by indentation where a dump squeezed it: one full-width space of indent prints as one
# column (失业保险基金收入 two spaces in, 失业保险费收入 three).
def test_a_dump_s_indent_of_one_column_is_a_level(corpus, tmp_path):
    t = _page(corpus, tmp_path, "hlj_haerbinshi_2021_juesuan", 64).tables[0]
    assert [(r.name, r.level) for r in t.rows][:4] == [
        ("社会保险基金收入", 1), ("失业保险基金收入", 2), ("失业保险费收入", 3), ("失业保险基金利息收入", 3)]
    assert next(r for r in t.rows if r.name == "工伤保险基金收入").level == 2


# js_zhengxie_2019_yusuan_tables, page 2.
# A one-line header set right on the first row, its 金额 left of the right-aligned numbers with
# its middle on the border half way from the labels: the border does not cut it.
def test_a_header_leaf_over_the_gap_heads_the_amount_column(corpus, tmp_path):
    t = _page(corpus, tmp_path, "js_zhengxie_2019_yusuan_tables", 2).tables[0]
    assert t.columns[-1].path == ("金额",)
    assert t.rows[0].name == "收入总计" and t.rows[0].values == {"金额": Decimal("13377.11")}
    # each row one line, set tight: a label line under a row whose label left room in its
    # column is the next row (专项收入 under 公共财政拨款(补助)资金 13,297.11)
    assert [(r.name, r.values["金额"]) for r in t.rows][1:4] == [
        ("一般公共预算资金/小计", Decimal("13297.11")), ("一般公共预算资金/公共财政拨款(补助)资金", Decimal("13297.11")),
        ("一般公共预算资金/专项收入", None)]
    assert _cell(t, "其他资金/其他收入", "金额") == Decimal("80.00")


# cq_xinandaxue_2023_yusuan, page 7.
# Totals spelled out a character at a time at uneven gaps (收    入       总   计 557,259.13).
def test_totals_spelled_out_at_uneven_gaps_are_one_label(corpus, tmp_path):
    t = _page(corpus, tmp_path, "cq_xinandaxue_2023_yusuan", 7).tables[0]
    assert _cell(t, "收入总计", "收入/预算数") == Decimal("557259.13")
    assert _cell(t, "支出总计", "支出/预算数") == Decimal("557259.13")
    assert _cell(t, "结转下年", "支出/预算数") == Decimal("88480.06")


# sh_template_bumen_juesuan, page 11.
# A two-sided blank template by economic code: the second side's codes stand one space or
# none after the first side's labels (30201 办公费, 30207邮电费), and pdftotext set its last lines
# a few columns left of the others (31007 left of 30207, 更新 left of 邮电费).
def test_a_blank_two_sided_table_by_code_keeps_both_sides(corpus, tmp_path):
    t = _page(corpus, tmp_path, "sh_template_bumen_juesuan", 11).tables[0]
    assert [c.path for c in t.columns] == [("经济分类科目编码",), ("科目名称",), ("决算数",)] * 2
    rows = [(r.code or "", r.name) for r in t.rows]
    for row in [("301", "工资福利支出"), ("30101", "基本工资"), ("30399", "其他对个人和家庭的补助"), ("", "人员经费合计"),
                ("302", "商品和服务支出"), ("30201", "办公费"), ("30207", "邮电费"), ("30212", "因公出国（境）费用"),
                ("31099", "其他资本性支出"), ("", "公用经费合计")]:
        assert row in rows, row
    assert all(v is None for r in t.rows for v in r.values.values())


# sh_putuo_shehuigongzuobu_2024_juesuan, page 14.
# A blank 三公 table whose header has four levels and labels centred in tall cells: 因公出国 /
# （境）费 wrapped round the line of 合计 and 公务用车, its tail under a line of other cells'
# labels; 小计 level with 公务用车 / 购置费, not their child; 公务用车购置及运行维护费 printed right
# of its columns' middle. The table prints no row: one blank row under the header, as its grid.
def test_a_four_level_header_with_labels_wrapped_round_their_neighbours(corpus, tmp_path):
    t = _page(corpus, tmp_path, "sh_putuo_shehuigongzuobu_2024_juesuan", 14).tables[0]
    top, car = "财政拨款“三公”经费", "公务用车购置及运行维护费"
    pairs = [(top, "合计"), (top, "因公出国（境）费"), (top, car, "小计"), (top, car, "公务用车购置费"),
             (top, car, "公务用车运行维护费"), (top, "公务接待费")]
    assert [c.path for c in t.columns] == [p + (leaf,) for p in pairs for leaf in ("预算数", "决算数")]
    assert len(t.rows) == 1 and all(v is None for v in t.rows[0].values.values())


# sh_putuo_zhengfuban_2025_yusuan_dept, pages 9 and 10.
# The 收入预算总表 continued without its header on a page pdftotext squeezed where its columns
# print nothing (shorter labels): its two amount columns stand one space apart, left of the
# table's (1,097,073.43 1,097,073.43). Read at the table's borders the second would be lost;
# each goes to its column at the page's own scale.
def test_a_continued_page_squeezed_where_its_columns_print_nothing(corpus, tmp_path):
    t = _page(corpus, tmp_path, "sh_putuo_zhengfuban_2025_yusuan_dept", 9, 10).tables[0]
    assert t.pages == (1, 2)
    assert _cell(t, "卫生健康支出", "收入预算/合计") == Decimal("1097073.43")
    assert _cell(t, "卫生健康支出", "收入预算/财政拨款收入") == Decimal("1097073.43")
    assert _cell(t, "购房补贴", "收入预算/财政拨款收入") == Decimal("1867680.00")
    assert _cell(t, "合计", "收入预算/财政拨款收入") == Decimal("91016775.35")
    assert _cell(t, "合计", "收入预算/事业收入") is None


# sh_putuo_wanlijiedao_2024_yusuan, page 16.
# 功能分类科目名称 centred right of the labels it heads (they start at 一般公共服务支出's left edge
# and end short of it), over the gap to 合计's numbers: it heads the label column, not a blank
# column of its own beside 合计.
def test_a_name_header_over_the_gap_heads_the_labels(corpus, tmp_path):
    t = _page(corpus, tmp_path, "sh_putuo_wanlijiedao_2024_yusuan", 16).tables[0]
    code = ("项目", "功能分类科目编码")
    assert [c.path for c in t.columns] == [
        code + ("类",), code + ("款",), code + ("项",), ("项目", "功能分类科目名称"),
        ("支出预算", "合计"), ("支出预算", "基本支出"), ("支出预算", "项目支出")]
    assert _cell(t, "统计信息事务", "支出预算/合计") == Decimal("257700")
