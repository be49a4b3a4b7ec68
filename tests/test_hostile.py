"""Hostile and odd inputs (issue 13, items 2–12): each defect reproduced with inputs made here;
the message, the exit status and the files left are asserted, and the good files beside the bad
one come out complete."""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import shutil
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import yusuan
from yusuan import cli
from yusuan.normalize.spreadsheet import formula_safe
from yusuan.normalize.writers import write_document

from conftest import SAMPLE

TEXT = SAMPLE.read_text("utf-8")
SAMPLE_PDF = SAMPLE.parent / "taishan_zonggonghui_2024_yusuan_ruled.pdf"


def run_cli(*args: str, **kwargs):
    return CliRunner().invoke(cli.main, [str(a) for a in args], **kwargs)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def complete(out: Path, name: str, tables: int = 12) -> None:
    """A good file's output folder is all there: manifest, every table, the facts."""
    manifest = json.loads((out / name / "manifest.json").read_text("utf-8"))
    assert manifest["tables_found"] == tables
    assert len(list((out / name / "tables").glob("*.csv"))) == tables
    assert (out / name / "facts.csv").exists() and (out / name / "facts.parquet").exists()


# --------------------------------------------------------------- 2. CSV formula injection

@pytest.mark.parametrize("text, shown", [
    ("=1+1", "'=1+1"), ("+86 电话", "'+86 电话"), ("-12.00", "'-12.00"), ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\t=cmd", "'\t=cmd"), ("\r=1", "'\r=1"), ("--", "'--"), ("一般公共服务支出", "一般公共服务支出"),
    ("", ""), ("1=1", "1=1"),
])
def test_formula_safe(text, shown):
    assert formula_safe(text) == shown


def test_csv_text_cells_cannot_be_formulas_and_amounts_stay_numbers(tmp_path):
    doc = yusuan.read(SAMPLE)
    table = doc.table(5)
    rows = list(table.rows)
    column = table.amount_columns[0].key
    rows[1] = dataclasses.replace(rows[1], name="=1+1", values={**rows[1].values,
                                                                column: Decimal("-12.00")})
    rows[2] = dataclasses.replace(rows[2], name="@SUM(A1:A9)", ordinal="--")
    doc = dataclasses.replace(doc, tables=tuple(
        dataclasses.replace(t, rows=tuple(rows)) if t.no == 5 else t for t in doc.tables))
    target = write_document(doc, tmp_path, "doc")
    with open(next((target / "tables").glob("05_*.csv")), encoding="utf-8-sig", newline="") as fh:
        printed = list(csv.DictReader(fh))
    assert (printed[1]["name"], printed[1][column]) == ("'=1+1", "-12.00")
    assert (printed[2]["name"], printed[2]["ordinal"]) == ("'@SUM(A1:A9)", "'--")
    with open(target / "facts.csv", encoding="utf-8-sig", newline="") as fh:
        facts = [r for r in csv.DictReader(fh) if r["table_no"] == "5"]
    assert {(r["name"], r["value"]) for r in facts if r["row_no"] == str(rows[1].row_no)
            and r["column"] == column} == {("'=1+1", "-12.00")}
    # Parquet keeps the raw text
    parquet = pq.read_table(next((target / "tables").glob("05_*.parquet"))).to_pylist()
    assert (parquet[1]["name"], parquet[2]["name"], parquet[2]["ordinal"]) == ("=1+1", "@SUM(A1:A9)", "--")
    assert parquet[1][column] == Decimal("-12.00")
    facts_pq = pq.read_table(target / "facts.parquet").to_pylist()
    assert "=1+1" in {r["name"] for r in facts_pq}


# --------------------------------------------------------------- 3. decompression bombs

