"""Layout-dump pages whose rows and headers need the unruled finder's finer rules
(extract/unruled.py): group labels over a line of their columns' labels, a two-sided table's
sides one space apart, closing rows set off across the sides, labels wrapped round their
row's amount line, an outline's labels one space from their tail, a code printed alone
between its label's lines, a 其中 column, and the page number under the table. The pages are
written here by hand, as pdftotext -layout prints such tables (each a shortened copy of a
real disclosure's layout); the expected columns and cells are read off those lines."""

from __future__ import annotations

from decimal import Decimal

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


# A column printed blank under a short label: pdftotext sets 购置费 in half its width, beside
# 运行费 over the one column that the body's numbers make (32.20 under 运行费 only).
BLANK_UNDER_A_SHORT_LABEL = """\
                         2025年单位“三公”经费和机关运行经费预算表
编制单位：某某局                                                                       单位:万元


                                  “三公”经费预算数
                                                                               机关运行经费预算
                                                    公务用车购置及运行费
   合计            因公出国(境)费      公务接待费                                               数
                                           小计           购置费      运行费
        346.30        288.70       25.40        32.20                  32.20       2,517.78
"""


def test_a_blank_column_under_a_short_label_is_its_own(tmp_path):
    t = _read(tmp_path, BLANK_UNDER_A_SHORT_LABEL).tables[0]
    group = ("“三公”经费预算数", "公务用车购置及运行费")
    assert [c.path for c in t.columns] == [
        ("“三公”经费预算数", "合计"), ("“三公”经费预算数", "因公出国(境)费"), ("“三公”经费预算数", "公务接待费"),
        group + ("小计",), group + ("购置费",), group + ("运行费",), ("机关运行经费预算数",)]
    row = t.rows[0]
    assert row.values["“三公”经费预算数/公务用车购置及运行费/购置费"] is None
    assert row.values["“三公”经费预算数/公务用车购置及运行费/运行费"] == Decimal("32.20")


# An outline whose groups are printed in a column of their own, each centred on its rows
# (一般公共预算资金 level with the second of its three), and amounts set half a row below their
# labels, between the label lines (小计 / 37,188.34 / 公共财政拨款（补助）资金 / 37,188.34 / 专项收入).
OUTLINE_GROUPS = """\
                                收入预算总表
部门名称：某某单位                                                      单位：万元
                            项目名称                                   金额

                            收入总计                                     37,188.34

                           小计
                                                                     37,188.34
   一般公共预算资金                公共财政拨款（补助）资金
                                                                     37,188.34
                           专项收入

     政府性基金                 小计

                           小计

   财政专户管理资金                专户管理教育收费

                           其他非税收入

                           小计

                           事业收入

      其他资金                 经营收入

                           其他收入

                           债务资金（银行贷款）

                           小计
   上年结转和结余资金
                           其中：动用上年结转和结余资金
"""


def test_an_outline_s_centred_groups_and_amounts_under_their_labels(tmp_path):
    t = _read(tmp_path, OUTLINE_GROUPS).tables[0]
    assert [c.path for c in t.columns] == [("项目名称",), ("金额",)]
    assert [(r.name, r.values["金额"]) for r in t.rows][:9] == [
        ("收入总计", Decimal("37188.34")), ("一般公共预算资金/小计", Decimal("37188.34")),
        ("一般公共预算资金/公共财政拨款（补助）资金", Decimal("37188.34")), ("一般公共预算资金/专项收入", None),
        ("政府性基金/小计", None), ("财政专户管理资金/小计", None), ("财政专户管理资金/专户管理教育收费", None),
        ("财政专户管理资金/其他非税收入", None), ("其他资金/小计", None)]
    assert [r.name for r in t.rows][-2:] == ["上年结转和结余资金/小计", "上年结转和结余资金/动用上年结转和结余资金"]


# One side's group over its two columns (支出用途 over 项目名称 | 金额), printed from its left edge
# at half its width: no blank column of its own.
ONE_SIDE_GROUPED = """\
                        财政拨款收支预算总表
部门名称：某某单位                                                      单位:万元
                   收入                                 支出
                                                    支出用途
          项目名称               金额
                                             项目名称                  金额
一、一般公共预算                     37,188.34   一、基本支出                     21,968.00
二、政府性基金预算                                二、项目支出                     10,208.94
                                         三、单位预留机动经费                  5,011.40
          收入合计               37,188.34       支出合计                   37,188.34
"""


def test_a_group_printed_from_its_left_edge_heads_its_side(tmp_path):
    t = _read(tmp_path, ONE_SIDE_GROUPED).tables[0]
    assert [c.path for c in t.columns] == [("收入", "项目名称"), ("收入", "金额"), ("支出", "支出用途", "项目名称"),
                                           ("支出", "支出用途", "金额")]
    assert _cell(t, "项目支出", "支出/支出用途/金额") == Decimal("10208.94")
    assert _cell(t, "支出合计", "支出/支出用途/金额") == Decimal("37188.34")


