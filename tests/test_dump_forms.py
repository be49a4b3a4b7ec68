"""Forms (绩效目标表) in a layout dump: a form stacks blocks of differing columns (项目名称 and
项目资金, then 年度总体目标's sentences, then the 绩效指标 grid), prints labels down the page
(年 / 度 / 总 / 体 / 目 / 标) and, without rulings, lines up nothing from page to page. Its
title wraps off centre under a long first line, its year stands on a line of its own, and its
title may end a page of its text, its blocks all on the next page. The pages are written here
by hand, as pdftotext -layout prints such forms (a shortened copy of a real disclosure's,
project names changed); the expected titles, pages and cells are read off these lines."""

from __future__ import annotations

import yusuan

PAGE1 = """\
                     设备更新数量                 27 台、件、套        5
                     新增出版教材数量                 7个            5

                     学生参加竞赛获奖数量              20 人次          5
  满意度指   服务对象满意度指    学生满意度                     95%          5
   标        标        教职工满意度                    95%          5



（二）101 中央高校管理改革等绩效拨款
         101 中央高校管理改革等绩效拨款绩效目标表
                               (2023 年度)

 项目名称                     101 中央高校管理改革等绩效拨款
主管部门及代
           教育部      105              实施单位      某某大学本级
  码
          年度资金总额：                                1111.98

             其中：财政拨款                             1111.98   执行率
 项目资金
                                                            分值
 （万元）             上年结转                                 0   （10）
                  其他资金                                 0




                          17
"""

PAGE2 = """\
年
度      1.立项资金将全部用于发放研究生各类助学金，切实帮助家庭经济困难研究生顺利完成学
总   业，解决他们学习生活的后顾之忧，同时，激励研究生勤奋学习、刻苦钻研、奋发向上。
体
目
标
绩
效     一级                                                           分值
             二级指标                    三级指标            指标值
指     指标                                                          （90）
标
             数量指标       奖助学生人次                      2000 人次        20

     产出指标    质量指标       学生奖助学金覆盖面                     50%          15

绩            时效指标       奖助学金发放及时性                    按时            15
效                       促进高校社会捐赠的公平与
                                                    不断提升           20
指                       效率
     满意度指   服务对象满意度指
                        获得资助研究生满意度                    90%          10
      标        标



（三）101-中央高校改善基本办学条件专项-设备资料购置项目（中学）
 101-中央高校改善基本办学条件专项-设备资料购置项目（中学）
                             绩效目标表
                                  (2023 年度)

    项目名称       101-中央高校改善基本办学条件专项-设备资料购置项目（中学）

                             18
"""

PAGE3 = """\
主管部门及代
              教育部      105              实施单位    某某大学附属中学
  码
            年度资金总额：                                     150.00

               其中：财政拨款                                  150.00   执行率
    项目资金
                                                                  分值
    （万元）            上年结转                                     0   （10）
                    其他资金                                     0
年
度
    目标 1：校园环境更加优美，学校特色更加鲜明。
总
    目标 2：改善育人环境，增强育人功能。
体
目
标
绩
效     一级                                                          分值
             二级指标                    三级指标       指标值
指     指标                                                         （90）
标
     成本指标    经济成本指标     设备购置成本控制有效性              有效               20

             数量指标       设备购置数量                600 台            20

                       教师在国内外重要期刊发表
                                      420 篇     4
                       代表性论文数量

     满意度指   服务对象满意度指    教职工满意度                   95%              5
      标        标        学生满意度                    95%              5

                             19
"""


FIRST = "101中央高校管理改革等绩效拨款绩效目标表(2023年度)"
SECOND = "101-中央高校改善基本办学条件专项-设备资料购置项目（中学）绩效目标表(2023年度)"


def _doc(tmp_path):
    path = tmp_path / "forms.txt"
    path.write_text("\f".join((PAGE1, PAGE2, PAGE3)), "utf-8")
    return yusuan.read(path)


def _printed(row) -> str:
    """Everything a row holds, as one string: a form's cells are placed by their order."""
    parts = [row.name or "", row.code or ""] + [str(v) for v in row.values.values() if v is not None] \
        + [v for v in row.texts.values() if v]
    return "".join(p.replace(" ", "") for p in parts)