def decompression_bomb(path: Path, stream_mb: int = 32, refs: int = 32, *,
                       second_page: bool = False) -> Path:
    """A PDF of about 1 KB whose first page's content decodes to stream_mb × refs MB: a
    stream of spaces compressed twice (nested FlateDecode), listed `refs` times in
    /Contents; with `second_page`, an ordinary page follows."""
    import zlib
    packer = zlib.compressobj(9)
    data = bytearray(packer.compress(b"BT /F1 12 Tf 72 720 Td (budget 123.45) Tj ET\n"))
    spaces = b" " * (1 << 20)
    for _ in range(stream_mb):
        data += packer.compress(spaces)
    data += packer.flush()
    data = zlib.compress(bytes(data), 9)
    kids = b"[3 0 R 7 0 R] /Count 2" if second_page else b"[3 0 R] /Count 1"
    text = b"BT /F1 12 Tf 72 720 Td (budget notes 123.45) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids " + kids + b" >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >>"
        b" /Contents [" + b" ".join([b"4 0 R"] * refs) + b"] >>",
        b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(data) + data
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >>"
        b" /Contents 6 0 R >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def slow_pdf(path: Path) -> Path:
    """A PDF that takes pdfplumber several seconds and little memory: its page content is
    240 MB of spaces, under the page-content limit (Settings.max_page_content, 256 MB)."""
    return decompression_bomb(path, stream_mb=8, refs=30)


def test_the_pdfplumber_reader_refuses_a_page_whose_content_is_a_bomb(tmp_path):
    bomb = decompression_bomb(tmp_path / "bomb.pdf", second_page=True)
    start = time.monotonic()
    doc = yusuan.read(bomb, reader="pdfplumber")            # the page is lost, not the document
    assert time.monotonic() - start < 10                    # never decoded whole (1 GB)
    assert doc.page_count == 2
    assert any("page 1" in w and "its content decodes to more than 256 MB (a decompression bomb?)"
               in w for w in doc.warnings), doc.warnings
    alone = decompression_bomb(tmp_path / "alone.pdf")
    with pytest.raises(yusuan.InputError, match="no page can be read"):
        yusuan.read(alone, reader="pdfplumber")
    doc = yusuan.read(SAMPLE_PDF, reader="pdfplumber")      # ordinary pages pass
    assert len(doc.tables) == 12


linux_only = pytest.mark.skipif(not Path("/proc/self/statm").exists(),
                                reason="needs /proc (Linux) to watch a process's memory")


@linux_only
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_decompression_bomb_fails_alone_with_the_memory_limit(tmp_path, jobs):
    inbox = tmp_path / "in"
    inbox.mkdir()
    bomb = decompression_bomb(inbox / "bomb.pdf")
    assert bomb.stat().st_size < 4096                      # 1 GB once decoded
    shutil.copy(SAMPLE, inbox / "good.txt")
    out = tmp_path / "out"
    result = run_cli("extract", inbox, "-o", out, "--max-memory", "400M", "--jobs", jobs)
    assert result.exit_code == 1, result.output
    assert (f"FAILED  {bomb}: exceeds the memory limit of 400 MB while being read "
            "(raise --max-memory to read it)") in result.output
    assert not (out / "bomb").exists() and leftovers(out) == []
    complete(out, "good")
    with open(out / "summary.csv", encoding="utf-8-sig", newline="") as fh:
        rows = {r["file"]: r for r in csv.DictReader(fh)}
    assert rows[str(bomb)]["status"] == "failed"
    assert rows[str(bomb)]["reason"].startswith("exceeds the memory limit of 400 MB")


def test_max_memory_is_a_size():
    from yusuan.workers import parse_size, size_text
    assert [parse_size(t) for t in ("2G", "2GB", "2GiB", "500M", "1.5g", "0", "300")] == [
        2 << 30, 2 << 30, 2 << 30, 500 << 20, 3 << 29, 0, 300 << 20]
    assert (size_text(2 << 30), size_text(400 << 20), size_text(3 << 29)) == ("2 GB", "400 MB", "1.5 GB")
    result = run_cli("extract", SAMPLE, "--max-memory", "lots")
    assert result.exit_code == 2 and "a size such as 2G, 500M or 0" in result.output


# --------------------------------------------------------------- 4. unwritable or full output

