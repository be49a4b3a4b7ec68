"""The ingestion store (yusuan.store): loading, re-ingesting, superseding, atomicity, schema
versions and migrations, the hive dataset, and the queries users run.

Expected figures are written by hand from the sample 台山市总工会 2024 预算 (12 tables, 654
facts; 一般公共服务支出 297.36 万元, 基本支出 on the 合计 row 489.67 万元). Variants of the
sample are written into tmp_path with a few strings replaced."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import textwrap
from collections import Counter
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

import yusuan
from yusuan import store
from yusuan.errors import OutputError
from yusuan.model import FAIL, PASS, SKIP, Check
from yusuan.normalize.frames import FACT_COLUMNS, facts_columns
from yusuan.store import Store, write_hive

SAMPLE = Path(__file__).parent.parent / "samples" / "taishan_zonggonghui_2024_yusuan.txt"
TEXT = SAMPLE.read_text("utf-8")
VERSION = "9.9.9-test"


def variant(folder: Path, name: str, text: str) -> yusuan.Document:
    """Read `text` written as folder/name: a changed copy of the sample is a new document."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return yusuan.read(path)


def with_checks(doc: yusuan.Document, *statuses: str) -> yusuan.Document:
    """`doc` with exactly these check outcomes, so that expected check counts do not depend
    on what the checks of the day find."""
    return dataclasses.replace(doc, checks=tuple(
        Check(name="total", rule=f"rule {n}", status=s) for n, s in enumerate(statuses)))


def counts(st: Store, doc_id: str) -> tuple[int, int, int]:
    """Rows of one document in documents, tables, facts."""
    return tuple(st.con.execute(f"SELECT count(*) FROM {t} WHERE doc_id = ?", [doc_id]).fetchall()[0][0]
                 for t in ("documents", "tables", "facts"))


def superseded_by(st: Store, doc_id: str) -> str | None:
    return st.con.execute("SELECT superseded_by FROM documents WHERE doc_id = ?", [doc_id]).fetchall()[0][0]


def stored_version(path: Path) -> str:
    with duckdb.connect(str(path)) as con:
        return con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()[0][0]


def set_stored_version(path: Path, version: int) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(version)])


@pytest.fixture(scope="module")
def sample():
    return yusuan.read(SAMPLE)


@pytest.fixture
def changed(tmp_path):
    """The sample with one sentence changed: another file of the same department, year, type."""
    # a sentence of the text, not an amount: a copy whose checks fail more would not
    # supersede (tests/test_identity.py)
    return variant(tmp_path, "changed.txt", TEXT.replace("本部门无下属单位", "本部门没有下属单位", 1))


# ------------------------------------------------------------------------------- loading

def test_new_store_has_the_schema_version_and_the_facts_schema(tmp_path):
    with Store(tmp_path / "s.duckdb") as st:
        columns = st.con.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = 'facts' ORDER BY ordinal_position").fetchall()
    assert stored_version(tmp_path / "s.duckdb") == str(store.SCHEMA_VERSION)
    # the table of a new store = the writers' facts schema (a column appended to FACT_COLUMNS
    # without a migration fails here)
    assert [name for name, _ in columns] == list(FACT_COLUMNS)
    assert dict(columns)["value"] == "DECIMAL(38,6)"


