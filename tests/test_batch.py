"""Batch runs and ingestion (issue 6): bad inputs each get a clear reason, a non-zero status and
no output, while the good files of the same batch come out complete; re-runs skip what is
current; the store grows by what is new. Every bad input is made here."""

from __future__ import annotations

import csv
import os
import random
import shutil
import tracemalloc
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from yusuan import cli
from yusuan.batch import FAILED, OK, Job, Outcome, extract_one, run
from yusuan.settings import Settings

from conftest import SAMPLE

SAMPLE_PDF = SAMPLE.parent / "taishan_zonggonghui_2024_yusuan_ruled.pdf"


def _reportlab_pdf(path: Path, pages: int = 1, *, text: str | None = "budget notes 123.45",
                   encrypt: str | None = None, shapes: bool = False) -> Path:
    from reportlab.pdfgen import canvas
    c = canvas.Canvas(str(path), encrypt=encrypt)
    for n in range(pages):
        if text:
            c.drawString(72, 720, f"{text} page {n + 1}")
        if shapes:                      # what a scan looks like to a text extractor: no text
            c.rect(72, 72, 400, 600, fill=1)
        c.showPage()
    c.save()
    return path


# The bad inputs, each with the words its reason must say.
BAD = {
    "empty.pdf": "is empty",
    "truncated.pdf": "is not a readable PDF",
    "random_bytes.pdf": "is not a readable PDF",
    "encrypted.pdf": "is encrypted and needs a password (pass --password)",
    "scanned.pdf": "has no text layer",
    "latin1.txt": "is neither UTF-8 nor GB18030/GBK text",
    "binary.txt": "looks binary",
}


@pytest.fixture
def inbox(tmp_path) -> Path:
    box = tmp_path / "in"
    box.mkdir()
    shutil.copy(SAMPLE, box / "good.txt")
    shutil.copy(SAMPLE_PDF, box / "good_ruled.pdf")
    (box / "empty.pdf").write_bytes(b"")
    data = SAMPLE_PDF.read_bytes()
    (box / "truncated.pdf").write_bytes(data[: len(data) // 3])
    (box / "random_bytes.pdf").write_bytes(random.Random(7).randbytes(20_000))
    _reportlab_pdf(box / "encrypted.pdf", encrypt="s3cret")
    _reportlab_pdf(box / "scanned.pdf", pages=2, text=None, shapes=True)
    (box / "latin1.txt").write_bytes(("Budget café naïve résumé 12,345.00\n" * 40).encode("cp1252"))
    (box / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 500)
    _reportlab_pdf(box / "no_tables.pdf", pages=2)
    (box / "no_tables.txt").write_text("部门预算说明\n本部门无下属单位。\n", "utf-8")
    return box


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith("."))


def test_a_batch_of_good_and_bad_files(inbox, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli.main, ["extract", str(inbox), "-o", str(out), "--jobs", "2"])
    assert result.exit_code == 1
    for name, reason in BAD.items():
        assert f"FAILED  {inbox / name}: {reason}" in result.output, name
        assert not (out / Path(name).stem).exists(), name      # nothing of a failed file
    assert _leftovers(out) == []                                # no temporary folders
    # the good files are complete
    for good in ("good", "good_ruled"):
        assert len(list((out / good / "tables").glob("*.csv"))) == 12
        with open(out / good / "facts.csv", encoding="utf-8-sig") as fh:
            assert sum(1 for _ in fh) == 654 + 1
    # files without tables: a warning, status ok, a manifest saying so, no table files
    folders = [p for p in out.iterdir() if p.name.startswith("in__no_tables")]
    assert len(folders) == 2             # no_tables.pdf and no_tables.txt share a stem
    for folder in folders:
        assert not (folder / "tables").exists()
        assert '"tables_found": 0' in (folder / "manifest.json").read_text("utf-8")
    assert result.output.count("        warning: no tables found\n") == 2
    # the summary: every file once, in input order, with its status and reason
    assert "11 files: 4 extracted, 0 current (skipped), 7 failed" in result.output
    with open(out / "summary.csv", encoding="utf-8-sig") as fh:
        rows = {Path(r["file"]).name: r for r in csv.DictReader(fh)}
    assert len(rows) == 11
    assert {n for n, r in rows.items() if r["status"] == "failed"} == set(BAD)
    assert rows["encrypted.pdf"]["reason"].startswith("is encrypted and needs a password")
    assert rows["good.txt"]["facts"] == "654" and rows["good.txt"]["checks_failed"] == "0"


def test_the_password_opens_an_encrypted_pdf(inbox, tmp_path):
    pdf = inbox / "encrypted.pdf"
    runner = CliRunner()
    ok = runner.invoke(cli.main, ["extract", str(pdf), "-o", str(tmp_path), "--password", "s3cret"])
    assert ok.exit_code == 0 and "warning: no tables found" in ok.output
    wrong = runner.invoke(cli.main, ["extract", str(pdf), "-o", str(tmp_path / "w"), "--password", "x"])
    assert wrong.exit_code == 1 and "the password given does not open it" in wrong.output


def test_an_unreadable_file_is_reported(tmp_path, monkeypatch):
    """Permissions cannot stop root (CI), so the operating system's refusal is simulated."""
    from yusuan.extract import source as source_module
    target = tmp_path / "locked.txt"
    shutil.copy(SAMPLE, target)
    real_open = open

    def guarded(file, *args, **kwargs):
        if Path(file) == target:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(source_module, "open", guarded, raising=False)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli.main, ["extract", str(target), str(SAMPLE), "-o", str(out),
                                           "--jobs", "1"])
    assert result.exit_code == 1
    assert f"{target}: cannot be read: Permission denied (check its permissions)" in result.output
    assert sorted(p.name for p in out.iterdir()) == sorted([SAMPLE.stem, "summary.csv"])


