"""The catalogue is data; these tests pin how titles and headers are matched to it."""

import pytest

from yusuan import catalogue
from yusuan.model import AMOUNT, CODE, NAME, TEXT, Column


@pytest.fixture(scope="module")
def cat():
    return catalogue.default()


@pytest.mark.parametrize("title, kind", [
    ("收支总体情况表", "income_expenditure_summary"),
    ("2024年部门财务收支预算总表", "income_expenditure_summary"),   # Shanghai, no label
    ("收支预算总表", "income_expenditure_summary"),                 # Jiangsu 公开01表
    ("收入支出决算总表", "income_expenditure_summary"),             # 决算: same kind
    ("一般公共预算支出预算表（功能科目）", "general_expenditure_by_function"),
    ("2024年部门一般公共预算支出功能分类预算表", "general_expenditure_by_function"),
    ("一般公共预算基本支出情况表（按经济分类科目）", "general_basic_by_economic"),
    ("财政拨款安排的行政经费及“三公”经费预算表", "three_public_expenses"),
    ("部门“三公”经费和机关运行经费预算表", "three_public_expenses"),
])
def test_titles_give_one_kind_across_regions(cat, title, kind):
    assert cat.match_title(title).id == kind


def test_unknown_title(cat):
    assert cat.match_title("职工培训人员名单") is None
    assert not cat.is_title("本部门无下属单位，部门预算为台山市总工会本级预算。")


def test_header_fragments_in_scrambled_order(cat):
    # the order a text dump prints a merged header: groups, tall cells, then leaves
    fragments = ("功能分类科目 合计 财政拨款收入 财政专户拨款收入 其他资金收入 上级补 助收入 附属单 位上缴 收入 "
                 "用事业 基金弥 补收支 差额 科目编码 科目名称 一般公共预 算 政府性基金 预算 国有资本经 营预算 "
                 "教育收费 其他专户 收入拨款 事业收 入 经营收 入 其他收 入")
    variant, score = cat.match_header(fragments, 12, "income_summary")
    assert variant is not None and variant.kind == "income_summary" and score > 0.95
    # the body prints 12 amounts: a header tree with another count cannot be it
    assert cat.match_header(fragments, 7, "income_summary")[0] is None or \
        cat.match_header(fragments, 7, "income_summary")[0].kind != "income_summary"


def test_parse_column_roles():
    assert catalogue.parse_column("功能分类科目/科目编码:code") == Column(("功能分类科目", "科目编码"), CODE)
    assert catalogue.parse_column("收入/项目:name").role == NAME
    assert catalogue.parse_column("绩效目标:text").role == TEXT
    assert catalogue.parse_column("财政拨款收入/一般公共预算") == Column(("财政拨款收入", "一般公共预算"), AMOUNT)


def test_catalogue_rejects_a_header_of_an_unknown_kind():
    with pytest.raises(ValueError, match="unknown kind"):
        catalogue.load('[[kind]]\nid = "a"\nname = "A"\n[[header]]\nkind = "b"\ncolumns = ["x:name"]\n')


def test_every_packaged_header_names_a_known_kind_and_has_a_label_column(cat):
    ids = {k.id for k in cat.kinds}
    assert len(ids) == len(cat.kinds)
    for h in cat.headers:
        assert h.kind in ids
        assert any(c.role in (NAME, CODE) for c in h.columns)


def _cols(*specs):
    return tuple(catalogue.parse_column(s) for s in specs)


def test_a_known_group_shown_over_one_member_is_widened_over_the_members_beside_it(cat):
    # 江苏省政协 2019 公开09表 as pdftotext -layout prints it: “三公”经费 stands over
    # 公务用车购置及运行维护费 only; the PDF's rulings put it over 小计 … 公务接待费
    printed = _cols("合计", "小计", "因公出国（境）费", "“三公”经费/公务用车购置及运行维护费/小计",
                    "“三公”经费/公务用车购置及运行维护费/公务用车购置费", "公务接待费", "会议费", "培训费")
    assert [c.path for c in cat.grouped(printed)] == [
        ("合计",), ("“三公”经费", "小计"), ("“三公”经费", "因公出国（境）费"),
        ("“三公”经费", "公务用车购置及运行维护费", "小计"),
        ("“三公”经费", "公务用车购置及运行维护费", "公务用车购置费"),
        ("“三公”经费", "公务接待费"), ("会议费",), ("培训费",)]


def test_a_group_is_widened_only_over_its_own_members_at_its_own_level(cat):
    # drawn in full already: nothing moves
    full = _cols("项目:name", "“三公”经费/合计", "“三公”经费/因公出国（境）费", "“三公”经费/公务接待费", "会议费")
    assert cat.grouped(full) == full
    # members under another parent (预算数/…) are not the group's siblings
    other = _cols("预算数/因公出国（境）费", "决算数/“三公”经费/公务接待费", "决算数/小计")
    assert cat.grouped(other) == other
    # no group label at all: nothing moves
    bare = _cols("合计", "因公出国（境）费", "公务接待费")
    assert cat.grouped(bare) == bare


def test_a_code_columns_cell_naming_the_codes_parts_is_told_from_a_code():
    cat = catalogue.default()
    assert cat.is_code_parts("类 款 项") and cat.is_code_parts("类款项") and cat.is_code_parts("类")
    assert not cat.is_code_parts("205") and not cat.is_code_parts("合计")
    assert not cat.is_code_parts("") and not cat.is_code_parts(None)