def test_load_stores_the_document_its_tables_and_facts(tmp_path, sample):
    doc = with_checks(sample, PASS, PASS, FAIL, SKIP)
    with Store(tmp_path / "s.duckdb") as st:
        assert not st.has(doc.doc_id)
        assert st.load(doc, VERSION) == "loaded"
        assert st.has(doc.doc_id)
        assert counts(st, doc.doc_id) == (1, 12, 654)
        row = st.con.execute(
            "SELECT file_name, department, year, doc_type, unit, pages, tables, facts, "
            "yusuan_version, checks_passed, checks_failed, checks_skipped, warnings, superseded_by, "
            "ingested_at IS NOT NULL FROM documents").fetchall()
        assert row == [("taishan_zonggonghui_2024_yusuan.txt", "台山市总工会", 2024, "预算", "万元",
                        23, 12, 654, VERSION, 2, 1, 1, "[]", None, True)]
        table = st.con.execute(
            "SELECT label, title, kind, unit, pages, rows, columns, header, note, warnings "
            "FROM tables WHERE table_no = 5").fetchall()[0]
        assert table[:7] == ("表5", "一般公共预算支出情况表（按功能分类科目）",
                             "general_expenditure_by_function", "万元", "[11]", 21, 4)
        assert json.loads(table[7]) == [
            {"path": "功能科目名称", "role": "name"},
            {"path": "一般公共预算支出/小计", "role": "amount"},
            {"path": "一般公共预算支出/基本支出", "role": "amount"},
            {"path": "一般公共预算支出/项目支出", "role": "amount"}]
        assert table[8:] == ("无。", "[]")
        facts = st.con.execute(
            "SELECT table_label, page, name, level, value FROM facts "
            "WHERE table_no = 5 AND code = '201' AND \"column\" = '一般公共预算支出/小计'").fetchall()
        assert facts == [("表5", 11, "一般公共服务支出", 1, Decimal("297.36"))]


def test_ingesting_the_same_file_twice_adds_nothing(tmp_path, sample):
    with Store(tmp_path / "s.duckdb") as st:
        assert st.load(sample, VERSION) == "loaded"
        assert st.load(sample, VERSION) == "skipped"
    with Store(tmp_path / "s.duckdb") as st:   # also in a later run
        assert st.load(sample, VERSION) == "skipped"
        assert counts(st, sample.doc_id) == (1, 12, 654)
        assert st.con.execute("SELECT count(*) FROM facts").fetchall() == [(654,)]


def test_a_changed_file_supersedes_the_current_document_and_keeps_it(tmp_path, sample, changed):
    third = variant(tmp_path, "third.txt", TEXT.replace("本部门无下属单位", "本部门无任何下属单位", 1))
    with Store(tmp_path / "s.duckdb") as st:
        for doc in (sample, changed, third):
            assert st.load(doc, VERSION) == "loaded"
        assert superseded_by(st, sample.doc_id) == changed.doc_id   # not re-pointed by the third
        assert superseded_by(st, changed.doc_id) == third.doc_id
        assert superseded_by(st, third.doc_id) is None
        for doc in (sample, changed, third):
            assert counts(st, doc.doc_id) == (1, 12, 654)


def test_other_department_year_or_unknown_fields_supersede_nothing(tmp_path, sample, changed):
    other_department = variant(tmp_path, "fulian.txt", TEXT.replace("台山市总工会", "台山市妇女联合会"))
    other_year = variant(tmp_path, "2023.txt", TEXT.replace("2024", "2023"))
    no_department = dataclasses.replace(changed, department=None, department_key=None)
    assert (other_department.department, other_year.year) == ("台山市妇女联合会", 2023)
    with Store(tmp_path / "s.duckdb") as st:
        for doc in (sample, other_department, other_year, no_department):
            assert st.load(doc, VERSION) == "loaded"
        assert st.con.execute("SELECT count(*) FROM documents WHERE superseded_by IS NOT NULL"
                              ).fetchall() == [(0,)]


def test_a_failure_inside_a_load_leaves_nothing_and_the_next_load_completes(
        tmp_path, sample, changed, monkeypatch):
    with Store(tmp_path / "s.duckdb") as st:
        st.load(sample, VERSION)

        def broken(*args):
            raise RuntimeError("disk full")
        # _insert_arrow writes tables and facts: after the documents row and the superseding
        monkeypatch.setattr(store, "_insert_arrow", broken)
        with pytest.raises(RuntimeError, match="disk full"):
            st.load(changed, VERSION)
        assert not st.has(changed.doc_id)
        assert counts(st, changed.doc_id) == (0, 0, 0)
        assert superseded_by(st, sample.doc_id) is None    # the superseding is rolled back too

        monkeypatch.undo()
        assert st.load(changed, VERSION) == "loaded"
        assert counts(st, changed.doc_id) == (1, 12, 654)
        assert superseded_by(st, sample.doc_id) == changed.doc_id
        assert counts(st, sample.doc_id) == (1, 12, 654)


