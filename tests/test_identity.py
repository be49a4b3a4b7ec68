"""Which document a file is (issue 13, item 1): scope (部门 / 单位 / 政府) from its title, a
department key that survives how the name is printed, the region; and a store that never marks
a distinct document as replaced, nor lets a damaged copy hide the complete one, in either
loading order.

Expected keys and scopes are written by hand from the names and headings as printed in the
corpus (中共江苏省委办公厅 / 江苏省委办公厅 of js_shengweiban_2018; 上海市普陀区人民政府万里街道办
事处 of sh_putuo_wanlijiedao_2024; 上海市2025年市级单位预算 of sh_shi_caizhengju_2025 …)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

import yusuan
from yusuan import catalogue, cli
from yusuan.model import FAIL, PASS, Check
from yusuan.normalize.identity import Identity, department_key, document_identity, scope_of
from yusuan.store import Store

from conftest import SAMPLE

TEXT = SAMPLE.read_text("utf-8")
VERSION = "9.9.9-test"
RULES = catalogue.default().departments


@pytest.mark.parametrize("name, key, region", [
    ("中共江苏省委办公厅", "江苏省委办公厅", "江苏省"),
    ("江苏省委办公厅", "江苏省委办公厅", "江苏省"),
    ("上海市普陀区人民政府万里街道办事处", "普陀区万里街道办事处", "上海市/普陀区"),
    ("普陀区万里街道办事处", "普陀区万里街道办事处", "普陀区"),
    ("上海市普陀区 人民政府 万里街道办事处", "普陀区万里街道办事处", "上海市/普陀区"),
    ("中共上海市普陀区委社会工作部", "普陀区委社会工作部", "上海市/普陀区"),
    ("台山市总工会", "台山市总工会", "台山市"),
    ("上海市财政局", "上海市财政局", "上海市"),
    ("上海市市场监督管理局", "上海市市场监督管理局", "上海市"),     # 市场 is no city
    ("上海市城市管理行政执法局", "上海市城市管理行政执法局", "上海市"),
    ("浙江省杭州市西湖区财政局", "西湖区财政局", "浙江省/杭州市/西湖区"),
    ("西南大学", "西南大学", None),
    ("武汉市", "武汉市", "武汉市"),
    # an alias of catalogue.toml: the full official name of the same office
    ("中国人民政治协商会议江苏省委员会办公厅", "江苏省政协办公厅", "江苏省"),
    ("江苏省政协办公厅", "江苏省政协办公厅", "江苏省"),
])
def test_department_key_and_region(name, key, region):
    assert department_key(name, RULES) == (key, region)


def test_department_key_rules_are_data():
    cat = catalogue.load(open(Path(yusuan.__file__).parent / "catalogue.toml", encoding="utf-8").read()
                         + '\n"某某省法院" = "江苏省高级人民法院"\n')     # appended to [departments.aliases]
    assert department_key("某某省法院", cat.departments) == ("江苏省高级人民法院", "江苏省")
    assert department_key(None, RULES) == (None, None)


@pytest.mark.parametrize("heading, scope", [
    ("上海市普陀区2024年区级部门预算\n 预算主管部门：上海市普陀区人民政府万里街道办事处", "部门"),
    ("上海市2025年市级单位预算\n   预算单位：上海市财政局", "单位"),     # 单位预算 stands first
    ("中共上海市普陀区委\n社会工作部 2024 年度\n   部门决算", "部门"),   # split over lines
    ("     关于 2021 年市本级决算草案和\n   2022 年上半年预算执行情况的报告", "政府"),
    ("                  武汉市2024年全市一般公共预算支出决算表\n表二   单位:万元", "政府"),
    ("某某局\n2024年预算单位预算公开", "单位"),
])
def test_scope_from_the_heading(heading, scope):
    assert scope_of(heading + "\n目录\n", (), catalogue.default()) == scope


def test_scope_from_the_text_then_the_table_titles():
    cat = catalogue.default()
    assert scope_of("目录\n一、概况\n" * 5 + "第二部分 2024年单位预算表\n", (), cat) == "单位"
    assert scope_of("目录\n" * 9, ("2024年部门收支总表",), cat) == "部门"
    assert scope_of("目录\n" * 9, ("收支总表",), cat) is None


def test_the_sample_is_a_department_budget_and_the_manifest_says_so(tmp_path):
    doc = yusuan.read(SAMPLE)
    assert (doc.scope, doc.department_key, doc.region) == ("部门", "台山市总工会", "台山市")
    runner = CliRunner()
    result = runner.invoke(cli.main, ["extract", str(SAMPLE), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "out" / SAMPLE.stem / "manifest.json").read_text("utf-8"))
    assert manifest["document"] == {"department": "台山市总工会", "year": 2024, "doc_type": "预算",
                                    "unit": "万元", "scope": "部门", "department_key": "台山市总工会",
                                    "region": "台山市"}


# --------------------------------------------------------------------------- the store

def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """The sample (a 部门预算) and the same department's 单位预算 of the same year: its
    heading says 单位预算, its amounts are the sample's (as a department without subordinate
    units prints them)."""
    folder = tmp_path_factory.mktemp("pair")
    dept = _write(folder, "bumen.txt", TEXT)
    unit = _write(folder, "danwei.txt", "台山市总工会\n2024年单位预算\n\n" + TEXT)
    return yusuan.read(dept), yusuan.read(unit)


def _current(st: Store) -> set[str]:
    return {r[0] for r in st.con.execute(
        "SELECT file_name FROM documents WHERE superseded_by IS NULL").fetchall()}


def _row(st: Store, doc_id: str) -> tuple:
    return st.con.execute("SELECT scope, department_key, region, superseded_by, warnings "
                          "FROM documents WHERE doc_id = ?", [doc_id]).fetchall()[0]


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_a_department_budget_and_its_unit_budget_are_two_documents(tmp_path, pair, order):
    dept, unit = pair
    assert (dept.scope, unit.scope) == ("部门", "单位")
    assert (dept.department_key, dept.year, dept.doc_type) == (
        unit.department_key, unit.year, unit.doc_type)
    with Store(tmp_path / "s.duckdb") as st:
        for n in order:
            assert st.load(pair[n], VERSION) == "loaded"
        assert _current(st) == {"bumen.txt", "danwei.txt"}
        assert _row(st, unit.doc_id)[:4] == ("单位", "台山市总工会", "台山市", None)
        assert json.loads(_row(st, unit.doc_id)[4]) == []


def test_names_printed_differently_are_one_department(tmp_path, pair):
    dept, _ = pair
    newer = dataclasses.replace(dept, sha256="b" * 64, department="中共台山市总工会")
    newer = dataclasses.replace(newer, department_key=department_key(newer.department, RULES)[0])
    with Store(tmp_path / "s.duckdb") as st:
        st.load(dept, VERSION)
        st.load(newer, VERSION)
        assert _row(st, dept.doc_id)[3] == newer.doc_id


def _checks(doc, *statuses):
    return dataclasses.replace(doc, checks=tuple(
        Check(name="total", rule=f"rule {n}", status=s) for n, s in enumerate(statuses)))


@pytest.mark.parametrize("order", ["complete first", "damaged first"])
@pytest.mark.parametrize("damage", ["fewer tables", "more failed checks"])
def test_a_damaged_copy_never_hides_the_complete_document(tmp_path, pair, order, damage):
    dept, _ = pair
    complete = _checks(dept, PASS, PASS, PASS)
    if damage == "fewer tables":      # two pages unreadable: 10 tables instead of 12
        damaged = dataclasses.replace(complete, tables=complete.tables[:10])
        why = "10 tables where it has 12"
    else:
        damaged = _checks(dept, PASS, FAIL, FAIL)
        why = "2 failed checks where it has 0"
    damaged = dataclasses.replace(damaged, sha256="d" * 64, source=str(tmp_path / "damaged.txt"))
    first, second = (complete, damaged) if order == "complete first" else (damaged, complete)
    with Store(tmp_path / "s.duckdb") as st:
        st.load(first, VERSION)
        st.load(second, VERSION)
        assert _row(st, complete.doc_id)[3] is None              # the complete one is current
        if order == "complete first":                            # both current, and said why
            assert _current(st) == {"bumen.txt", "damaged.txt"}
            (warning,) = json.loads(_row(st, damaged.doc_id)[4])
            assert warning.startswith(f"not superseding bumen.txt "
                                      f"({complete.doc_id[:12]}), the same document: this file "
                                      f"has {why}; both stay current")
        else:                                                    # the complete one replaces it
            assert _row(st, damaged.doc_id)[3] == complete.doc_id
            assert json.loads(_row(st, complete.doc_id)[4]) == []


def test_documents_of_other_kinds_are_not_the_same_document(tmp_path, pair):
    """A city's 一般公共预算 table and its 政府性基金 table of one year: two documents."""
    dept, _ = pair
    general = dataclasses.replace(dept, tables=dept.tables[4:5])          # 表5 only
    fund = dataclasses.replace(dept, sha256="f" * 64, tables=dept.tables[8:9])
    assert general.tables[0].kind != fund.tables[0].kind
    with Store(tmp_path / "s.duckdb") as st:
        st.load(general, VERSION)
        st.load(fund, VERSION)
        assert st.con.execute("SELECT count(*) FROM documents WHERE superseded_by IS NULL"
                              ).fetchall() == [(2,)]


