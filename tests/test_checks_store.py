"""The `checks` table of the store (issue 10): one row per check, an older store upgraded in
place, and the README's query listing the cells of failed checks. Expected figures are read
off the sample's 表5 (p. 11): 20805 行政事业单位养老支出 171.94 = 2080501 125.98 + 2080505 30.64
+ 2080506 15.32, in 万元."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb

import yusuan
from yusuan import store
from yusuan.store import Store

SAMPLE = Path(__file__).parent.parent / "samples" / "taishan_zonggonghui_2024_yusuan.txt"
LINE = "　　[2080505]机关事业单位基本养老保险缴费支出 30.64 30.64 0.00"
D = Decimal


def edited(tmp_path: Path) -> yusuan.Document:
    """The sample printing 2080505 as 31.64 in 小计 and 基本支出 (its 20805 still says 171.94)."""
    text = SAMPLE.read_text("utf-8")
    assert text.count(LINE) == 1
    path = tmp_path / "edited.txt"
    path.write_text(text.replace(LINE, LINE.replace("30.64 30.64", "31.64 31.64")), "utf-8")
    return yusuan.read(path)


def test_an_older_store_gets_the_checks_table_in_place(tmp_path):
    """A store as version 1 wrote it (its base schema, one document loaded) is upgraded when
    opened: its document stays, it gains `checks`, and new documents fill it."""
    db = tmp_path / "old.duckdb"
    old = yusuan.read(SAMPLE)
    with duckdb.connect(str(db)) as con:
        for statement in store.BASE_SCHEMA:
            con.execute(statement)
        con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
        row = store.document_row(old, "0.1-old")
        v1_documents = {r[0] for r in con.execute("DESCRIBE documents").fetchall()}
        row = {k: v for k, v in row.items() if k in v1_documents}   # columns version 1 did not have left out
        con.execute(f"INSERT INTO documents ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                    list(row.values()))
        facts = store.facts_table(old)
        v1 = [r[0] for r in con.execute("DESCRIBE facts").fetchall()]
        facts = facts.select(v1)                    # columns later versions appended left out
        con.register("f", facts)
        con.execute("INSERT INTO facts BY NAME SELECT * FROM f")
        assert not con.execute("SELECT 1 FROM information_schema.tables "
                               "WHERE table_name = 'checks'").fetchall()
    with Store(db) as st:
        assert st.con.execute("SELECT value FROM meta").fetchall() == [(str(store.SCHEMA_VERSION),)]
        assert st.con.execute("SELECT count(*) FROM documents").fetchall() == [(1,)]
        assert st.con.execute("SELECT count(*) FROM facts").fetchall() == [(654,)]
        assert st.con.execute("SELECT count(*) FROM checks").fetchall() == [(0,)]
        doc = edited(tmp_path)
        assert st.load(doc, "new") == "loaded"
        assert st.con.execute("SELECT doc_id = ?, checks_rounding FROM documents ORDER BY 1",
                              [doc.doc_id]).fetchall() == [(False, None), (True, 0)]
        n, failed, rounding = st.con.execute(
            "SELECT count(*), count(*) FILTER (WHERE status = 'fail'), count(*) FILTER (WHERE rounding) "
            "FROM checks WHERE doc_id = ?", [doc.doc_id]).fetchall()[0]
        assert n == len(doc.checks) and failed == 2 and rounding == 0


def test_the_failed_checks_query_lists_the_failing_cells(tmp_path):
    doc = edited(tmp_path)
    with Store(tmp_path / "s.duckdb") as st:
        st.load(yusuan.read(SAMPLE), "v")          # a document whose checks all pass: no lines
        st.load(doc, "v")
        rows = st.con.execute(store.FAILED_CHECKS_SQL).fetchall()
        stored = st.con.execute("SELECT family, status, pages, tables, expected, found, difference, "
                                "rounding, len(cells) FROM checks WHERE status = 'fail'").fetchall()
    # both failures: 20805 = 2080501 + 2080505 + 2080506, in 小计 and in 基本支出, p. 11
    assert stored == [("hierarchy", "fail", [11], [5], D("172.94"), D("171.94"), D("-1.00"), False, 4)] * 2
    assert {r[1] for r in rows} == {"edited.txt"}
    cells = sorted((r[7].rsplit("[", 1)[1], r[11], r[12], r[14], str(r[17])) for r in rows)
    assert cells == sorted(
        (column + "]", 11, "表5", code, value)
        for column in ("一般公共预算支出/小计", "一般公共预算支出/基本支出")
        for code, value in (("20805", "171.940000"), ("2080501", "125.980000"),
                            ("2080505", "31.640000"), ("2080506", "15.320000")))