def test_a_process_killed_inside_a_load_leaves_the_store_consistent(tmp_path, sample, changed):
    db = tmp_path / "s.duckdb"
    with Store(db) as st:
        st.load(sample, VERSION)
    child = textwrap.dedent("""
        import os, sys
        import yusuan
        from yusuan import store
        store._insert_arrow = lambda *args: os._exit(9)   # dies after the documents row
        with store.Store(sys.argv[1]) as st:
            st.load(yusuan.read(sys.argv[2]), "killed")
        """)
    died = subprocess.run([sys.executable, "-c", child, str(db), str(tmp_path / "changed.txt")])
    assert died.returncode == 9
    with Store(db) as st:
        assert counts(st, changed.doc_id) == (0, 0, 0)
        assert superseded_by(st, sample.doc_id) is None
        assert st.load(changed, VERSION) == "loaded"
        assert counts(st, changed.doc_id) == (1, 12, 654)


def test_an_amount_beyond_six_decimals_is_refused_before_anything_is_written(tmp_path, sample):
    table = sample.tables[0]
    row = dataclasses.replace(table.rows[0], values={"收入/预算": Decimal("1.0000001")})
    doc = dataclasses.replace(sample, sha256="0" * 64, tables=(dataclasses.replace(table, rows=(row,)),))
    with Store(tmp_path / "s.duckdb") as st:
        with pytest.raises(OutputError, match="more than 6 decimals"):
            st.load(doc, VERSION)
        assert counts(st, doc.doc_id) == (0, 0, 0)


# ------------------------------------------------------------------------------- schema versions

def test_an_older_store_is_migrated_on_opening(tmp_path, sample, monkeypatch):
    db = tmp_path / "s.duckdb"
    with Store(db) as st:
        st.load(sample, VERSION)
    set_stored_version(db, 0)
    monkeypatch.setattr(store, "MIGRATIONS", {**store.MIGRATIONS, 1: [
        "ALTER TABLE documents ADD COLUMN reviewer VARCHAR"]})
    with Store(db) as st:
        assert st.con.execute("SELECT department, reviewer FROM documents").fetchall() == [
            ("台山市总工会", None)]
    assert stored_version(db) == str(store.SCHEMA_VERSION)


def test_a_later_version_adds_columns_and_the_old_store_keeps_working(
        tmp_path, sample, changed, monkeypatch):
    db = tmp_path / "s.duckdb"
    with Store(db) as st:
        st.load(sample, VERSION)
    later = store.SCHEMA_VERSION + 1
    monkeypatch.setattr(store, "SCHEMA_VERSION", later)
    monkeypatch.setattr(store, "MIGRATIONS", {**store.MIGRATIONS, later: [
        "ALTER TABLE facts ADD COLUMN reviewed BOOLEAN",
        "ALTER TABLE documents ADD COLUMN publisher VARCHAR"]})
    with Store(db) as st:
        assert st.load(changed, VERSION) == "loaded"    # a column the code does not fill: NULL
        assert st.con.execute("SELECT doc_id, count(*), count(reviewed) FROM facts "
                              "GROUP BY doc_id ORDER BY doc_id").fetchall() == sorted(
            [(sample.doc_id, 654, 0), (changed.doc_id, 654, 0)])
        assert superseded_by(st, sample.doc_id) == changed.doc_id
    assert stored_version(db) == str(later)
    with Store(db) as st:     # opening again runs nothing twice
        assert counts(st, changed.doc_id) == (1, 12, 654)


def test_a_store_of_a_newer_yusuan_is_refused(tmp_path):
    db = tmp_path / "s.duckdb"
    Store(db).close()
    set_stored_version(db, 99)
    with pytest.raises(OutputError, match=r"schema version 99, newer .*upgrade yusuan"):
        Store(db)
    assert stored_version(db) == "99"     # left untouched