def test_ingest_with_jobs_keeps_both_budgets_current(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    _write(inbox, "bumen.txt", TEXT)
    _write(inbox, "danwei.txt", "台山市总工会\n2024年单位预算\n\n" + TEXT)
    db = tmp_path / "s.duckdb"
    result = CliRunner().invoke(cli.main, ["ingest", str(inbox), "--db", str(db), "--jobs", "2", "-q"])
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(db), read_only=True) as con:
        assert sorted(con.execute("SELECT file_name, scope, superseded_by FROM documents").fetchall()
                      ) == [("bumen.txt", "部门", None), ("danwei.txt", "单位", None)]


def test_a_government_disclosure_is_keyed_by_its_region():
    text = "                  武汉市2024年全市一般公共预算支出决算表\n表二   单位:万元\n"
    identity = document_identity(None, text, (), catalogue.default())
    assert identity == Identity("政府", "武汉市", "武汉市")
    # a department's document without a department found stays unkeyed (it supersedes nothing)
    assert document_identity(None, "2024年部门预算\n", (), catalogue.default()) == Identity("部门", None, None)


SHARED_TEXT = Path(__file__).parent.parent.parent / "shared" / "corpus-text"

# From each dump's cover, department line and table titles, read by hand.
CORPUS_IDENTITIES = {
    "js_shengweiban_2018_yusuan_tables.txt": ("部门", "江苏省委办公厅", "江苏省"),   # 部 门:中共江苏省委办公厅
    "js_shengweiban_2018_yusuan_text.txt": ("部门", "江苏省委办公厅", "江苏省"),     # 江苏省委办公厅2018年度部门预算公开
    "js_fayuan_2019_yusuan.txt": ("部门", "江苏省高级人民法院", "江苏省"),
    "js_zhengxie_2019_yusuan_tables.txt": ("部门", "江苏省政协办公厅", "江苏省"),     # 部门：江苏省政协办公厅
    "sh_putuo_wanlijiedao_2024_yusuan.txt": ("部门", "普陀区万里街道办事处", "上海市/普陀区"),
    "sh_putuo_zhengfuban_2025_yusuan_dept.txt": ("部门", "普陀区办公室", "上海市/普陀区"),
    "sh_putuo_shehuigongzuobu_2024_juesuan.txt": ("部门", "普陀区委社会工作部", "上海市/普陀区"),
    "sh_shi_caizhengju_2025_yusuan.txt": ("单位", "上海市财政局", "上海市"),           # 上海市2025年市级单位预算
    "hb_wuhanshi_2024_juesuan.txt": ("政府", "武汉市", "武汉市"),                     # 武汉市2024年全市一般公共预算支出决算表
    "cq_xinandaxue_2024_juesuan.txt": ("部门", "西南大学", None),                     # 西南大学 2024 年度部门决算
}


@pytest.mark.parametrize("name", sorted(CORPUS_IDENTITIES))
def test_corpus_documents_know_which_document_they_are(name):
    if not SHARED_TEXT.is_dir():
        pytest.skip(f"corpus dumps not available: {SHARED_TEXT} is absent (CI has ../shared beside the checkout)")
    doc = yusuan.read(SHARED_TEXT / name)
    assert (doc.scope, doc.department_key, doc.region) == CORPUS_IDENTITIES[name]
