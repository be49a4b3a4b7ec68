"""Layout-dump pages whose rows and headers need the unruled finder's finer rules
(extract/unruled.py): group labels over a line of their columns' labels, a two-sided table's
sides one space apart, closing rows set off across the sides, labels wrapped round their
row's amount line, an outline's labels one space from their tail, a code printed alone
between its label's lines, a 其中 column, and the page number under the table. The pages are
written here by hand, as pdftotext -layout prints such tables (each a shortened copy of a
real disclosure's layout); the expected columns and cells are read off those lines."""

from __future__ import annotations

from decimal import Decimal

import pytest

import yusuan

TWO_SIDED = """\
                             收支预算总表
部门名称：某某单位                                                     单位:万元
          收入                                   支出

                              功能分类                      支出用途
    项目名称         金额
                             功能科目名称         金额          项目名称         金额

 一、财政拨款        37,188.34   一、一般公共服务支出                 一、基本支出       21,968.00

   1.一般公共预算    37,188.34   二、外交支出                     二、项目支出       10,208.94

   2.政府性基金预算               三、国防支出                     三、单位预留机动经费    5,011.40

 二、财政专户管理资金                四、公共安全支出       27,488.23

 三、其他资金                    五、教育支出
                           六、文化旅游体育与传媒支
                           出
                           七、社会保障和就业支出     2,355.65

                           八、住房保障支出       7,344.46

   当年收入小计      37,188.34                 当年支出小计                    37,188.34

   上年结转资金                                结转下年资金

    收入合计       37,188.34                  支出合计                     37,188.34
"""


def _read(tmp_path, text: str):
    path = tmp_path / "page.txt"
    path.write_text(text, "utf-8")
    return yusuan.read(path)


def _cell(table, name: str, column: str):
    hits = [v for r in table.rows for col, v in r.values.items() if r.name == name and col == column]
    assert len(hits) == 1, (name, column, [(r.name, r.values) for r in table.rows])
    return hits[0]


def test_group_labels_share_out_the_columns_of_a_two_sided_table(tmp_path):
    t = _read(tmp_path, TWO_SIDED).tables[0]
    # 功能分类 and 支出用途 each over their 名称 | 金额, though the dump prints them left of
    # their cells' centres; 功能分类 is no label wrapped onto 功能科目名称
    assert [c.path for c in t.columns] == [
        ("收入", "项目名称"), ("收入", "金额"), ("支出", "功能分类", "功能科目名称"),
        ("支出", "功能分类", "金额"), ("支出", "支出用途", "项目名称"), ("支出", "支出用途", "金额")]
    assert _cell(t, "一般公共预算", "收入/金额") == Decimal("37188.34")
    assert _cell(t, "外交支出", "支出/功能分类/金额") is None
    assert _cell(t, "公共安全支出", "支出/功能分类/金额") == Decimal("27488.23")
    assert _cell(t, "文化旅游体育与传媒支出", "支出/功能分类/金额") is None
    assert _cell(t, "住房保障支出", "支出/功能分类/金额") == Decimal("7344.46")
    assert _cell(t, "单位预留机动经费", "支出/支出用途/金额") == Decimal("5011.40")


def test_closing_rows_are_rows_of_their_own(tmp_path):
    t = _read(tmp_path, TWO_SIDED).tables[0]
    # 上年结转资金 under a total's label, set a blank line apart, prints no amount: its own row
    assert _cell(t, "当年收入小计", "收入/金额") == Decimal("37188.34")
    assert _cell(t, "上年结转资金", "收入/金额") is None
    assert _cell(t, "收入合计", "收入/金额") == Decimal("37188.34")
    # the right side's closing labels, centred across its cells, start no column
    assert _cell(t, "当年支出小计", "支出/支出用途/金额") == Decimal("37188.34")
    assert _cell(t, "支出合计", "支出/支出用途/金额") == Decimal("37188.34")
    # 结转下年资金, centred across the right side's cells and printing no amount, leaves the
    # side's amount column blank, as 支出合计 under it prints it
    assert _cell(t, "结转下年资金", "支出/支出用途/金额") is None


