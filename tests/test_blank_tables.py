"""Tables that print no amount, set without rulings (extract/blanktables.py): an empty table
of a layout dump (合计 and a note, 本表为空) and a blank template, read with their header's
columns and blank cells. The pages are written here by hand, as pdftotext -layout prints
them; the expected columns and rows are read off those lines."""

from __future__ import annotations

import yusuan

EMPTY = """\
               2025年部门政府性基金预算支出功能分类预算表
编制部门：上海市普陀区人民政府办公室                                       单位：元

               项目                          政府性基金预算支出

功能分类科目编码
                 功能分类科目名称             合计     基本支出      项目支出
类   款   项




               合计
注:本部门2025年无政府性基金预算财政拨款安排的预算，故本表为空表。
"""

TEMPLATE = """\
                      收入支出决算总表
                                               单位：万元
               收入                         支出
          项目          决算数            项目           决算数
一、一般公共预算财政拨款收入              一、一般公共服务支出
二、上级补助收入                    二、外交支出
三、事业收入                      三、国防支出
     本年收入合计                        本年支出合计
          总计                         总计
  注：本表反映部门本年度的总收支和年末结转结余情况。
"""

PROSE = """\
                      收入支出决算总表
                                               单位：万元
    本部门2024年度收入、支出均为零，故本表无数据，特此说明。
"""


def _read(tmp_path, text: str):
    path = tmp_path / "page.txt"
    path.write_text(text, "utf-8")
    return yusuan.read(path)


def test_an_empty_table_keeps_its_header_and_its_blank_total(tmp_path):
    doc = _read(tmp_path, EMPTY)
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert t.title == "2025年部门政府性基金预算支出功能分类预算表"
    assert [c.path for c in t.columns] == [
        ("项目", "功能分类科目编码", "类"), ("项目", "功能分类科目编码", "款"), ("项目", "功能分类科目编码", "项"),
        ("项目", "功能分类科目名称"), ("政府性基金预算支出", "合计"), ("政府性基金预算支出", "基本支出"),
        ("政府性基金预算支出", "项目支出")]
    assert [(r.name, r.values) for r in t.rows] == [
        ("合计", {"政府性基金预算支出/合计": None, "政府性基金预算支出/基本支出": None,
                 "政府性基金预算支出/项目支出": None})]
    assert "本表为空表" in (t.note or "")


def test_a_blank_template_gives_its_rows_on_both_sides(tmp_path):
    t = _read(tmp_path, TEMPLATE).tables[0]
    assert [c.path for c in t.columns] == [("收入", "项目"), ("收入", "决算数"), ("支出", "项目"), ("支出", "决算数")]
    rows = [(r.side, r.name, r.values) for r in t.rows]
    assert ("收入", "一般公共预算财政拨款收入", {"收入/决算数": None}) in rows
    assert ("支出", "国防支出", {"支出/决算数": None}) in rows
    assert ("收入", "总计", {"收入/决算数": None}) in rows and ("支出", "总计", {"支出/决算数": None}) in rows
    assert len(rows) == 10


def test_a_sentence_under_a_title_is_no_table(tmp_path):
    assert _read(tmp_path, PROSE).tables == ()


# A blank template whose codes and names are left-aligned near each other, under header labels
# centred off them (功能分类 / 科目编码 at the left, 科目名称 further right), with a label wrapped
# round a code printed alone (文化旅游体育 / 207 / 与传媒支出).
CODES_AND_NAMES = """\
                                   支出决算表
                                                                  单位：万元
           项目
                                                                  对附属单位补
    功能分类                 本年支出合计   基本支出     项目支出   上缴上级支出   经营支出
                科目名称                                                助支出
    科目编码

           合计

205        教育支出

20502      普通教育

…          …

207        文化旅游体育与传媒支出
           其他文化旅游体育与传媒
20799
           支出
注：本表反映部门本年度各项支出情况。
"""


def test_codes_and_names_stand_in_the_columns_their_header_names(tmp_path):
    t = _read(tmp_path, CODES_AND_NAMES).tables[0]
    assert [c.path for c in t.columns] == [
        ("项目", "功能分类科目编码"), ("项目", "科目名称"), ("本年支出合计",), ("基本支出",), ("项目支出",),
        ("上缴上级支出",), ("经营支出",), ("对附属单位补助支出",)]
    assert [(r.code or "", r.name) for r in t.rows] == [
        ("", "合计"), ("205", "教育支出"), ("20502", "普通教育"), ("…", "…"), ("207", "文化旅游体育与传媒支出"),
        ("20799", "其他文化旅游体育与传媒支出")]
    assert all(v is None for r in t.rows for v in r.values.values())