def test_each_form_is_one_table_over_the_pages_it_spans(tmp_path):
    doc = _doc(tmp_path)
    # the year on a line of its own is the title's; 绩效目标表, off centre under the long line
    # above it, is that line's tail; the wrapped 教师在国内外重要期刊发表 is no title
    assert [(t.title, t.pages, t.kind) for t in doc.tables] == [
        (FIRST, (1, 2), "performance_targets"),
        # its title and 项目名称 line end page 2, its blocks are all on page 3
        (SECOND, (2, 3), "performance_targets")]


def test_a_forms_page_opening_with_its_text_goes_on_with_the_form(tmp_path):
    first = _doc(tmp_path).tables[0]
    on_page_2 = [_printed(r) for r in first.rows if r.page == 2]
    assert any("奖助学生人次" in p and "2000" in p for p in on_page_2), on_page_2
    assert any("获得资助研究生满意度" in p for p in on_page_2), on_page_2


def test_a_form_whose_title_ends_a_page_of_its_text_takes_the_next_pages_blocks(tmp_path):
    second = _doc(tmp_path).tables[1]
    printed = [_printed(r) for r in second.rows if r.page == 3]
    assert any("年度资金总额" in p and "150.00" in p for p in printed), printed
    assert any("设备购置数量" in p for p in printed), printed
    assert any("教师在国内外重要期刊发表" in p for p in printed), printed


# a form whose title heads a page that no finder reads a block of (its 项目资金 lines run on
# into 年度总体目标's sentences), its 绩效指标 grid going on over the next page
TEXT_PAGE = """\
       101-中央高校改善基本办学条件专项-设备资料购置
                      项目绩效目标表
                                 (2023 年度)

    项目名称           101-中央高校改善基本办学条件专项-设备资料购置项目
主管部门及代
             教育部      105              实施单位    某某大学本级
  码
            年度资金总额：                             8306.85

               其中：财政拨款                          8306.85   执行率
    项目资金
                                                           分值
    （万元）            上年结转                              0   （10）
                    其他资金                              0
    目标 1：完成学生宿舍家具购置，学生宿舍设施条件显著改善，为学生在校期间的正常生活提供
    保障；目标 2：完成学生宿舍设备购置，显著改善学生宿舍设施设备条件，为学生在校期间的正
    常生活提供保障；目标 3：更新本科教学实验室教学仪器设备，提升本科实验教学效果。
年
    目标 4：建设针对云服务器的备份系统，做到云服务器全部备份。
度
总
体
目
标
绩
效     一级                                                   分值
             二级指标                   三级指标      指标值
指     指标                                                  （90）
标
     成本指标   经济成本指标     仪器设备成本控制有效性            有效           10


                            20
"""

GRID_PAGE = """\
                       图书资料采购折扣率              28%            10
                       指标1：更新设备数量             5000 台/件        4
             数量指标
                       指标2：新增软件系统              5个              4
     满意度指   服务对象满意度指   教职工满意度          95%      5
      标        标       学生满意度           95%      5

                            21
"""


def test_a_form_whose_page_reads_as_text_begins_there_and_goes_on_over_the_next(tmp_path):
    path = tmp_path / "form.txt"
    path.write_text("\f".join((TEXT_PAGE, GRID_PAGE)), "utf-8")
    doc = yusuan.read(path)
    assert [(t.title, t.pages, t.kind) for t in doc.tables] == [
        ("101-中央高校改善基本办学条件专项-设备资料购置项目绩效目标表(2023年度)", (1, 2), "performance_targets")]
    printed = [_printed(r) for r in doc.tables[0].rows if r.page == 2]
    assert any("图书资料采购折扣率" in p and "28%" in p for p in printed), printed
    assert any("学生满意度" in p and "95%" in p for p in printed), printed


def test_a_form_read_as_no_table_is_listed_and_says_so(tmp_path):
    path = tmp_path / "form.txt"
    path.write_text(TEXT_PAGE, "utf-8")
    doc = yusuan.read(path)
    assert [(t.title, t.pages, len(t.rows)) for t in doc.tables] == [
        ("101-中央高校改善基本办学条件专项-设备资料购置项目绩效目标表(2023年度)", (1,), 0)]
    assert any("the form's lines read as no table" in w for w in doc.tables[0].warnings)