OUTLINE = """\
公开 12 表
                    政府采购支出预算表
部门名称：某某单位                                          单位：万元
采购品目大
         专项名称         经济科目         采购物品名称      采购组织形式    总计
   类
合计                                                         1,293.50
一、货物 A                                                     1,163.50
                    信息网络及软件购
          信息网络建设费                                         966.50
                    置更新
                                  PC 服务器       政府集中采购       68.00
                                  台式计算机（20 万
                                               政府集中采购       99.00
                                  以上）
                                  便携式计算机（20
                                               政府集中采购     112.50
                                  万以上）
                                  计算机软件        政府集中采购     177.00
                                  其他计算机设备及
                                               政府集中采购     510.00
                                  软件
          设备购置费     办公设备购置                                 120.00
                                  计算机设备维修和
                                               政府集中采购     120.00
                                  保养服务
                    邮电费                                      77.00
                                  互联网信息服务      部门集中采购       77.00
二、工程 B                                                     130.00
          商品和服务支出   维修（护）费                                 130.00
                                  修缮工程         部门集中采购      130.00
                             16
"""


def test_an_outline_keeps_its_wrapped_labels_with_their_rows(tmp_path):
    t = _read(tmp_path, OUTLINE).tables[0]
    names = [r.name for r in t.rows]
    # 货物 A one space apart is one label; the page number 16 under the table is no row
    assert names == ["合计", "货物A", "信息网络及软件购置更新", "PC服务器", "台式计算机（20万以上）",
                     "便携式计算机（20万以上）", "计算机软件", "其他计算机设备及软件", "办公设备购置",
                     "计算机设备维修和保养服务", "邮电费", "互联网信息服务", "工程B", "维修（护）费",
                     "修缮工程"]
    # a label printed over its row's amount line opens that row (台式计算机（20 万 / 政府集中
    # 采购 99.00 / 以上）); a deeper label's tail goes on with it, not with the next row
    assert _cell(t, "台式计算机（20万以上）", "总计") == Decimal("99.00")
    assert _cell(t, "计算机设备维修和保养服务", "总计") == Decimal("120.00")
    assert _cell(t, "邮电费", "总计") == Decimal("77.00")
    assert _cell(t, "信息网络及软件购置更新", "总计") == Decimal("966.50")
    assert _cell(t, "工程B", "总计") == Decimal("130.00")
    # 采购组织形式 is text, not an outline's deepest label
    row = next(r for r in t.rows if r.name == "PC服务器")
    assert row.texts.get("采购组织形式") == "政府集中采购"


CODE_BETWEEN = """\
                      表 4：高等学校财政拨款支出决算表
单位名称：某某大学                                                                单位：万元
          项目                                     本年支出
                                                               项目支出

 科目编码          科目名称    合计             基本支出                           其中：基本建设资金支
                                                        小计
                                                                          出

205       教育支出          241,982.59        186,373.11     55,609.48        20,201.05
2050699   其他留学教育支出       626.86          626.86
          超长期特别国债
20598
          安排的支出        6,304.68                          6,304.68         6,304.68
2059802   高等教育         6,304.68                          6,304.68         6,304.68
"""


def test_a_code_printed_alone_between_its_label_lines(tmp_path):
    t = _read(tmp_path, CODE_BETWEEN).tables[0]
    # 其中：基本建设资金支出 is a part of 项目支出, under it beside 小计
    assert [c.path for c in t.columns][-2:] == [("本年支出", "项目支出", "小计"),
                                               ("本年支出", "项目支出", "基本建设资金支出")]
    row = next(r for r in t.rows if r.code == "20598")
    assert row.name == "超长期特别国债安排的支出"
    # 合计 is 本年支出's, as on the page the dump was made of (高等学校财政拨款支出决算表)
    assert row.values["本年支出/合计"] == Decimal("6304.68")
    assert row.values["本年支出/项目支出/基本建设资金支出"] == Decimal("6304.68")
    assert next(r for r in t.rows if r.code == "2050699").name == "其他留学教育支出"


THREE_LINES = """\
                  一般公共预算财政拨款支出决算表
                                         单位：万元
           项目

                        合计      基本支出     项目支出
  功能分类
                科目名称
  科目编码

            一般公共服务
 201                   264.87   62.63    202.24
            支出
 20139      社会工作事务     264.87   62.63    202.24
            社会保障和就
 208                   10.82    10.82
            业支出
            行政事业单位
 20805                 10.82    10.82
            养老支出
            机关事业单位
 2080505    基本养老保险      6.18     6.18
            缴费支出
 210        卫生健康支出      2.71     2.71
"""