def test_a_label_wrapped_round_its_code_printed_alone_is_one_row(tmp_path):
    page = CODES_AND_NAMES.replace("207        文化旅游体育与传媒支出\n",
                                   "           文化旅游体育\n207\n           与传媒支出\n")
    t = _read(tmp_path, page).tables[0]
    assert [(r.code or "", r.name) for r in t.rows][4] == ("207", "文化旅游体育与传媒支出")


TOTAL_ON_THE_HEADER_LINE = """\
                           某某预算财政拨款收入支出决算表
                                                            单位：万元
         项目
                   年初结转和                                  年末结转和
  功能分类                       本年收入           本年支出
          科目名称       结余                                     结余
  科目编码

         合计                           合计    基本支出   项目支出
注：本表反映部门本年度某某预算财政拨款收入支出及结转和结余情况。
"""


def test_a_total_row_set_level_with_the_headers_last_leaves_is_a_row(tmp_path):
    # pdftotext sets the blank table's 合计 row on the line of 本年支出's leaves (合计 | 基本支出
    # | 项目支出): under 项目 it is the table's one row; 年末结转和结余, set right of 项目支出 and
    # nearer to nothing under it, is a column of its own
    t = _read(tmp_path, TOTAL_ON_THE_HEADER_LINE).tables[0]
    assert [c.path for c in t.columns] == [
        ("项目", "功能分类科目编码"), ("项目", "科目名称"), ("年初结转和结余",), ("本年收入",),
        ("本年支出", "合计"), ("本年支出", "基本支出"), ("本年支出", "项目支出"), ("年末结转和结余",)]
    assert [(r.name, list(r.values.values())) for r in t.rows] == [("合计", [None] * 6)]


# the same header set narrower (the page's widest line is shorter): 项目支出 now reaches under
# 年末结转和 and stands clear of 本年支出, whose two characters a dump prints in half their width
TOTAL_ON_THE_HEADER_LINE_NARROW = """\
                       某某预算财政拨款收入支出决算表
                                                           单位：万元
         项目
                   年初结转和                                 年末结转和
  功能分类                     本年收入          本年支出
          科目名称       结余                                    结余
  科目编码

         合计                        合计    基本支出     项目支出
注：本表反映部门本年度某某预算财政拨款收入支出及结转和结余情况。
"""


def test_a_leaf_under_a_group_label_centred_over_it_is_that_groups_though_nearer_another(tmp_path):
    # 本年支出 is centred over 合计 | 基本支出 | 项目支出: 项目支出 is its leaf, not one under
    # 年末结转和结余 beside it, which stays a column of its own
    t = _read(tmp_path, TOTAL_ON_THE_HEADER_LINE_NARROW).tables[0]
    assert [c.path for c in t.columns] == [
        ("项目", "功能分类科目编码"), ("项目", "科目名称"), ("年初结转和结余",), ("本年收入",),
        ("本年支出", "合计"), ("本年支出", "基本支出"), ("本年支出", "项目支出"), ("年末结转和结余",)]
    assert [(r.name, list(r.values.values())) for r in t.rows] == [("合计", [None] * 6)]


NARROW_WRAPPED_LABELS = """\
                          财政拨款收入支出决算总表
                                                               单位：万元
               收入                           支出
                                                 一般公共   政府性基    国有资本
        项目          决算数             项目      合计   预算财政   金预算财    经营预算
                                                  拨款     政拨款    财政拨款
一、一般公共预算财政拨款               一、一般公共服务支出

二、政府性基金预算财政拨款              二、外交支出

         总计                           总计
注：本表反映部门本年度财政拨款总收支和结转结余情况。
"""


def test_labels_wrapped_over_three_lines_in_narrow_cells_side_by_side(tmp_path):
    # 一般公共 / 预算财政 / 拨款 beside 政府性基 / 金预算财 / 政拨款: each a label wrapped in its
    # own narrow cell, not a group over the words under its neighbours (pdftotext sets each
    # half its printed width, so as wide as printed they would reach under the next one)
    t = _read(tmp_path, NARROW_WRAPPED_LABELS).tables[0]
    assert [c.path for c in t.columns] == [
        ("收入", "项目"), ("收入", "决算数"), ("支出", "项目"), ("支出", "合计"), ("支出", "一般公共预算财政拨款"),
        ("支出", "政府性基金预算财政拨款"), ("支出", "国有资本经营预算财政拨款")]
    assert ("支出", "外交支出") in [(r.side, r.name) for r in t.rows]


CONTINUED = """\
                          财政拨款收入支出决算总表
                                                               单位：万元
               收入                           支出
        项目          决算数             项目           决算数
一、一般公共预算财政拨款               一、一般公共服务支出

二、政府性基金预算财政拨款              二、外交支出

                           三、国防支出
\f                             四、公共安全支出

                             五、灾害防治及应急管理支
                             出
本年收入合计                       本年支出合计

         总计                           总计
注：本表反映部门本年度财政拨款总收支和结转结余情况。
"""