# A long line pdftotext squeezed: 一、基本支出 starts in the numbers' column left of its own, one
# space after 10,271.56. A word is one cell's text.
SQUEEZED_LINE = """\
                                   收支预算总表
部门：某某办公厅                                                                          单位：万元
               收入                                             支出
                                            功能分类                              支出用途
        项目名称        金额
                                   功能科目名称            金额                项目名称          金额
一、财政拨款              13,297.11 一、一般公共服务支出             10,271.56 一、基本支出                 6,522.75
 1.一般公共预算           13,297.11 二、外交支出                               二、项目支出             4,968.34
 2.政府性基金预算                      三、国防支出                             三、单位预留机动经费         1,886.02
二、财政专户管理资金                      四、公共安全支出
三、其他资金                   80.00 五、教育支出
                                六、科学技术支出
                                七、文化体育与传媒支出
                                八、社会保障和就业支出               858.51
                                九、医疗卫生与计划生育支出
                                十、节能环保支出
                                十一、城乡社区支出
                                十二、农林水支出
                                十三、交通运输支出
                                十四、资源勘探信息等支出
                                十五、商业服务业等支出
                                十六、金融支出
                                十七、国土海洋气象等支出
                                十八、住房保障支出             2,247.04
                                十九、粮油物资储备支出
                                二十、其他支出
    当年收入小计          13,377.11                      当年支出小计                            13,377.11
    上年结转资金                                         结转下年资金
        收入合计        13,377.11                       支出合计                             13,377.11
"""


def test_a_label_set_into_the_numbers_column_left_of_it_stays_whole(tmp_path):
    t = _read(tmp_path, SQUEEZED_LINE).tables[0]
    assert _cell(t, "一般公共服务支出", "支出/功能分类/金额") == Decimal("10271.56")
    assert _cell(t, "基本支出", "支出/支出用途/金额") == Decimal("6522.75")
    assert _cell(t, "项目支出", "支出/支出用途/金额") == Decimal("4968.34")


# A side's label printed from its left edge at half its width over its two columns (财政拨款收入
# over 项目 | 预算数): the two words under its print make it a group, not 财政拨款收入项目.
SIDE_OVER_TWO = """\
                            2025年预算单位财政拨款收支预算总表
编制单位：某某局                                                                        单位：元

     财政拨款收入                                         财政拨款支出
    项目        预算数                项目        合计           一般公共预算         政府性基金预算 国有资本经营预算

一、一般公共预算资金    171,915,169 一、一般公共服务支出      127,886,849    127,886,849

二、政府性基金                     二、社会保障和就业支出    17,560,320     17,560,320

三、国有资本经营预算                  三、卫生健康支出        4,668,000      4,668,000

                            四、住房保障支出       21,800,000     21,800,000




   收入总计       171,915,169       支出总计      171,915,169    171,915,169
"""


def test_a_side_label_over_two_words_is_no_wrapped_label(tmp_path):
    t = _read(tmp_path, SIDE_OVER_TWO).tables[0]
    assert [c.path for c in t.columns][:3] == [("财政拨款收入", "项目"), ("财政拨款收入", "预算数"), ("财政拨款支出", "项目")]
    assert _cell(t, "一般公共预算资金", "财政拨款收入/预算数") == Decimal("171915169")
    assert _cell(t, "国有资本经营预算", "财政拨款收入/预算数") is None
    assert _cell(t, "收入总计", "财政拨款收入/预算数") == Decimal("171915169")


# Rows of labels only under a total, set tight (使用非财政拨款结余 | 结余分配, then 年初结转和结余 |
# 年末结转和结余): a label that ends short of its column's widest did not wrap, so the line under
# it is the next row.
LABELS_UNDER_A_TOTAL = """\
     某某部 2024 年度部门决算表
                   收入支出决算总表
                                               单位：万元
              收入                          支出
         项目        决算数               项目         决算数
一、一般公共预算财政拨款收入     307.82   一、一般公共服务支出          264.87
二、政府性基金预算财政拨款收入             二、外交支出
三、国有资本经营预算财政拨款收入            三、国防支出
四、上级补助收入                    四、公共安全支出
五、事业收入                      五、教育支出
六、经营收入                      六、科学技术支出
七、附属单位上缴收入                  七、文化旅游体育与传媒支出
八、其他收入                      八、社会保障和就业支出          10.82
                            九、卫生健康支出             2.71
                            十、节能环保支出
                            十一、城乡社区支出
                            十二、农林水支出
                            十三、交通运输支出
                            十四、资源勘探工业信息等支出
                            十五、商业服务业等支出
                            十六、金融支出
                            十七、援助其他地区支出
                            十八、自然资源海洋气象等支出
                            十九、住房保障支出            29.42
                            二十、粮油物资储备支出
                            二十一、国有资本经营预算支出
                            二十二、灾害防治及应急管理支出
                            二十三、其他支出
                            二十四、债务还本支出
                            二十五、债务付息支出
                            二十六、抗疫特别国债安排的支出
    本年收入合计         307.82          本年支出合计       307.82
使用非财政拨款结余                   结余分配
年初结转和结余                     年末结转和结余
         总计        307.82            总计         307.82
注：本表反映部门本年度的总收支和年末结转结余情况。
"""