def test_labels_wrapped_over_three_lines_round_their_amounts(tmp_path):
    t = _read(tmp_path, THREE_LINES).tables[0]
    # the first row's label starts above its amount line, under the header: it is no header
    assert [c.path for c in t.columns][:2] == [("项目", "功能分类科目编码"), ("项目", "科目名称")]
    assert [(r.code, r.name) for r in t.rows] == [
        ("201", "一般公共服务支出"), ("20139", "社会工作事务"), ("208", "社会保障和就业支出"),
        ("20805", "行政事业单位养老支出"), ("2080505", "机关事业单位基本养老保险缴费支出"),
        ("210", "卫生健康支出")]
    assert t.rows[4].values["基本支出"] == Decimal("6.18")


SPACED = """\
                                    收支预算总表
部门：某某单位                                                                             单位：万元
             收入                                               支出

                                             功能分类                                 支出用途
     项目名称         金额
                                        功能科目名称              金额             项目名称          金额

一、财政拨款             24,458.43 一、一般公共服务支出                      20,153.75 一、基本支出             10,403.11

 1.一般公共预算          24,458.43 二、外交支出                                     二、项目支出            12,081.46

 2.政府性基金预算                     三、国防支出                                   三、单位预留机动经费         1,973.86

二、财政专户管理资金                     四、公共安全支出

                               十七、国土海洋气象等支出

                               十八、住房保障支出                     3,015.16

                               十九、粮油物资储备支出

                               二十、其他支出

    当年收入小计         24,458.43                        当年支出小计                                24,458.43

    上年结转资金                                          结转下年资金

     收入合计          24,458.43                         支出合计                                 24,458.43
"""


def test_a_label_row_above_the_totals_is_its_own_where_every_row_stands_apart(tmp_path):
    # every line a blank line apart: 四、其他支出 is no wrapped label of the totals' line
    t = _read(tmp_path, SPACED).tables[0]
    assert _cell(t, "其他支出", "支出/功能分类/金额") is None
    assert _cell(t, "当年支出小计", "支出/支出用途/金额") == Decimal("24458.43")
    assert _cell(t, "当年收入小计", "收入/金额") == Decimal("24458.43")
    assert _cell(t, "住房保障支出", "支出/功能分类/金额") == Decimal("3015.16")
    assert _cell(t, "单位预留机动经费", "支出/支出用途/金额") == Decimal("1973.86")


# A group under a group: pdftotext prints 公务用车购置及运行维护费 from its left edge at half
# its width, so by its middle alone it would also head 因公出国（境）费; that label and 公务接待费
# stand in cells reaching up to the group's line, centred higher than the group's children.
GROUP_UNDER_GROUP = """\
                     “三公”经费、会议费、培训费支出预算表

部门：某某办公厅                                                                        单位：万元

                                 “三公”经费


                                公务用车购置及运行维护费
 合计                                                                 会议费        培训费
                     因公出国
            小计                                            公务接待费
                     （境）费               公务用车购 公务用车运行
                               小计
                                          置费    维护费


 1,471.70   508.20     70.00   411.20            411.20     27.00     933.50     30.00
"""

# A group heading the header beside a leaf centred in all the header's rows: 机关运行经费预算数
# starts above every label under “三公”经费预算数, so it is none of that group's columns.
GROUP_BESIDE_A_TALL_LEAF = """\
                  2025年部门“三公”经费和机关运行经费预算表
编制部门：某某区人民政府办公室                                                  单位:万元

                            “三公”经费预算数

                                                             机关运行经费预算
                                          公务用车购置及运行费
                                                                 数
   合计        因公出国(境)费     公务接待费
                                     小计      购置费       运行费



    867.50       839.00      28.50                                213.28
"""