def test_rerun_skips_current_outputs_and_force_redoes_them(tmp_path):
    box = tmp_path / "in"
    box.mkdir()
    shutil.copy(SAMPLE, box / "a.txt")
    shutil.copy(SAMPLE, box / "b.txt")
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(cli.main, ["extract", str(box), "-o", str(out)]).exit_code == 0
    stamp = (out / "a" / "manifest.json").stat().st_mtime_ns
    again = runner.invoke(cli.main, ["extract", str(box), "-o", str(out)])
    assert again.exit_code == 0
    assert "2 files: 0 extracted, 2 current (skipped), 0 failed" in again.output
    assert (out / "a" / "manifest.json").stat().st_mtime_ns == stamp
    # a changed file is not current any more
    (box / "b.txt").write_text(SAMPLE.read_text("utf-8").replace("297.36", "297.46"), "utf-8")
    changed = runner.invoke(cli.main, ["extract", str(box), "-o", str(out)])
    assert "2 files: 1 extracted, 1 current (skipped), 0 failed" in changed.output
    forced = runner.invoke(cli.main, ["extract", str(box), "-o", str(out), "--force"])
    assert "2 files: 2 extracted, 0 current (skipped), 0 failed" in forced.output
    assert (out / "a" / "manifest.json").stat().st_mtime_ns != stamp


def test_progress_is_plain_lines_when_not_on_a_terminal(tmp_path):
    result = CliRunner().invoke(cli.main, ["extract", str(SAMPLE), str(SAMPLE_PDF), "-o", str(tmp_path)])
    assert result.exit_code == 0
    progress = [ln for ln in result.stderr.splitlines() if ln.startswith("progress: ")]
    assert progress and progress[-1].startswith("progress: 2/2 files · 46 pages · ")
    assert "\r" not in result.stderr
    quiet = CliRunner().invoke(cli.main, ["extract", str(SAMPLE), "-o", str(tmp_path / "q"), "-q"])
    assert quiet.exit_code == 0 and quiet.output == ""


def test_exit_status_is_documented():
    text = " ".join(CliRunner().invoke(cli.main, ["extract", "--help"]).output.split())
    assert "Exit status: 0 when every file was read" in text and "1 when some" in text
    assert "--force" in text and "--jobs" in text


def _die_on_marked(path: Path, name: str, job: Job) -> Outcome:
    """A worker that crashes (as a C library might) on one file."""
    if path.name.startswith("crash"):
        os._exit(3)
    return extract_one(path, name, job)


def test_a_crashing_worker_fails_its_file_only(tmp_path):
    box = tmp_path / "in"
    box.mkdir()
    for name in ("a.txt", "crash.txt", "b.txt"):
        shutil.copy(SAMPLE, box / name)
    files = sorted(box.iterdir())
    job = Job(tmp_path / "out", ("csv",), Settings())
    outcomes = {o.source.name: o for o in run(files, job, jobs=2, work=_die_on_marked)}
    assert outcomes["crash.txt"].status == FAILED
    assert "the worker process died reading it" in outcomes["crash.txt"].error
    # a file whose worker finished before the pool broke may be found current when read again
    assert {outcomes["a.txt"].status, outcomes["b.txt"].status} <= {OK, "skipped"}
    assert (tmp_path / "out" / "a" / "facts.csv").exists() and (tmp_path / "out" / "b" / "facts.csv").exists()
    assert not (tmp_path / "out" / "crash").exists()


