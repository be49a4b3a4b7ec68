"""The panel of indicators over a store (`yusuan indicators`): one row per department, scope,
year and type, values as written by hand (tests/expected/indicators), 预算 beside 决算."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import SAMPLE

import yusuan
from yusuan import cli
from yusuan.panel import Filter, build_panel, execution_rate, write_panel
from yusuan.store import Store

EXPECTED = Path(__file__).parent / "expected" / "indicators"
STEMS = ["js_fayuan_2019_yusuan", "sh_putuo_wanlijiedao_2024_yusuan",
         "sh_putuo_shehuigongzuobu_2024_juesuan"]


def expected(stem: str) -> dict:
    with open(EXPECTED / f"{stem}.toml", "rb") as fh:
        return tomllib.load(fh)


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory):
    from conftest import CORPUS
    if not CORPUS.is_dir():
        pytest.skip(f"corpus PDFs not available: {CORPUS} is absent")
    db = tmp_path_factory.mktemp("panel") / "s.duckdb"
    with Store(db) as st:
        st.load(yusuan.read(SAMPLE), "test")
        for stem in STEMS:
            st.load(yusuan.read(CORPUS / f"{stem}.pdf"), "test")
    return db


def panel_of(db, *where):
    with Store(db) as st:
        return build_panel(st.con, [Filter.parse(w) for w in where])


def test_one_row_per_document_with_the_hand_written_values(corpus_store):
    panel = panel_of(corpus_store)
    assert len(panel.rows) == 4
    by = {(r["department"], r["year"], r["doc_type"]): r for r in panel.rows}
    for stem in [SAMPLE.stem] + STEMS:
        want = expected(stem)
        row = by[(want["department"], want["year"], want["doc_type"])]
        assert row["documents"] == 1
        for id_, (value, *_) in want["value"].items():
            assert row[id_] == Decimal(value), (stem, id_)
        for id_ in want["missing"]:
            if id_ in ("function", "fiscal_function"):
                continue                      # per 类: a column per 类 printed, no bare one
            assert row[id_] is None, (stem, id_)          # empty, never 0
    # the columns: catalogue order, then every 类 any document prints
    assert panel.ids[:3] == ["income_total", "fiscal_income", "general_budget_income"]
    assert [i for i in panel.ids if i.startswith("function_")] == [
        "function_201", "function_204", "function_205", "function_206", "function_207",
        "function_208", "function_210", "function_212", "function_221"]
    assert "function" not in panel.ids
    assert not panel.execution          # no department-year stored as both 预算 and 决算
    # 万里街道's 机关运行经费 (443.18) is printed in the 三公 table only: no check covers it
    assert by[("上海市普陀区人民政府万里街道办事处", 2024, "预算")]["unchecked"] == "operating_expenses"
    assert by[("江苏省高级人民法院", 2019, "预算")]["unchecked"] is None


def test_where_filters(corpus_store):
    assert {r["year"] for r in panel_of(corpus_store, "year=2019..2019").rows} == {2019}
    assert len(panel_of(corpus_store, "year=2024").rows) == 3
    assert len(panel_of(corpus_store, "year=..2023").rows) == 1
    assert {r["department"] for r in panel_of(corpus_store, "department=普陀").rows} == {
        "上海市普陀区人民政府万里街道办事处", "中共上海市普陀区委社会工作部"}
    assert [r["doc_type"] for r in panel_of(corpus_store, "doc_type=决算").rows] == ["决算"]
    assert panel_of(corpus_store, "department=普陀", "doc_type=预算").rows[0]["year"] == 2024


def test_every_current_corpus_document_is_in_exactly_one_row(corpus, tmp_path):
    db = tmp_path / "all.duckdb"
    with Store(db) as st:
        for pdf in sorted(corpus.glob("*.pdf")):
            st.load(yusuan.read(pdf), "test")
        current = {d for (d,) in st.con.execute(
            "SELECT doc_id FROM documents WHERE superseded_by IS NULL").fetchall()}
        panel = build_panel(st.con)
    listed = [d for r in panel.rows for d in r["doc_ids"].split(";")]
    assert sorted(listed) == sorted(current)


def _final_of(doc, income_total: str):
    """The sample as if it were the 决算 of the same year, with another 收入总计."""
    t1 = doc.tables[0]
    rows = tuple(replace(r, values={k: Decimal(income_total) for k in r.values})
                 if r.name == "收入总计" else r for r in t1.rows)
    return replace(doc, sha256="f" * 64, doc_type="决算", tables=(replace(t1, rows=rows),) + doc.tables[1:])


def test_budget_and_final_side_by_side_with_the_execution_rate(tmp_path, seed_doc):
    db = tmp_path / "s.duckdb"
    with Store(db) as st:
        st.load(seed_doc, "test")
        st.load(_final_of(seed_doc, "600.00"), "test")
        panel = build_panel(st.con)
    assert [(r["year"], r["doc_type"]) for r in panel.rows] == [(2024, "决算"), (2024, "预算")]
    (ex,) = panel.execution
    assert (ex["department"], ex["year"]) == ("台山市总工会", 2024)
    assert ex["income_total_budget"] == Decimal("534.77") and ex["income_total_final"] == Decimal("600")
    assert ex["income_total_rate"] == Decimal("112.20")        # 600 / 534.77 = 1.121977…
    assert ex["basic_expenditure_rate"] == Decimal("100.00")
    assert ex["operating_expenses_rate"] is None               # printed in neither
    out = write_panel(panel, tmp_path / "p.csv")
    assert [p.name for p in out] == ["p.csv", "p.execution.csv"]
    frame = pd.read_csv(out[1], dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert frame.iloc[0]["income_total_rate"] == "112.20"


def test_execution_rate():
    assert execution_rate(Decimal("200"), Decimal("150")) == Decimal("75.00")
    assert execution_rate(Decimal("0"), Decimal("1")) is None
    assert execution_rate(None, Decimal("1")) is None


def test_cli_writes_csv_parquet_and_xlsx(corpus_store, tmp_path):
    runner = CliRunner()
    for name in ("panel.csv", "panel.parquet", "panel.xlsx"):
        result = runner.invoke(cli.main, ["indicators", "--db", str(corpus_store), "-o",
                                          str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        assert "4 rows" in result.output
    frame = pd.read_csv(tmp_path / "panel.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    row = frame[frame.department == "江苏省高级人民法院"].iloc[0]
    assert Decimal(row.income_total) == Decimal("37188.34") and row.three_public_vehicle_purchase == ""
    import pyarrow.parquet as pq
    table = pq.read_table(tmp_path / "panel.parquet")
    assert str(table.schema.field("income_total").type) == "decimal128(38, 6)"
    assert table.num_rows == 4
    openpyxl = pytest.importorskip("openpyxl")
    ws = openpyxl.load_workbook(tmp_path / "panel.xlsx")["panel"]
    labels = [ws.cell(1, c).value for c in range(1, ws.max_column + 1)]
    ids = [ws.cell(2, c).value for c in range(1, ws.max_column + 1)]
    assert labels[ids.index("income_total")] == "收入总计"
    assert labels[ids.index("three_public_total")] == "“三公”经费"
    court = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value == "江苏省高级人民法院")
    cell = ws.cell(court, ids.index("income_total") + 1)
    assert cell.value == 37188.34


def test_cli_where_errors(corpus_store, tmp_path):
    runner = CliRunner()
    bad = runner.invoke(cli.main, ["indicators", "--db", str(corpus_store), "-o",
                                   str(tmp_path / "p.csv"), "--where", "colour=red"])
    assert bad.exit_code == 2 and "KEY=VALUE" in bad.output
    missing = runner.invoke(cli.main, ["indicators", "--db", str(corpus_store), "-o",
                                       str(tmp_path / "p.csv"), "--where", "year=20x4"])
    assert missing.exit_code == 2
    wrong = runner.invoke(cli.main, ["indicators", "--db", str(corpus_store), "-o", str(tmp_path / "p.txt")])
    assert wrong.exit_code == 1 and ".csv, .parquet or .xlsx" in wrong.output


def test_the_store_holds_the_indicators_of_each_document(tmp_path, seed_doc):
    from yusuan.store import write_hive
    with Store(tmp_path / "s.duckdb") as st:
        st.load(seed_doc, "test")
        rows = dict(st.con.execute("SELECT indicator, value FROM indicators").fetchall())
        reason = st.con.execute("SELECT reason FROM indicators WHERE indicator = 'procurement_total'"
                                ).fetchall()[0][0]
    assert rows["income_total"] == Decimal("534.77") and rows["personnel_expenses"] == Decimal("477.26")
    assert rows["procurement_total"] is None and "no 政府采购表" in reason
    write_hive(seed_doc, tmp_path / "lake")
    import pyarrow.parquet as pq
    (part,) = (tmp_path / "lake" / "indicators").rglob("*.parquet")
    assert part.parent.name == "doc_type=预算" and part.parent.parent.name == "year=2024"
    assert pq.read_table(part).num_rows == len(rows)


def test_the_panel_groups_by_department_key_scope_and_region(tmp_path, seed_doc):
    """Documents of one department are one row per year and type, under their key: a damaged
    copy (two tables fewer) stays current beside the complete one, and the values come from
    the complete one; region and scope filter."""
    assert (seed_doc.department_key, seed_doc.scope, seed_doc.region) == ("台山市总工会", "部门", "台山市")
    damaged = replace(seed_doc, sha256="e" * 64, tables=seed_doc.tables[2:])
    renamed = replace(seed_doc, sha256="d" * 64, year=2025, department="中共台山市总工会")
    db = tmp_path / "s.duckdb"
    with Store(db) as st:
        for doc in (seed_doc, damaged, renamed):
            st.load(doc, "test")
        current = st.con.execute("SELECT count(*) FROM documents WHERE superseded_by IS NULL").fetchall()
        assert current == [(3,)]
        panel = build_panel(st.con)
        assert [(r["department_key"], r["year"], r["documents"]) for r in panel.rows] == [
            ("台山市总工会", 2024, 2), ("台山市总工会", 2025, 1)]
        union = panel.rows[0]
        assert (union["department"], union["scope"], union["region"]) == ("台山市总工会", "部门", "台山市")
        assert union["income_total"] == Decimal("534.77")     # 表1 is only in the complete one
        assert sorted(union["doc_ids"].split(";")) == sorted([seed_doc.doc_id, damaged.doc_id])
        assert len(build_panel(st.con, [Filter.parse("region=台山")]).rows) == 2
        assert build_panel(st.con, [Filter.parse("region=上海")]).rows == []
        assert len(build_panel(st.con, [Filter.parse("scope=部门")]).rows) == 2
        assert build_panel(st.con, [Filter.parse("scope=单位")]).rows == []
        # department= matches the printed name or the key
        assert [r["year"] for r in build_panel(st.con, [Filter.parse("department=中共台山")]).rows] == [2025]


def test_a_store_of_documents_ingested_before_the_indicators_says_so(tmp_path, seed_doc):
    db = tmp_path / "old.duckdb"
    with Store(db) as st:
        st.load(seed_doc, "test")
        st.con.execute("DELETE FROM indicators")          # as an older yusuan left it
    result = CliRunner().invoke(cli.main, ["indicators", "--db", str(db), "-o", str(tmp_path / "p.csv")])
    assert result.exit_code == 0
    assert "1 rows × 0 indicators" in result.output and "ingested by a yusuan before" in result.output