def test_a_group_under_a_group_heads_only_its_own_children(tmp_path):
    t = _read(tmp_path, GROUP_UNDER_GROUP).tables[0]
    assert [c.path for c in t.columns if c.role == "amount"] == [
        ("合计",), ("“三公”经费", "小计"), ("“三公”经费", "因公出国（境）费"),
        ("“三公”经费", "公务用车购置及运行维护费", "小计"),
        ("“三公”经费", "公务用车购置及运行维护费", "公务用车购置费"),
        ("“三公”经费", "公务用车购置及运行维护费", "公务用车运行维护费"),
        ("“三公”经费", "公务接待费"), ("会议费",), ("培训费",)]
    row = t.rows[0]
    assert row.values["“三公”经费/因公出国（境）费"] == Decimal("70.00")
    assert row.values["“三公”经费/公务用车购置及运行维护费/公务用车运行维护费"] == Decimal("411.20")
    assert row.values["“三公”经费/公务接待费"] == Decimal("27.00")


def test_a_leaf_centred_in_all_header_rows_is_no_column_of_the_group_beside_it(tmp_path):
    t = _read(tmp_path, GROUP_BESIDE_A_TALL_LEAF).tables[0]
    assert [c.path for c in t.columns if c.role == "amount"] == [
        ("“三公”经费预算数", "合计"), ("“三公”经费预算数", "因公出国(境)费"), ("“三公”经费预算数", "公务接待费"),
        ("“三公”经费预算数", "公务用车购置及运行费", "小计"), ("“三公”经费预算数", "公务用车购置及运行费", "购置费"),
        ("“三公”经费预算数", "公务用车购置及运行费", "运行费"), ("机关运行经费预算数",)]
    assert t.rows[0].values["机关运行经费预算数"] == Decimal("213.28")


# A two-sided table whose sides' headers differ in depth: 预算数 stands in every header row under
# 本年收入, beside 本年支出's four levels (预算数 over 合计 | 基本支出 over 人员经费 公用经费 | 项目支出).
SIDES_OF_FOUR_LEVELS = """\
                           2025年预算单位财务收支预算总表
编制单位：某某局                                                                               单位：元

            本年收入                                   本年支出
                                                                  预算数
     项目            预算数                项目                          基本支出
                                              合计                                      项目支出
                                                           人员经费          公用经费
一、财政拨款收入           171,915,169 一、一般公共服务支出    127,886,849    60,330,260   24,531,459   43,025,130
  1、一般公共预算资金       171,915,169 二、社会保障和就业支出    17,560,320    15,714,000      646,320    1,200,000
  2、政府性基金                        三、卫生健康支出      4,668,000     4,620,000                    48,000
二、事业收入




    收入总计           171,915,169       支出总计    171,915,169   102,464,260   25,177,779   44,273,130
"""


def test_each_side_keeps_its_columns_whatever_the_depth_of_its_header(tmp_path):
    t = _read(tmp_path, SIDES_OF_FOUR_LEVELS).tables[0]
    assert [c.path for c in t.columns] == [
        ("本年收入", "项目"), ("本年收入", "预算数"), ("本年支出", "项目"), ("本年支出", "预算数", "合计"),
        ("本年支出", "预算数", "基本支出", "人员经费"), ("本年支出", "预算数", "基本支出", "公用经费"),
        ("本年支出", "预算数", "项目支出")]
    health = next(r for r in t.rows if r.name == "卫生健康支出")
    assert health.values["本年支出/预算数/项目支出"] == Decimal("48000")
    assert health.values["本年支出/预算数/基本支出/公用经费"] is None
    assert next(r for r in t.rows if r.name == "收入总计").values["本年收入/预算数"] == Decimal("171915169")


QUALIFIED_TITLE = """\
                 某某单位项目支出预算表
                      (2023 年度)
   项目名称                 合计          财政拨款
   某某专项                    2,112.76           2,112.00
   其他专项                       10.00              10.00
"""


def test_a_title_qualifier_under_the_title_is_the_captions_not_a_row(tmp_path):
    # the bracket alone under the title ((2023 年度), set tight above the header as a
    # Chongqing 绩效目标表 prints it) is the title's second line, not the table's first row
    t = _read(tmp_path, QUALIFIED_TITLE).tables[0]
    assert t.title == "某某单位项目支出预算表(2023年度)"
    assert [r.name for r in t.rows] == ["某某专项", "其他专项"]
    assert _cell(t, "某某专项", "财政拨款") == Decimal("2112.00")


ROWS_BEFORE_THE_FIRST_AMOUNT = """\
                                    十六、金融支出
                                    十七、援助其他地区支出
                                    十八、自然资源海洋气象等支出
                                    十九、住房保障支出          16,151.67
                                    二十、粮油物资储备支出
                                    二十三、其他支出              109.50
       本年收入合计            477,447.73         本年支出合计    481,483.46
"""


