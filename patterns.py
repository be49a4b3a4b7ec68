"""How things are printed in a disclosure: labels, units, notes, page numbers, codes, ordinals,
amounts. Regular expressions only, shared by the text path, the PDF path and normalization."""

from __future__ import annotations

import regex as re

# 表5, 表 12, 附表3, 表1-2, 公开01表, 公开 01 表, 附件3-3 (a label alone on its line; 附件N is
# how a government's 预算/决算 report numbers the tables attached to it)
LABEL = re.compile(r"^(?:附表|附件|表)\s*(?:\d{1,2}(?:\s*[-－—]\s*\d{1,2})?|[一二三四五六七八九十]{1,3})$"
                   r"|^公开\s*\d{1,2}\s*表$")
# a label followed by its title on the same line: 表1 收支总体情况表 / 公开01表：收支预算总表
LABEL_AND_TITLE = re.compile(r"^(?P<label>(?:附表|附件|表)\s*\d{1,2}(?:[-－]\d{1,2})?|公开\s*\d{1,2}\s*表)"
                             r"[\s:：、.．]+(?P<title>\S.{2,60})$")

# key：value pairs of the lines around a title: 单位：万元, 单位名称：X, 部门：X, 编制部门：X
_META_KEY = (r"金额单位|计量单位|单位名称|部门名称|预算主管部门|主管部门|编制部门|编制单位|预算单位|"
             r"填报单位|部门|单位")
META_KEY = re.compile(rf"(?P<key>{_META_KEY})\s*[:：]")
UNIT_VALUE = re.compile(r"^(?:人民币)?(?P<unit>亿元|千万元|百万元|万元|千元|元)$")
ENTITY_KEYS = {"单位名称", "部门名称", "预算主管部门", "主管部门", "编制部门", "编制单位", "预算单位",
               "填报单位", "部门", "单位"}

# 注：无。 / 备注： / 说明： / 注1： and the bodies of tables printed empty
NOTE = re.compile(r"^(?:注|备注|说明)\s*\d?\s*[:：]\s*")
EMPTY_TABLE_NOTE = re.compile(r"^(?:本(?:表|单位|部门)[^，。,]{0,12}(?:为空|无数据|无发生额|无此项|无相关|没有)|"
                              r"(?:无|没有)(?:相关)?数据)")

# page numbers printed on their own line: - 10 -, —10—, 第 3 页, 第3页 共20页, 3/20
PAGE_NUMBER = re.compile(r"^\s*(?:[-–—－]\s*\d{1,4}\s*[-–—－]|第\s*\d{1,4}\s*页(?:\s*[,，、/]?\s*共\s*\d{1,4}\s*页)?"
                         r"|\d{1,4}\s*/\s*\d{1,4})\s*$")


def is_page_number(text: str) -> bool:
    """A line printing only a page number: 16, - 16 -, 第16页, 3/40."""
    text = text.strip()
    return bool(PAGE_NUMBER.match(text)) or (text.isdigit() and len(text) <= 4)

# section headings that end whatever table came before: 第三部分 ..., 第三章 ...
SECTION_HEADING = re.compile(r"^第[一二三四五六七八九十\d]{1,3}(?:部分|章|篇)")

# an amount cell: 534.77  13,297.11  -1.00  156,211,123  (12.00) ; full width digits are mapped
# to ASCII before matching (NFKC)
AMOUNT = re.compile(r"^(?P<neg>[-−－])?(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)$"
                    r"|^[(（](?P<pnum>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)[)）]$")
# printed for "nothing here" in an amount cell
NULL_AMOUNT = frozenset({"", "-", "—", "－", "–", "--", "——", "－－", "/", "／", "…", "—-"})

# codes: 201 / 20101 / 2010101 alone; [2010101] or 【2010101】 before a name; 类/款/项 parts
CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
CODE_PART = re.compile(r"^\d{2}$")
BRACKET_CODE = re.compile(r"^[\[【［]\s*(?P<code>\d{3,7})\s*[\]】］]\s*")
LEADING_CODE = re.compile(r"^(?P<code>\d{3}(?:\d{2}){0,2})(?:\s+|(?=\p{Han}))")

# ordinal prefixes kept out of a row's name: 一、 （一） (一) 1. 1、 （1） ① -- and a 其中： before any
_NUM_ZH = r"[一二三四五六七八九十百零〇]+"
ORDINAL = re.compile(
    r"^(?P<ordinal>(?:其中\s*[:：]\s*)?"
    r"(?:" + _NUM_ZH + r"\s*、|[（(]\s*" + _NUM_ZH + r"\s*[)）]\s*、?|"
    r"\d{1,2}\s*[.．、](?!\d)|[（(]\s*\d{1,2}\s*[)）]\s*、?|[①-⑳]|-{2,}|—{1,2}|[-－](?=\S))?)\s*"
)
OF_WHICH = re.compile(r"^其中\s*[:：]\s*")

# total rows: 合计 总计 小计, 本年收入合计, 收入总计, 台山市总工会-小计
TOTAL = re.compile(r"(?:合计|总计|小计)$")

# 2024年 部门预算 / 2023年度部门决算: the year and type a document is about
YEAR_AND_TYPE = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年度?\s*(?:区级|市级|省级|县级)?\s*"
                           r"(?:部门|单位)?\s*(?P<type>预算|决算)")

# a table title's second line: （功能分类）, (经济分类), （按功能分类科目）
TITLE_QUALIFIER = re.compile(r"^[（(][^（()）]{2,14}[）)]$")
# whose government a 政府预算/决算 table is: the region before 全市 / 本级 / the year in its title
# (2021年哈尔滨市本级…, 武汉市2024年全市…, 哈尔滨市本级2021年末…)
GOVERNMENT_ISSUER = re.compile(r"^(?:(?:19|20)[\dOo]{2}\s*年度?)?(?P<who>\p{Han}{2,12}?"
                               r"(?:自治区|自治州|自治县|地区|省|市|州|盟|县|区|旗))"
                               r"(?=本级|全|(?:19|20)[\dOo]{2}\s*年|对下|一般公共|政府性基金|国有资本|社会保险)")