def test_a_read_only_output_folder_is_one_line_and_status_1(tmp_path, monkeypatch):
    import errno
    import tempfile

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(tempfile, "TemporaryFile", read_only)
    result = run_cli("extract", SAMPLE, SAMPLE_PDF, "-o", out)
    assert result.exit_code == 1
    assert result.output == f"cannot write {out}: Read-only file system\n"
    assert isinstance(result.exception, SystemExit)         # no traceback
    assert list(out.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder anyway")
def test_a_folder_without_write_permission_is_one_line(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        result = run_cli("extract", SAMPLE, "-o", out)
    finally:
        out.chmod(0o755)
    assert result.exit_code == 1 and result.output == f"cannot write {out}: Permission denied\n"


def test_a_full_disk_stops_the_run_in_one_line(tmp_path, monkeypatch):
    import errno
    from yusuan.normalize import writers
    inbox = tmp_path / "in"
    inbox.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (inbox / name).write_text(TEXT.replace("台山市总工会", f"台山市总工会{name[0]}"), "utf-8")
    real = writers.write_csv

    def full_after_a(cols, path):
        if "/.b." in str(path) or "/.c." in str(path):
            raise OSError(errno.ENOSPC, "No space left on device")
        real(cols, path)

    monkeypatch.setattr(writers, "write_csv", full_after_a)
    out = tmp_path / "out"
    result = run_cli("extract", inbox, "-o", out, "--jobs", "1", "--format", "csv")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    failures = [line for line in result.output.splitlines() if "No space left" in line]
    assert failures == [f"cannot write {out}: No space left on device (the files reported above "
                        "are complete; nothing else was written)"]
    assert "internal error" not in result.output
    assert sorted(p.name for p in out.iterdir()) == ["a"]        # no temporaries, b and c not begun
    assert (out / "a" / "manifest.json").exists()


# --------------------------------------------------------------- 5. pdfminer's exceptions and logs

def _damaged(path: Path, old: bytes, new: bytes) -> Path:
    data = SAMPLE_PDF.read_bytes()
    assert len(old) == len(new) and old in data
    path.write_bytes(data.replace(old, new, 1))
    return path


@pytest.fixture
def malformed(tmp_path) -> dict[str, Path]:
    box = tmp_path / "in"
    box.mkdir()
    return {
        # a MediaBox of five values, one a name: pdfplumber's MalformedPDFException
        "MalformedPDFException": _damaged(box / "mediabox.pdf", b"/MediaBox [ 0 0 595.2756 841.8898 ]",
                                          b"/MediaBox [0 0 595.2756 /X 1.8898 ]"),
        # a stream dictionary of an odd count: PdfminerException, raised while closing
        "PdfminerException": _damaged(box / "stream.pdf",
                                      b"/Filter [ /ASCII85Decode /FlateDecode ] /Length 194",
                                      b"/X/Filter[/ASCII85Decode /FlateDecode ] /Length 194"),
    }


def test_pdfminer_exceptions_are_unreadable_pdfs_not_internal_errors(tmp_path, malformed):
    shutil.copy(SAMPLE, tmp_path / "in" / "good.txt")
    out = tmp_path / "out"
    result = run_cli("extract", tmp_path / "in", "-o", out, "--reader", "pdfplumber", "-q")
    assert result.exit_code == 1
    for exception, path in malformed.items():
        (line,) = [ln for ln in result.output.splitlines() if ln.startswith(f"FAILED  {path}")]
        assert line.startswith(f"FAILED  {path}: is not a readable PDF ({exception}: ")
        assert line.endswith("(is the file complete? try opening it in a PDF viewer)")
        assert len(line) < 400
        assert not (out / path.stem).exists()
    assert "internal error" not in result.output
    complete(out, "good")


def test_library_logs_stay_out_of_stderr_unless_verbose(tmp_path):
    bbox = _damaged(tmp_path / "bbox.pdf", b"/FontBBox [ -25 -254 1000 880 ]",
                    b"/FontBBox [ -25 -254 1000 /X0 ]")      # pdfminer logs a warning, reads on
    command = [sys.executable, "-m", "yusuan.cli", "extract", str(bbox), "-o", str(tmp_path / "out"),
               "--reader", "pdfplumber"]
    quiet = subprocess.run(command + ["-q"], capture_output=True, text=True, timeout=120)
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stderr == "" and "FontBBox" not in quiet.stdout
    verbose = subprocess.run(command + ["-v", "--force"], capture_output=True, text=True, timeout=120)
    assert verbose.returncode == 0
    assert "log: pdfminer.pdffont: Could not get FontBBox from font descriptor" in verbose.stderr
    complete(tmp_path / "out", "bbox")


# --------------------------------------------------------------- 6. same-named inputs across runs

def test_an_output_of_another_file_is_not_replaced_without_force(tmp_path):
    first = tmp_path / "a" / "2024" / "report.txt"
    second = tmp_path / "a" / "2025" / "report.txt"
    first.parent.mkdir(parents=True)
    second.parent.mkdir(parents=True)
    first.write_text(TEXT, "utf-8")
    second.write_text(TEXT.replace("2024", "2025"), "utf-8")
    out = tmp_path / "o"
    assert run_cli("extract", first, "-o", out).exit_code == 0
    before = (out / "report" / "manifest.json").read_text("utf-8")
    refused = run_cli("extract", second, "-o", out)
    assert refused.exit_code == 1
    assert (f"FAILED  {second}: not written: {out / 'report'} holds the output of another file "
            f"({first}) (pass --force to replace it, or write to another -o folder)") in refused.output
    assert (out / "report" / "manifest.json").read_text("utf-8") == before
    # the same file, changed where it lies: its output is replaced
    first.write_text(TEXT.replace("本部门无下属单位", "本部门没有下属单位"), "utf-8")
    assert run_cli("extract", first, "-o", out).exit_code == 0
    # and --force replaces the output of another file
    assert run_cli("extract", second, "-o", out, "--force").exit_code == 0
    assert json.loads((out / "report" / "manifest.json").read_text("utf-8"))["document"]["year"] == 2025
    assert leftovers(out) == []


# --------------------------------------------------------------- 7. workers die with their parent

def _children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@linux_only
@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_workers_exit_when_their_parent_is_killed(tmp_path, command):
    import signal
    inbox = tmp_path / "in"
    inbox.mkdir()
    for n in range(2):
        slow_pdf(inbox / f"slow{n}.pdf")
    target = ["-o", str(tmp_path / "out")] if command == "extract" else ["--db", str(tmp_path / "s.duckdb")]
    parent = subprocess.Popen([sys.executable, "-m", "yusuan.cli", command, str(inbox), *target,
                               "--jobs", "2", "--reader", "pdfplumber", "-q"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(workers) < 2:
            workers = _children(parent.pid)
            time.sleep(0.1)
        assert len(workers) == 2, "the workers did not start"
        time.sleep(0.5)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_running(w) for w in workers):
            time.sleep(0.1)
        assert not [w for w in workers if _running(w)], "workers outlived their parent"
    finally:                           # whatever the outcome, no worker of this test is left
        for w in workers | _children(parent.pid):
            if _running(w):
                os.kill(w, signal.SIGKILL)


# --------------------------------------------------------------- 8. temporaries of a killed run

def test_a_later_run_removes_stale_temporary_folders(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    hour_ago = time.time() - 3600
    dead = 2 ** 22 + 12345              # above Linux's default pid_max: no such process
    stale = [out / f".report.tmp-{dead}-abcd1234", out / ".old_style.tmp-x1y2z3w4",
             out / f".report.old-{dead}-qwer5678"]
    alive = out / f".report.tmp-{os.getppid()}-live0000"          # its process still runs
    fresh = out / f".report.tmp-{dead}-fresh000"                  # too young to judge
    for folder in stale + [alive, fresh]:
        (folder / "tables").mkdir(parents=True)
        (folder / "tables" / "01_x.csv").write_text("half", "utf-8")
        if folder is not fresh:
            os.utime(folder, (hour_ago, hour_ago))
    mine = out / "notes"                                          # not a temporary: kept
    mine.mkdir()
    os.utime(mine, (hour_ago, hour_ago))
    result = run_cli("extract", SAMPLE, "-o", out, "-q")
    assert result.exit_code == 0
    assert leftovers(out) == sorted([alive.name, fresh.name])
    assert mine.exists()
    complete(out, SAMPLE.stem)


# --------------------------------------------------------------- 9. hostile titles

def test_hostile_titles_make_safe_file_names_and_are_kept_whole(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    hostile = "收支总体\x00情况\x1b[31m表\x07"
    long_title = "收支总体情况表（" + "说明文字" * 72 + "）"            # 297 characters
    (inbox / "control.txt").write_text(TEXT.replace("\n收支总体情况表\n", f"\n{hostile}\n", 1), "utf-8")
    (inbox / "long.txt").write_text(TEXT.replace("\n收支总体情况表\n", f"\n{long_title}\n", 1), "utf-8")
    shutil.copy(SAMPLE, inbox / "good.txt")
    out = tmp_path / "out"
    result = run_cli("extract", inbox, "-o", out)
    assert result.exit_code == 0, result.output
    for name in ("control", "long", "good"):
        complete(out, name)
        for f in (out / name / "tables").iterdir():
            assert f.name.isprintable() and len(f.name.encode("utf-8")) <= 200, repr(f.name)
    (control,) = (out / "control" / "tables").glob("01_*.csv")
    assert control.name == "01_收支总体情况[31m表.csv"
    manifest = json.loads((out / "control" / "manifest.json").read_text("utf-8"))
    assert manifest["tables"][0]["title"] == hostile
    assert manifest["tables"][0]["kind"] == "income_expenditure_summary"
    manifest = json.loads((out / "long" / "manifest.json").read_text("utf-8"))
    first = manifest["tables"][0]
    assert (first["title"], first["kind"]) == (long_title, "income_expenditure_summary")
    assert first["warnings"][0] == ("a title of 297 characters (standard titles have at most 60): "
                                    "kept whole in the manifest, cut in file names")
    (long_file,) = (out / "long" / "tables").glob("01_*.csv")
    assert long_file.name == "01_" + long_title[:60] + ".csv"
    # the store takes them too
    db = tmp_path / "s.duckdb"
    assert run_cli("ingest", inbox / "control.txt", "--db", db).exit_code == 0


# --------------------------------------------------------------- 10. ingest while someone reads

HOLD_STORE = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print("open", flush=True)
time.sleep(float(sys.argv[2]))
con.close()
"""


def _holder(db: Path, seconds: float) -> subprocess.Popen:
    holder = subprocess.Popen([sys.executable, "-c", HOLD_STORE, str(db), str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "open"
    return holder


def test_ingest_waits_for_a_reader_then_fails_clearly(tmp_path):
    db = tmp_path / "s.duckdb"
    assert run_cli("ingest", SAMPLE, "--db", db, "-q").exit_code == 0
    changed = tmp_path / "changed.txt"
    changed.write_text(TEXT.replace("本部门无下属单位", "本部门没有下属单位"), "utf-8")
    holder = _holder(db, 30)
    try:
        start = time.monotonic()
        result = run_cli("ingest", changed, "--db", db, "--busy-timeout", "1")
        waited = time.monotonic() - start
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.output == (f"FAILED  {db}: the store is open in another process (pid "
                             f"{holder.pid}) after waiting 1 s; close it or run later "
                             "(--busy-timeout sets how long ingest waits)\n")
    assert 0.9 <= waited < 10
    # a reader that closes in time: ingest waits for it and loads
    holder = _holder(db, 1.5)
    try:
        result = run_cli("ingest", changed, "--db", db, "--busy-timeout", "30", "-q")
    finally:
        holder.wait()
    assert result.exit_code == 0, result.output
    import duckdb
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchall() == [(2,)]


# --------------------------------------------------------------- 11. odd paths

def test_a_newline_in_a_file_name_cannot_forge_a_log_line(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    evil = inbox / "evil\nok      forged.txt: 12 tables.txt"
    evil.write_text(TEXT, "utf-8")
    bad = inbox / "bad\x1b[2Kname.txt"
    bad.write_bytes(b"")
    result = run_cli("extract", inbox, "-o", tmp_path / "out")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert not [ln for ln in lines if ln.startswith("ok      forged")]
    assert any(ln.startswith("ok      'evil\\nok      forged.txt: 12 tables.txt': 12 tables") for ln in lines)
    assert f"FAILED  {str(bad)!r}: is empty" in lines
    assert "\x1b" not in result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "evil_ok      forged.txt: 12 tables", "summary.csv"]            # a folder name without \n
    table_rows = [ln for ln in lines if ln.startswith(("'evil", "'bad"))]
    assert len(table_rows) == 2                              # one summary row each


def test_a_symlink_loop_and_a_folder_named_pdf(tmp_path):
    loop = tmp_path / "loop.pdf"
    loop.symlink_to(loop)
    folder = tmp_path / "x.pdf"
    folder.mkdir()
    dangling = tmp_path / "gone.pdf"
    dangling.symlink_to(tmp_path / "nowhere.pdf")
    out = tmp_path / "out"
    result = run_cli("extract", loop, folder, dangling, SAMPLE, "-o", out)
    assert result.exit_code == 1
    assert f"FAILED  {loop}: is a symlink loop" in result.output
    assert f"FAILED  {folder}: is a directory" in result.output
    assert f"FAILED  {dangling}: is a broken symlink (to {tmp_path / 'nowhere.pdf'})" in result.output
    with open(out / "summary.csv", encoding="utf-8-sig", newline="") as fh:
        rows = {r["file"]: (r["status"], r["reason"]) for r in csv.DictReader(fh)}
    assert rows == {str(loop): ("failed", "is a symlink loop"),
                    str(folder): ("failed", "is a directory"),
                    str(dangling): ("failed", f"is a broken symlink (to {tmp_path / 'nowhere.pdf'})"),
                    str(SAMPLE): ("ok", "")}
    complete(out, SAMPLE.stem)


def test_each_file_is_logged_as_it_finishes_when_stdout_is_a_file(tmp_path):
    """A run killed midway has, in its log, the line of every file done before."""
    import signal
    inbox = tmp_path / "in"
    inbox.mkdir()
    shutil.copy(SAMPLE, inbox / "a_good.txt")
    slow_pdf(inbox / "b_slow.pdf")
    log = tmp_path / "log"
    with open(log, "w") as fh:
        run = subprocess.Popen([sys.executable, "-m", "yusuan.cli", "extract", str(inbox), "-o",
                                str(tmp_path / "out"), "--jobs", "1", "--reader", "pdfplumber"],
                               stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and "ok      a_good.txt" not in log.read_text():
            assert run.poll() is None, "the run ended before the test could kill it"
            time.sleep(0.1)
        assert run.poll() is None
    finally:
        os.killpg(run.pid, signal.SIGKILL)
        run.wait()
    assert "ok      a_good.txt: 12 tables, 654 facts, 23 pages" in log.read_text()


# --------------------------------------------------------------- 12. small things

def test_a_table_by_a_digit_string():
    doc = yusuan.read(SAMPLE)
    assert doc.table("5") is doc.table(5) is doc.table("表5")
    with pytest.raises(KeyError):
        doc.table("13")


def test_pytest_shows_the_reasons_of_skipped_tests():
    import tomllib
    config = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text("utf-8"))
    assert "-rs" in config["tool"]["pytest"]["ini_options"]["addopts"].split()


def test_a_run_of_mistyped_inputs_keeps_the_last_summary(tmp_path):
    out = tmp_path / "out"
    assert run_cli("extract", SAMPLE, "-o", out).exit_code == 0
    before = (out / "summary.csv").read_text("utf-8-sig")
    result = run_cli("extract", tmp_path / "nope.txt", tmp_path / "typo.pdf", "-o", out)
    assert result.exit_code == 1
    assert f"FAILED  {tmp_path / 'nope.txt'}: no such file" in result.output
    assert f"FAILED  {tmp_path / 'typo.pdf'}: no such file" in result.output
    assert "none of the 2 input(s) exists; nothing was read or written" in result.output
    assert (out / "summary.csv").read_text("utf-8-sig") == before


def test_ingest_records_files_without_tables_as_skipped_and_says_loaded(tmp_path):
    import duckdb
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLE, corpus / "zgh.txt")
    (corpus / "zgh.source.txt").write_text("来源：台山市人民政府网站，2024年3月公开。\n", "utf-8")
    db, lake = tmp_path / "s.duckdb", tmp_path / "lake"
    first = run_cli("ingest", corpus, "--db", db, "--parquet", lake)
    assert first.exit_code == 0, first.output
    assert "2 files: 2 loaded, 0 already stored (skipped), 0 failed" in first.output
    assert "warning: not stored as a document: recorded in the store's list of skipped files" \
        in first.output
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT file_name FROM documents").fetchall() == [("zgh.txt",)]
        assert con.execute("SELECT file_name, reason FROM skipped").fetchall() == [
            ("zgh.source.txt", "no tables found")]
    assert sorted(p.name for p in (lake / "skipped").iterdir()) == [
        yusuan.read(corpus / "zgh.source.txt").doc_id + ".json"]
    second = run_cli("ingest", corpus, "--db", db, "--parquet", lake)
    assert second.exit_code == 0
    assert "2 files: 0 loaded, 2 already stored (skipped), 0 failed" in second.output