def test_rows_printing_no_amount_before_the_first_that_does_are_rows(tmp_path):
    # a page continuing a two-sided table opens with label rows of one side (十六、… to 十八、,
    # blank): each is a row, not a header line of the page (they were one merged header)
    t = _read(tmp_path, ROWS_BEFORE_THE_FIRST_AMOUNT).tables[0]
    assert [r.name for r in t.rows if r.side == "支出"] == [
        "金融支出", "援助其他地区支出", "自然资源海洋气象等支出", "住房保障支出", "粮油物资储备支出",
        "其他支出", "本年支出合计"]
    assert [r.values for r in t.rows if r.name == "金融支出"] == [{"支出/列4": None}]


AMOUNT_ON_THE_TAIL = """\
                                  表 2：某某单位收入决算表
单位名称：某某单位                                                                        单位：万元
  科目编码      科目名称        本年收入合计    财政拨款收入      事业收入        其他收入
205       教育支出           444,291.14   255,282.10     144,017.87        44,991.16
2050205    高等教育          382,260.23   204,296.56     142,972.32        34,991.35
           社会保障和就业
208                    15,171.49    15,077.81
           支出                                                        93.68
           行政事业单位养
20805                  15,171.49    15,077.81
           老支出                                                       93.68
221        住房保障支出      16,151.67     7,624.66                      8,527.01
"""


def test_an_amount_set_on_the_wrapped_labels_tail_is_its_rows(tmp_path):
    # pdftotext sets one amount of a row a little lower than the others, on the line of the
    # label's tail (Chongqing 收入决算表): it is that row's, in its column
    t = _read(tmp_path, AMOUNT_ON_THE_TAIL).tables[0]
    assert [(r.code, r.name) for r in t.rows] == [
        ("205", "教育支出"), ("2050205", "高等教育"), ("208", "社会保障和就业支出"),
        ("20805", "行政事业单位养老支出"), ("221", "住房保障支出")]
    assert _cell(t, "社会保障和就业支出", "其他收入") == Decimal("93.68")
    assert _cell(t, "行政事业单位养老支出", "财政拨款收入") == Decimal("15077.81")
    assert _cell(t, "行政事业单位养老支出", "其他收入") == Decimal("93.68")


CROWDED_LEAVES = """\
               “三公”经费、会议费、培训费支出预算表
部门：某某单位                                                                                  单位：万元



                                         “三公”经费

                                         公务用车购置及运行维护费
    合计                        因公出国                           公务接待 会议费                  培训费
                    小计                                  公务用车
                              （境）费                 公务用车        费
                                         小计             运行维护
                                                    购置费
                                                          费
         1,234.56    300.00     100.00    150.00          150.00    50.00     834.56     100.00
"""


def test_crowded_leaves_label_the_columns_in_their_order(tmp_path):
    # 公务接待 / 费 and 会议费 set one space apart, each left of its numbers, and 公务用车 /
    # 运行维护 / 费 wrapped between 公务接待's lines: two labels (not one), and the leaves, as
    # many as the columns, label them in their order (no 列8, 会议费 over 834.56); “三公”经费,
    # printed over 公务用车… alone, comprises 小计 … 公务接待费 (the catalogue's header_group)
    t = _read(tmp_path, CROWDED_LEAVES).tables[0]
    paths = [c.path for c in t.columns]
    assert len(paths) == 9 and paths[-3:] == [("“三公”经费", "公务接待费"), ("会议费",), ("培训费",)]
    assert paths[:3] == [("合计",), ("“三公”经费", "小计"), ("“三公”经费", "因公出国（境）费")]
    assert paths[5] == ("“三公”经费", "公务用车购置及运行维护费", "公务用车运行维护费")
    assert _cell(t, "", "“三公”经费/公务接待费") == Decimal("50.00")
    assert _cell(t, "", "会议费") == Decimal("834.56")
    assert _cell(t, "", "“三公”经费/公务用车购置及运行维护费/公务用车运行维护费") == Decimal("150.00")