def test_a_file_that_is_not_a_database_is_an_output_error(tmp_path):
    bad = tmp_path / "s.duckdb"
    bad.write_text("not a database")
    with pytest.raises(OutputError, match="cannot open the store"):
        Store(bad)


# ------------------------------------------------------------------------------- hive dataset

def test_write_hive_round_trips_through_duckdb_with_exact_decimals(tmp_path, sample):
    other_year = variant(tmp_path, "2023.txt", TEXT.replace("2024", "2023").replace("297.36", "280.05"))
    unknown = dataclasses.replace(other_year, sha256="f" * 64, year=None, doc_type=None)
    root = tmp_path / "hive"
    path = write_hive(sample, root)
    assert path == root / "facts" / "year=2024" / "doc_type=预算" / f"{sample.doc_id}.parquet"
    assert write_hive(other_year, root).parent == root / "facts" / "year=2023" / "doc_type=预算"
    assert write_hive(unknown, root).parent == (
        root / "facts" / "year=__HIVE_DEFAULT_PARTITION__" / "doc_type=__HIVE_DEFAULT_PARTITION__")
    assert [p.name for p in path.parent.iterdir()] == [path.name]     # no temporary file left

    dataset = f"read_parquet('{root}/facts/**/*.parquet', hive_partitioning = true)"
    rel = duckdb.sql(f"SELECT * FROM {dataset}")
    # each once: the partition's year (the document's) stands for the facts column year
    assert sorted(rel.columns) == sorted({*FACT_COLUMNS, "year", "doc_type"})
    assert dict(zip(rel.columns, map(str, rel.types)))["value"] == "DECIMAL(38,6)"
    assert duckdb.sql(f"SELECT year, doc_type, count(*) FROM {dataset} GROUP BY ALL ORDER BY year"
                      ).fetchall() == [(2023, "预算", 654), (2024, "预算", 654), (None, None, 654)]
    assert duckdb.sql(f"SELECT year, value FROM {dataset} WHERE year >= 2023 AND table_no = 3 "
                      "AND code = '201' AND \"column\" = '合计' ORDER BY year").fetchall() == [
        (2023, Decimal("280.05")), (2024, Decimal("297.36"))]
    # every amount comes back exactly as read
    read_back = duckdb.sql(f"SELECT table_no, row_no, side, \"column\", value FROM {dataset} "
                           f"WHERE doc_id = '{sample.doc_id}'").fetchall()
    facts = facts_columns(sample.tables, sample).data
    assert Counter(read_back) == Counter(zip(*(facts[n] for n in (
        "table_no", "row_no", "side", "column", "value"))))

    document = json.loads((root / "documents" / f"{sample.doc_id}.json").read_text("utf-8"))
    assert {k: document[k] for k in ("doc_id", "department", "year", "doc_type", "tables", "facts",
                                     "warnings")} == {
        "doc_id": sample.doc_id, "department": "台山市总工会", "year": 2024, "doc_type": "预算",
        "tables": 12, "facts": 654, "warnings": []}


def test_write_hive_never_leaves_a_half_written_file(tmp_path, sample, monkeypatch):
    root = tmp_path / "hive"
    path = write_hive(sample, root)
    before = path.read_bytes()

    def crash(table, where):
        Path(where).write_bytes(b"PAR1 half")
        raise OSError("no space left on device")
    monkeypatch.setattr(store.pq, "write_table", crash)
    with pytest.raises(OSError, match="no space"):
        write_hive(sample, root)
    assert [p.name for p in path.parent.iterdir()] == [path.name]
    assert path.read_bytes() == before


# ------------------------------------------------------------------------------- queries