def test_label_rows_under_a_total_are_rows_when_the_labels_left_room(tmp_path):
    t = _read(tmp_path, LABELS_UNDER_A_TOTAL).tables[0]
    assert _cell(t, "使用非财政拨款结余", "收入/决算数") is None
    assert _cell(t, "年初结转和结余", "收入/决算数") is None
    assert _cell(t, "结余分配", "支出/决算数") is None
    assert _cell(t, "年末结转和结余", "支出/决算数") is None
    assert [r.values for r in t.rows if r.name == "总计"] == [{"收入/决算数": Decimal("307.82")},
                                                             {"支出/决算数": Decimal("307.82")}]


# A note whose lines a dump sets a blank line apart: a sentence cut at a line's end goes on below.
NOTE_APART = """\
公开 11 表

               一般公共预算机关运行经费支出预算表
部门名称：某某单位                              单位：万元

        科目编码                 科目名称      机关运行经费支出

                        合计                   3,580.05

302             商品和服务支出                      3,580.05

30201           办公费                           315.00

30205           水费                              34.00

注：1.“机关运行经费”指行政单位（含参照公务员法管理的事业单位）使用一般公共预算安排的基本支出中

的日常公用经费支出，包括办公及印刷费、邮电费、差旅费、会议费、福利费、日常维修费、专用材料及一

般设备购置费、办公用房水电费、办公用房取暖费、办公用房物业管理费、公务用车运行维护费及其他费用。
  2.“科目编码”和“科目名称”为必填项。
"""


def test_a_note_s_sentence_goes_on_across_a_blank_line(tmp_path):
    t = _read(tmp_path, NOTE_APART).tables[0]
    assert t.note.replace("\n", "") == ("1.“机关运行经费”指行政单位（含参照公务员法管理的事业单位）使用一般公共预算安排的基本支出中"
                      "的日常公用经费支出，包括办公及印刷费、邮电费、差旅费、会议费、福利费、日常维修费、专用材料及一"
                      "般设备购置费、办公用房水电费、办公用房取暖费、办公用房物业管理费、公务用车运行维护费及其他费用。"
                      "2.“科目编码”和“科目名称”为必填项。")


# A two-sided table's closing rows whose labels a dump sets in the right side's first label
# column (当年支出小计, 结转下年资金, 支出合计 centred across 功能分类 and 支出用途's cells): drawn
# across to the amount they print, or as the rows round them are.
CLOSING_IN_A_LABEL_COLUMN = """\
                                    收支预算总表
部门：某某办公厅                                                                             单位：万元
             收入                                               支出

                                             功能分类                                 支出用途
     项目名称         金额
                                        功能科目名称              金额             项目名称          金额

一、财政拨款             24,458.43 一、一般公共服务支出                      20,153.75 一、基本支出             10,403.11

 1.一般公共预算          24,458.43 二、外交支出                                     二、项目支出            12,081.46

 2.政府性基金预算                     三、国防支出                                   三、单位预留机动经费         1,973.86

二、财政专户管理资金                     四、公共安全支出

三、其他资金                         五、教育支出

                               六、科学技术支出

                               七、文化体育与传媒支出

                               八、社会保障和就业支出                   1,289.52

                               九、医疗卫生与计划生育支出

                               十、节能环保支出

                               十一、城乡社区支出

                               十二、农林水支出

                               十三、交通运输支出

                               十四、资源勘探信息等支出

                               十五、商业服务业等支出

                               十六、金融支出

                               十七、国土海洋气象等支出

                               十八、住房保障支出                     3,015.16

                               十九、粮油物资储备支出

                               二十、其他支出

    当年收入小计         24,458.43                        当年支出小计                                24,458.43

    上年结转资金                                          结转下年资金

     收入合计          24,458.43                         支出合计                                 24,458.43
"""


def test_closing_rows_in_a_label_column_are_drawn_across(tmp_path):
    t = _read(tmp_path, CLOSING_IN_A_LABEL_COLUMN).tables[0]
    closing = [(r.side, r.values) for r in t.rows if r.name in ("当年支出小计", "结转下年资金", "支出合计")]
    assert closing == [("支出", {"支出/支出用途/金额": Decimal("24458.43")}), ("支出", {"支出/支出用途/金额": None}),
                       ("支出", {"支出/支出用途/金额": Decimal("24458.43")})]