GROUP_LABEL_BETWEEN_ROWS = """\
                     收入预算总表
部门：某某单位                                 单位：万元

        项目名称                     金额
                收入总计                   13,377.11
                小计                     13,297.11
   一般公共预算资金     公共财政拨款(补助)资金           13,297.11
                专项收入
                小计                         80.00
                事业收入
        其他资金
                经营收入
                其他收入                       80.00
                小计
  上年结转和结余资金
                其中：动用上年结转和结余资金
"""


def test_a_group_label_between_two_label_rows_parts_them(tmp_path):
    # 其他资金, an outline's group label centred beside its rows, stands on a line of its own
    # between 事业收入 and 经营收入 (both blank): the short 事业收入 is whole, so 经营收入 is
    # the next row, not its tail (江苏 公开02表)
    t = _read(tmp_path, GROUP_LABEL_BETWEEN_ROWS).tables[0]
    assert [r.name for r in t.rows if r.name.startswith("其他资金/")] == [
        "其他资金/小计", "其他资金/事业收入", "其他资金/经营收入", "其他资金/其他收入"]
    assert _cell(t, "其他资金/其他收入", "金额") == Decimal("80.00")


WHOLE_NUMBERS = """\
                 某某单位人员情况表
                                          单位：人
   项目            编制数        实有人数
   行政人员          120           115
   事业人员           80            78
   参公人员           30            28
"""
WHOLE_NUMBERS_CONTINUED = WHOLE_NUMBERS + """\
\f   工勤人员           10             9
   合计             240           230
"""
WHOLE_NUMBERS_THEN_CONTENTS = WHOLE_NUMBERS + """\
\f目录
一、部门概况                                                  3
二、收支预算总表                                                5
"""


def test_whole_numbers_heading_a_page_continue_the_table_before(tmp_path):
    # a continued page printing whole numbers only (人数, 分值) has no caption to make it a
    # table: it is one when it continues the table that ended the page before
    t = _read(tmp_path, WHOLE_NUMBERS_CONTINUED).tables[0]
    assert t.pages == (1, 2)
    assert [(r.page, r.name) for r in t.rows][-2:] == [(2, "工勤人员"), (2, "合计")]
    assert _cell(t, "合计", "实有人数") == Decimal("230")


def test_whole_numbers_heading_a_page_that_continue_nothing_stay_text(tmp_path):
    # (a contents page's page numbers stand where no column of the table before stands)
    from yusuan.extract import read_raw
    from yusuan.settings import Settings
    doc = _read(tmp_path, WHOLE_NUMBERS_THEN_CONTENTS)
    assert [(t.title, t.pages) for t in doc.tables] == [("某某单位人员情况表", (1,))]
    raw = read_raw(tmp_path / "page.txt", Settings())
    assert "二、收支预算总表" in list(raw.page_texts())[1]


def test_a_failing_continuation_match_costs_a_warning_not_the_document(tmp_path, monkeypatch):
    from yusuan.extract import pdf

    def broken(*args, **kwargs):
        raise ValueError("unforeseen")
    monkeypatch.setattr(pdf.Flow, "_continues", broken)
    doc = _read(tmp_path, WHOLE_NUMBERS_CONTINUED)
    t = doc.tables[0]
    assert t.pages == (1,) and [r.name for r in t.rows] == ["行政人员", "事业人员", "参公人员"]
    assert any("page 2" in w and "unforeseen" in w for w in t.warnings)


JITTERED_TOTAL = """\
                              收入决算表
单位名称：某某单位                                                         单位：万元
 科目编码    科目名称           本年收入合计     财政拨款收入      其他收入
 208        社会保障和就业支出       60.00          50.00       10.00
 20805      行政事业单位养老支出     60.00          50.00       10.00
            合计                  1,160.00       1,050.00      110.00
"""


def _total_row(tmp_path):
    t = _read(tmp_path, JITTERED_TOTAL).tables[0]
    return next(r for r in t.rows if r.name == "合计")


def test_an_amount_set_left_of_its_columns_numbers_is_read_whole(tmp_path):
    # 1,050.00 starts three characters left of the 50.00 above it: a border through it made
    # it 1,050.0 and 0, two amounts never printed
    printed = sorted(v for v in _total_row(tmp_path).values.values() if v is not None)
    assert printed == [Decimal("110.00"), Decimal("1050.00"), Decimal("1160.00")]


@pytest.mark.xfail(strict=True, reason="the total line's amounts, jittered three characters "
                   "right of the rows', make columns of their own (issue 11, left)")