def test_a_long_pdf_is_streamed(tmp_path):
    """Python memory for 400 pages stays within that for 40 (pages are read one at a time,
    and nothing of a page but its text is kept once it has been read). PDFium's own memory
    is measured in bench/bench_memory.py."""
    import yusuan
    peaks = {}
    for pages in (40, 400):
        pdf = _reportlab_pdf(tmp_path / f"long{pages}.pdf", pages=pages,
                             text="这一页只有说明文字，没有表格。" * 3)
        tracemalloc.start()
        doc = yusuan.read(pdf)
        peaks[pages] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert doc.page_count == pages and not doc.tables
    assert peaks[400] < 2 * peaks[40], peaks


# ------------------------------------------------------------------ ingestion

def _count(db: Path, sql: str):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_ingest_twice_adds_nothing_and_a_changed_file_supersedes(tmp_path):
    box = tmp_path / "in"
    box.mkdir()
    shutil.copy(SAMPLE, box / "zgh.txt")
    (box / "bad.pdf").write_bytes(b"%PDF-1.7 broken")
    db, lake = tmp_path / "store.duckdb", tmp_path / "lake"
    runner = CliRunner()
    first = runner.invoke(cli.main, ["ingest", str(box), "--db", str(db), "--parquet", str(lake)])
    assert first.exit_code == 1 and f"FAILED  {box / 'bad.pdf'}: is not a readable PDF" in first.output
    assert _count(db, "SELECT count(*) FROM documents") == [(1,)]
    assert _count(db, "SELECT count(*) FROM facts") == [(654,)]
    parquet = list((lake / "facts").rglob("*.parquet"))
    assert [p.parent.parent.name + "/" + p.parent.name for p in parquet] == ["year=2024/doc_type=预算"]
    (box / "bad.pdf").unlink()
    second = runner.invoke(cli.main, ["ingest", str(box), "--db", str(db), "--parquet", str(lake)])
    assert second.exit_code == 0
    assert second.output.startswith("current zgh.txt: 12 tables, 654 facts, 23 pages")
    assert _count(db, "SELECT count(*) FROM documents") == [(1,)]
    assert _count(db, "SELECT count(*) FROM facts") == [(654,)]
    # the same department's 2024 budget, republished with its text corrected: a new document,
    # the old one kept (a copy with more failed checks would not supersede it: test_identity)
    (box / "zgh.txt").write_text(SAMPLE.read_text("utf-8").replace("本部门无下属单位", "本部门没有下属单位"),
                                 "utf-8")
    third = runner.invoke(cli.main, ["ingest", str(box), "--db", str(db)])
    assert third.exit_code == 0
    rows = _count(db, "SELECT superseded_by IS NULL FROM documents ORDER BY ingested_at, superseded_by NULLS LAST")
    assert sorted(rows) == [(False,), (True,)]
    assert _count(db, "SELECT count(*) FROM facts") == [(2 * 654,)]


def test_a_failure_while_loading_leaves_the_store_consistent_and_the_next_run_completes(
        tmp_path, monkeypatch):
    from yusuan.errors import OutputError
    from yusuan import store as store_module
    box = tmp_path / "in"
    box.mkdir()
    shutil.copy(SAMPLE, box / "a.txt")
    (box / "b.txt").write_text(SAMPLE.read_text("utf-8").replace("台山市总工会", "台山市妇女联合会"), "utf-8")
    db = tmp_path / "store.duckdb"
    real = store_module._insert_arrow
    facts_loads = []

    def failing(con, table, rows):
        if table == "facts":
            facts_loads.append(1)
            if len(facts_loads) == 2:           # the second document, after its other rows
                raise OutputError("disk full (simulated)")
        return real(con, table, rows)

    monkeypatch.setattr(store_module, "_insert_arrow", failing)
    broken = CliRunner().invoke(cli.main, ["ingest", str(box), "--db", str(db), "--jobs", "1"])
    assert broken.exit_code == 1 and "disk full (simulated)" in broken.output
    # b's documents and tables rows were rolled back with its facts
    assert _count(db, "SELECT department, tables, facts FROM documents") == [("台山市总工会", 12, 654)]
    assert _count(db, "SELECT count(*) FROM tables") == [(12,)]
    monkeypatch.setattr(store_module, "_insert_arrow", real)
    fixed = CliRunner().invoke(cli.main, ["ingest", str(box), "--db", str(db), "--jobs", "1"])
    assert fixed.exit_code == 0
    assert "2 files: 1 loaded, 1 already stored (skipped), 0 failed" in fixed.output
    assert _count(db, "SELECT count(*) FROM documents") == [(2,)]
    assert _count(db, "SELECT count(*) FROM facts") == [(2 * 654,)]