def test_a_blank_table_continued_with_its_rows_only(tmp_path):
    # the second page prints no caption, no header and no amount, only the rows' labels of
    # both sides: they go on the table begun on the page before, in its label columns, a
    # wrapped label's tail (出) on its row
    doc = _read(tmp_path, CONTINUED)
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert t.pages == (1, 2)
    assert [(r.page, r.side, r.name) for r in t.rows if r.page == 2] == [
        (2, "收入", "本年收入合计"), (2, "收入", "总计"), (2, "支出", "公共安全支出"),
        (2, "支出", "灾害防治及应急管理支出"), (2, "支出", "本年支出合计"), (2, "支出", "总计")]
    assert all(v is None for r in t.rows for v in r.values.values())
    assert "本表反映部门本年度财政拨款总收支" in (t.note or "")


BLANK_THEN_PROSE = """\
               2025年部门政府性基金预算支出功能分类预算表
编制部门：某某单位                                                     单位：元

               项目                          政府性基金预算支出

功能分类科目编码
                 功能分类科目名称             合计     基本支出      项目支出
类   款   项




               合计
\f二、部门预算情况说明
（一）收入预算
    2025年收入预算 1,234.56 万元，比上年增加 12.30 万元，主要是人员经费增加。
"""


def test_headings_over_prose_on_the_next_page_are_no_rows_of_a_blank_table(tmp_path):
    doc = _read(tmp_path, BLANK_THEN_PROSE)
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert t.pages == (1,) and [r.name for r in t.rows] == ["合计"]


STUB_BESIDE_AMOUNTS = """\
                                      收入决算表
                                                                        单位：万元
               项目

                                                                     附属单位
    功能分类                   本年收入合计   财政拨款收入    上级补助收入   事业收入   经营收入          其他收入
                    科目名称                                             上缴收入
    科目编码


               合计

205        教育支出

20502      普通教育
注：本表反映部门本年度取得的各项收入情况。
"""


def test_the_stubs_header_heads_no_amount_column(tmp_path):
    # 项目 centred as printed over 功能分类科目编码 | 科目名称 reaches over 本年收入合计 beside them:
    # it heads the rows' code and label columns only
    t = _read(tmp_path, STUB_BESIDE_AMOUNTS).tables[0]
    assert [c.path for c in t.columns] == [
        ("项目", "功能分类科目编码"), ("项目", "科目名称"), ("本年收入合计",), ("财政拨款收入",), ("上级补助收入",),
        ("事业收入",), ("经营收入",), ("附属单位上缴收入",), ("其他收入",)]
    assert [(r.code, r.name) for r in t.rows] == [(None, "合计"), ("205", "教育支出"), ("20502", "普通教育")]


TAILS_BEFORE_THE_NEXT_CODE = """\
               一般公共预算财政拨款基本支出决算表
                                             单位：万元
经济分类                         经济分类
            科目名称       决算数                 科目名称      决算数
科目编码                         科目编码
301     工资福利支出               302     商品和服务支出
30107    绩效工资                30205    水费
         机关事业单位基本养老保
30108                        30206    电费
        险缴费
30109    职业年金缴费              30207邮电费
                             310资本性支出
                                  信息网络及软件购置
                          31007
                                更新
                          31013   公务用车购置
      人员经费合计                    公用经费合计
    注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。
"""


def test_a_labels_tail_under_its_code_stays_though_the_next_line_opens_a_row(tmp_path):
    # 机关事业单位基本养老保 / 30108 (beside the other side's 30206 电费) / 险缴费, and 信息网络及软件购置
    # / 31007 / 更新 (set a column left of the label as printed): each tail, right before the
    # next row's code, is its own row's
    t = _read(tmp_path, TAILS_BEFORE_THE_NEXT_CODE).tables[0]
    rows = [(r.code, r.name) for r in t.rows]
    assert ("30108", "机关事业单位基本养老保险缴费") in rows and ("30109", "职业年金缴费") in rows
    assert ("31007", "信息网络及软件购置更新") in rows and ("31013", "公务用车购置") in rows


def test_a_failing_continuation_reader_costs_a_warning_not_the_document(tmp_path, monkeypatch):
    # something unforeseen in reading a blank table's continued rows: the table keeps its
    # first page with a warning naming the page, the second page's lines stay text
    from yusuan.extract import blanktables

    def broken(*args, **kwargs):
        raise ValueError("unforeseen")
    monkeypatch.setattr(blanktables, "continued_rows", broken)
    doc = _read(tmp_path, CONTINUED)
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert t.pages == (1,)
    assert any("page 2" in w and "unforeseen" in w for w in t.warnings)