def test_a_jittered_total_lines_amounts_are_in_the_rows_columns(tmp_path):
    row = _total_row(tmp_path)
    assert (row.values.get("财政拨款收入"), row.values.get("其他收入")) == (Decimal("1050.00"), Decimal("110.00"))


CODE_PARTS_ON_THE_TOTALS_LINE = """\
                      表 4：某某单位财政拨款支出决算表
单位名称：某某单位                                                                单位：万元
          项目                                     本年支出

 科目编码          科目名称    合计             基本支出          项目支出

类 款 项        合计         1,500.00          1,200.00        300.00
205       教育支出          1,500.00          1,200.00        300.00
20502     普通教育          1,500.00          1,200.00        300.00
2050205    高等教育          1,500.00          1,200.00        300.00
"""


def test_the_codes_parts_on_the_first_rows_line_are_the_headers(tmp_path):
    # pdftotext sets the header's last line (类 款 项 under 科目编码) on the 合计 row's: no code
    # of that row, which is the table's total
    doc = _read(tmp_path, CODE_PARTS_ON_THE_TOTALS_LINE)
    t = doc.tables[0]
    first = t.rows[0]
    assert (first.code, first.name, first.values["本年支出/合计"]) == (None, "合计", Decimal("1500.00"))
    totals = [c for c in doc.checks if c.name == "total" and c.tables == (1,)]
    assert totals and all(c.status == "pass" for c in totals), totals


# A two-sided table's second side going on alone once the first side's rows end: pdftotext
# sets its codes three characters left of the side's code column there (31013 … 31099, over
# the first side's 决算数). A shortened copy of 社会工作部 2024's 基本支出表, p.13.
SIDE_GOES_ON_ALONE = """\
                 一般公共预算财政拨款基本支出决算表
                                             单位：万元
经济分类                        经济分类
          科目名称      决算数                   科目名称       决算数
科目编码                        科目编码
301     工资福利支出      95.36   302     商品和服务支出          10.23
30101    基本工资       14.12   30201    办公费              3.78
30102    津贴补贴       39.72   30202    印刷费              0.00
30310    个人农业生产补贴    0.00   30231    公务用车运行维护费       0.00
30311    代缴社会保险费     0.00   30239    其他交通费用          2.43
         其他对个人和家庭
30399                0.00   30240    税金及附加费用         0.00
        的补助
                         31013  公务用车购置                0.00
                         31019  其他交通工具购置              0.00
                         31021  文物和陈列品购置              0.00
                         31022  无形资产购置                0.00
                         31099  其他资本性支出               0.00
      人员经费合计       95.36       公用经费合计                10.23
"""


def _side_alone(tmp_path):
    return _read(tmp_path, SIDE_GOES_ON_ALONE).tables[0]


def test_a_sides_codes_set_off_on_lines_of_their_own_stay_its_code_column(tmp_path):
    t = _side_alone(tmp_path)
    # they made a column of their own (列4) between the sides, and rows of their own
    assert [c.path for c in t.columns] == [("经济分类科目编码",), ("科目名称",), ("决算数",)] * 2
    assert len(t.rows) == 19
    rows = {r.code: (r.name, r.values["决算数"]) for r in t.rows if r.side == "side2"}
    assert rows["31019"] == ("其他交通工具购置", Decimal("0.00"))
    assert rows["31021"] == ("文物和陈列品购置", Decimal("0.00"))
    assert rows["31099"] == ("其他资本性支出", Decimal("0.00"))
    assert rows["30240"] == ("税金及附加费用", Decimal("0.00"))
    # a label standing evenly across the codes' column and its own is not moved onto its
    # line's code (read as one: 3101公3务用车购置)
    assert rows["31013"] == ("公务用车购置", Decimal("0.00"))
    assert rows["31022"] == ("无形资产购置", Decimal("0.00"))


@pytest.mark.xfail(strict=True, reason="公用经费合计, set mostly into the codes' column, is read "
                   "as a code (issue 11, left)")
def test_a_sides_total_set_into_its_codes_column_is_its_label(tmp_path):
    t = _side_alone(tmp_path)
    last = [r for r in t.rows if r.side == "side2"][-1]
    assert (last.code, last.name, last.values["决算数"]) == (None, "公用经费合计", Decimal("10.23"))