@pytest.fixture(scope="module")
def query_store(tmp_path_factory):
    """台山市总工会 2023 (基本支出 450.00, 201 = 280.00, one failed check) and 2024, first as the
    sample then superseded by a file with 201 = 297.46; 台山市妇女联合会 2024 printed in 元.
    Check outcomes are set by hand (see with_checks)."""
    folder = tmp_path_factory.mktemp("queries")
    docs = [
        with_checks(variant(folder, "zgh_2023.txt", TEXT.replace("2024", "2023")
                            .replace("489.67", "450.00").replace("297.36", "280.00")), PASS, FAIL),
        with_checks(yusuan.read(SAMPLE), PASS),
        with_checks(variant(folder, "zgh_2024_v2.txt", TEXT.replace("297.36", "297.46")), PASS),
        with_checks(variant(folder, "fulian_2024.txt", TEXT.replace("台山市总工会", "台山市妇女联合会")
                            .replace("单位：万元", "单位：元")), FAIL, FAIL, SKIP),
    ]
    st = Store(folder / "s.duckdb")
    for doc in docs:
        st.load(doc, VERSION)
    yield st, docs
    st.close()


def test_query_general_public_services_by_department_and_year(query_store):
    st, (zgh_2023, _, zgh_2024, fulian) = query_store
    rows = st.con.execute(store.GENERAL_PUBLIC_SERVICES_SQL).fetchall()
    assert rows == [
        ("台山市妇女联合会", 2024, "预算", Decimal("0.029736"), "表3", fulian.doc_id),   # 297.36 元
        ("台山市总工会", 2023, "预算", Decimal("280.00"), "表3", zgh_2023.doc_id),
        ("台山市总工会", 2024, "预算", Decimal("297.46"), "表3", zgh_2024.doc_id),    # not the superseded 297.36
    ]


def test_query_basic_expenditure_year_on_year(query_store):
    st, _ = query_store
    rows = st.con.execute(store.BASIC_EXPENDITURE_YOY_SQL).fetchall()
    assert rows == [
        ("台山市妇女联合会", "预算", 2024, Decimal("0.048967"), None, None, None),   # 489.67 元
        ("台山市总工会", "预算", 2023, Decimal("450.00"), None, None, None),
        ("台山市总工会", "预算", 2024, Decimal("489.67"), Decimal("450.00"), Decimal("39.67"), 8.82),
    ]


def test_query_documents_with_failed_checks(query_store):
    """The checks set by hand name no cells: one line per failed check, its cell columns NULL
    (tests/test_checks_store.py lists the cells of a real failure)."""
    st, (zgh_2023, _, _, fulian) = query_store
    rows = st.con.execute(store.FAILED_CHECKS_SQL).fetchall()
    assert [r[:8] + r[-1:] for r in rows] == [
        (fulian.doc_id, "fulian_2024.txt", "台山市妇女联合会", 2024, "预算", 1, "total", "rule 0", None),
        (fulian.doc_id, "fulian_2024.txt", "台山市妇女联合会", 2024, "预算", 2, "total", "rule 1", None),
        (zgh_2023.doc_id, "zgh_2023.txt", "台山市总工会", 2023, "预算", 2, "total", "rule 1", None),
    ]
    assert {r[11:19] for r in rows} == {(None,) * 8}


def test_a_store_without_labels_gains_the_column(tmp_path, sample):
    """The migration that added facts.labels (an outline's label path) runs on an older store,
    whose facts keep NULL there; documents loaded afterwards fill it."""
    added = next(v for v, statements in store.MIGRATIONS.items()
                 if any("COLUMN IF NOT EXISTS labels" in s for s in statements))
    db = tmp_path / "s.duckdb"
    with Store(db) as st:
        st.load(sample, VERSION)
        st.con.execute("ALTER TABLE facts DROP COLUMN labels")
    set_stored_version(db, added - 1)
    with Store(db) as st:
        assert st.con.execute("SELECT count(*), count(labels) FROM facts").fetchone() == (654, 0)
        st.con.execute("DELETE FROM facts")
        st.con.execute("DELETE FROM documents")
        st.con.execute("DELETE FROM tables")
        st.con.execute("DELETE FROM checks")
        assert st.load(sample, VERSION) == "loaded"
        assert st.con.execute("SELECT count(labels) FROM facts").fetchone() == (654,)
        assert st.con.execute("SELECT DISTINCT labels FROM facts WHERE table_no = 3 AND code = '201'"
                              ).fetchall() == [("一般公共服务支出",)]
    assert stored_version(db) == str(store.SCHEMA_VERSION)