# Levels by indentation where a dump squeezed it: one full-width space of indent prints as one
# column (失业保险基金收入 two spaces in, 失业保险费收入 three).
SQUEEZED_INDENT = """\
附件13-1

         2021年哈尔滨市社会保险基金预算收支决算表
                                                              单位：万元
         项    目               预   算      决   算      完成预算%     增长%
一、社会保险基金收入                3,993,154     2,838,411      71.1      6.90
  失业保险基金收入                   68,473        92,187     134.6     78.50
   失业保险费收入                   46,000        68,773     149.5     39.50
   失业保险基金利息收入                22,104        23,137     104.7   1069.10
   其他失业保险基金收入                   369           277      75.1    -19.50
  职工基本医疗保险基金收入            1,177,363     1,221,590     103.8     10.50
   职工基本医疗保险费收入            1,103,418     1,138,762     103.2      5.00
   职工基本医疗保险基金财政补贴收入           2,398         8,493     354.2    847.90
   职工基本医疗保险基金利息收入            71,547        73,674     103.0    352.50
   其他职工基本医疗保险基金收入                             661              -82.00
  工伤保险基金收入                     51,756      56,245    108.7     197.40
"""


def test_a_dump_s_indent_of_one_column_is_a_level(tmp_path):
    t = _read(tmp_path, SQUEEZED_INDENT).tables[0]
    assert [(r.name, r.level) for r in t.rows][:4] == [
        ("社会保险基金收入", 1), ("失业保险基金收入", 2), ("失业保险费收入", 3), ("失业保险基金利息收入", 3)]
    assert next(r for r in t.rows if r.name == "工伤保险基金收入").level == 2


# A one-line header set right on the first row, its 金额 left of the right-aligned numbers with
# its middle on the border half way from the labels: the border does not cut it.
HEADER_ON_THE_FIRST_ROW = """\
公开02表



                     收入预算总表
部门：某某办公厅                           单位：万元

        项目名称                     金额
                收入总计                   13,377.11
                小计                     13,297.11
   一般公共预算资金     公共财政拨款(补助)资金           13,297.11
                专项收入
        政府性基金   小计
   财政专户管理资金     小计
                小计                         80.00
                事业收入
        其他资金
                经营收入
                其他收入                       80.00
                小计
  上年结转和结余资金
                其中：动用上年结转和结余资金
"""


def test_a_header_leaf_over_the_gap_heads_the_amount_column(tmp_path):
    t = _read(tmp_path, HEADER_ON_THE_FIRST_ROW).tables[0]
    assert t.columns[-1].path == ("金额",)
    assert t.rows[0].name == "收入总计" and t.rows[0].values == {"金额": Decimal("13377.11")}
    # each row one line, set tight: a label line under a row whose label left room in its
    # column is the next row (专项收入 under 公共财政拨款(补助)资金 13,297.11)
    assert [(r.name, r.values["金额"]) for r in t.rows][1:4] == [
        ("一般公共预算资金/小计", Decimal("13297.11")), ("一般公共预算资金/公共财政拨款(补助)资金", Decimal("13297.11")),
        ("一般公共预算资金/专项收入", None)]
    assert _cell(t, "其他资金/其他收入", "金额") == Decimal("80.00")


# Totals spelled out a character at a time at uneven gaps (收    入       总   计 557,259.13).
SPELLED_TOTALS = """\
                     某某大学收支预算总表
                                                           单位：万元
收        入                            支        出

项目                   预算数              项目                    预算数

一、财政拨款               230,876.38       一、教育支出                 434,334.99

二、事业收入               122,342.73       二、科学技术支出                 2,801.72

三、事业单位经营收入                            三、社会保障和就业支出             14,616.30

四、其他收入                50,265.53       四、住房保障支出                16,916.56

    其中：捐赠收入            1,000.00       五、其他支出                      109.50




本年收入合计               403,484.64       本年支出合计                 468,779.07

使用非财政拨款结余             59,972.79       结转下年                    88,480.06

上年结转                  93,801.70




收    入       总   计   557,259.13       支    出       总   计     557,259.13
"""


def test_totals_spelled_out_at_uneven_gaps_are_one_label(tmp_path):
    t = _read(tmp_path, SPELLED_TOTALS).tables[0]
    assert _cell(t, "收入总计", "收入/预算数") == Decimal("557259.13")
    assert _cell(t, "支出总计", "支出/预算数") == Decimal("557259.13")
    assert _cell(t, "结转下年", "支出/预算数") == Decimal("88480.06")
