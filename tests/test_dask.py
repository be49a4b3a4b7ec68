"""yusuan on a Dask cluster (issue 16): the same files give the same outputs through
`--scheduler` as through the local runner, a bad file fails alone with its reason, a worker
that dies costs only a retry of its files, and ingestion through the cluster loads each file
once. Each cluster is closed by its fixture or test, also when the test fails."""

from __future__ import annotations

import csv
import json
import logging
import os
import shutil
import signal
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

distributed = pytest.importorskip(
    "distributed", reason="Dask distributed is not installed (pip install '.[dask]' or '.[test]')")

from yusuan import cli  # noqa: E402
from yusuan.batch import FAILED, OK, SKIPPED, Job, run  # noqa: E402
from yusuan.executors import DaskExecutor  # noqa: E402
from yusuan.settings import Settings  # noqa: E402

from conftest import SAMPLE  # noqa: E402

SAMPLE_PDF = SAMPLE.parent / "taishan_zonggonghui_2024_yusuan_ruled.pdf"


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes of one thread each, no dashboard (no fixed port), configured as
    `--scheduler local:N` configures its own (a task retried once when its worker dies)."""
    import dask
    from yusuan.executors import cluster_config
    with dask.config.set(cluster_config(Settings())):
        lc = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                      dashboard_address=":0", silence_logs=logging.CRITICAL)
    client = None
    try:
        client = distributed.Client(lc)
        yield client
    finally:
        if client is not None:
            client.close()
        lc.close()


@pytest.fixture
def client(cluster):
    cluster.wait_for_workers(2, timeout=60)     # a test before may have killed one
    return cluster


def _inbox(tmp_path: Path) -> Path:
    pdfgen = pytest.importorskip("pdfgen", reason="reportlab draws these PDFs (pip install '.[test]')")
    box = tmp_path / "in"
    box.mkdir()
    shutil.copy(SAMPLE, box / SAMPLE.name)
    shutil.copy(SAMPLE_PDF, box / SAMPLE_PDF.name)
    pdfgen.draw(box / "gen_ruled.pdf", "ruled", True)
    pdfgen.draw(box / "gen_unruled_headerless.pdf", "unruled", False)
    (box / "bad.pdf").write_bytes(b"%PDF-1.7 broken")
    shutil.copy(SAMPLE, box / "good.txt")
    return box


def _summary(out: Path) -> list[dict]:
    """summary.csv without the seconds, and with outputs relative to OUT."""
    with open(out / "summary.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        r.pop("seconds")
        r["output"] = str(Path(r["output"]).relative_to(out)) if r["output"] else ""
    return rows


def _manifest(folder: Path) -> dict:
    m = json.loads((folder / "manifest.json").read_text("utf-8"))
    m.pop("extracted_at")
    return m


def test_a_cluster_writes_what_the_local_runner_writes(client, tmp_path):
    import pyarrow.parquet as pq
    box = _inbox(tmp_path)
    local, dask_out = tmp_path / "local", tmp_path / "dask"
    runner = CliRunner()
    a = runner.invoke(cli.main, ["extract", str(box), "-o", str(local), "--jobs", "2"])
    b = runner.invoke(cli.main, ["extract", str(box), "-o", str(dask_out),
                                 "--scheduler", client.scheduler.address])
    assert a.exit_code == b.exit_code == 1, b.output
    assert f"running on Dask scheduler {client.scheduler.address}, 2 worker(s)" in b.output
    # the bad file's one-line reason, as the local runner gives it; the others are written
    reason = f"FAILED  {box / 'bad.pdf'}: is not a readable PDF"
    assert reason in a.output and reason in b.output
    assert len([line for line in b.output.splitlines() if line.startswith("FAILED")]) == 1
    assert "6 files: 5 extracted, 0 current (skipped), 1 failed; 115 pages" in b.output
    assert "progress: 6/6 files · 115 pages · " in b.output and " pages/s · 1 failed" in b.output
    assert _summary(dask_out) == _summary(local)
    folders = sorted(p.name for p in dask_out.iterdir() if p.is_dir())
    assert folders == sorted(p.name for p in local.iterdir() if p.is_dir()) == [
        "gen_ruled", "gen_unruled_headerless", "good", "taishan_zonggonghui_2024_yusuan",
        "taishan_zonggonghui_2024_yusuan_ruled"]
    for name in folders:
        assert _manifest(dask_out / name) == _manifest(local / name), name
        for f in sorted((local / name).rglob("*")):
            g = dask_out / name / f.relative_to(local / name)
            if f.suffix == ".csv":
                assert g.read_bytes() == f.read_bytes(), g
            elif f.suffix == ".parquet":
                assert pq.read_table(g).equals(pq.read_table(f)), g
        facts = (dask_out / name / "facts.csv").read_text("utf-8-sig").splitlines()
        assert len(facts) == 1 + 654, name       # the reference document's 654 amounts
    assert not [p for p in dask_out.iterdir() if p.name.startswith(".")]   # no temporaries
    # a second run through the cluster finds every output current; --force redoes them
    again = runner.invoke(cli.main, ["extract", str(box), "-o", str(dask_out),
                                     "--scheduler", client.scheduler.address])
    assert "6 files: 0 extracted, 5 current (skipped), 1 failed" in again.output
    assert "current good.txt: 12 tables, 654 facts, 23 pages" in again.output
    forced = runner.invoke(cli.main, ["extract", str(box), "-o", str(dask_out), "--force",
                                      "--scheduler", client.scheduler.address])
    assert "6 files: 5 extracted, 0 current (skipped), 1 failed" in forced.output


def _copies(tmp_path: Path, names: list[str]) -> list[Path]:
    box = tmp_path / "in"
    box.mkdir()
    for n in names:
        shutil.copy(SAMPLE, box / n)
    return [box / n for n in names]


def test_a_worker_that_dies_costs_its_file_one_retry(client, tmp_path):
    import cloudpickle
    import dask_work
    cloudpickle.register_pickle_by_value(dask_work)
    files = _copies(tmp_path, ["a.txt", "crash_once.txt", "crash_always.txt", "b.txt"])
    job = Job(tmp_path / "out", ("csv",), Settings())
    outcomes = {}
    # one crashing file per run: Dask blames every task on a worker that dies, so crash_always
    # killing the worker crash_once's retry had landed on would cost crash_once its retry too
    for batch in ([files[0], files[1]], [files[2], files[3]]):
        with DaskExecutor(client) as executor:
            outcomes.update({o.source.name: o for o in run(batch, job, work=dask_work.die_on_marked,
                                                           executor=executor)})
    assert sorted(outcomes) == ["a.txt", "b.txt", "crash_always.txt", "crash_once.txt"]
    # crash_once.txt killed a worker (the marker says so), and its retry read it
    assert (tmp_path / "in" / "crash_once.txt.died").exists()
    # (or found it current: a worker lost after it wrote the file, before the client had its
    # outcome, has the scheduler run it once more)
    assert outcomes["crash_once.txt"].status in (OK, SKIPPED) and outcomes["crash_once.txt"].facts == 654
    # crash_always.txt killed the worker of its retry too: it fails alone, in one line
    failed = outcomes["crash_always.txt"]
    assert failed.status == FAILED
    assert failed.error == (f"{files[2]}: the worker process died reading it, on a second worker "
                            "too (a crash in the PDF library, or past the workers' memory limit; "
                            "please report this file)")
    assert {outcomes["a.txt"].status, outcomes["b.txt"].status} <= {OK, SKIPPED}
    for name in ("a", "crash_once", "b"):
        assert (tmp_path / "out" / name / "facts.csv").exists()
    assert not (tmp_path / "out" / "crash_always").exists()


def test_killing_a_worker_in_the_middle_of_a_run(client, tmp_path):
    """A worker killed from outside (an OOM killer, a node lost) once the run is under way:
    the files it held are read again by the other worker, and the run completes."""
    files = _copies(tmp_path, [f"doc{n}.txt" for n in range(6)])
    pids = list(client.run(os.getpid).values())
    assert len(pids) == 2
    killed = []

    def kill_one(outcome):
        if not killed:
            os.kill(pids[0], signal.SIGKILL)
            killed.append(pids[0])

    job = Job(tmp_path / "out", ("csv",), Settings())
    with DaskExecutor(client) as executor:
        outcomes = list(run(files, job, on_done=kill_one, executor=executor))
    assert killed
    assert sorted(o.source.name for o in outcomes) == [f.name for f in files]
    assert [o.status for o in outcomes] == [OK] * 6, [o.error for o in outcomes]
    for f in files:
        assert len((tmp_path / "out" / f.stem / "facts.csv").read_text("utf-8-sig").splitlines()) == 655
    # the killed worker is gone, and its nanny has started another in its place
    client.wait_for_workers(2, timeout=60)
    assert pids[0] not in client.run(os.getpid).values()


def _count(db: Path, sql: str):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_ingest_through_a_local_cluster_twice_adds_nothing(tmp_path):
    box = tmp_path / "in"
    box.mkdir()
    shutil.copy(SAMPLE, box / "zgh.txt")
    shutil.copy(SAMPLE_PDF, box / "zgh_ruled.pdf")
    (box / "bad.pdf").write_bytes(b"%PDF-1.7 broken")
    db, lake = tmp_path / "store.duckdb", tmp_path / "lake"
    runner = CliRunner()
    args = ["ingest", str(box), "--db", str(db), "--parquet", str(lake), "--scheduler", "local:2"]
    first = runner.invoke(cli.main, args)
    assert first.exit_code == 1, first.output
    assert "running on Dask scheduler tcp://127.0.0.1:" in first.output
    assert f"FAILED  {box / 'bad.pdf'}: is not a readable PDF" in first.output
    # the text dump and the PDF are two files (two sha256) of one document: two documents,
    # the later-loaded superseding the other (or not, with more failed checks)
    assert _count(db, "SELECT count(*) FROM documents") == [(2,)]
    assert _count(db, "SELECT count(*) FROM facts") == [(2 * 654,)]
    parquet = sorted((lake / "facts").rglob("*.parquet"))
    assert len(parquet) == 2 and {p.parent.name for p in parquet} == {"doc_type=预算"}
    second = runner.invoke(cli.main, args)      # bad.pdf is read again (and fails again)
    assert second.exit_code == 1
    assert "current zgh.txt: 12 tables, 654 facts, 23 pages" in second.output
    assert "current zgh_ruled.pdf: 12 tables, 654 facts, 23 pages" in second.output
    assert "3 files: 0 loaded, 2 already stored (skipped), 1 failed" in second.output
    assert _count(db, "SELECT count(*) FROM documents") == [(2,)]
    assert _count(db, "SELECT count(*) FROM facts") == [(2 * 654,)]
    assert sorted((lake / "facts").rglob("*.parquet")) == parquet


def test_scheduler_option_is_explained_and_checked(monkeypatch, tmp_path):
    text = CliRunner().invoke(cli.main, ["extract", "--help"]).output
    assert "--scheduler" in text and "filesystem every worker shares" in " ".join(text.split())
    text = CliRunner().invoke(cli.main, ["ingest", "--help"]).output
    assert "this process alone loads the store" in " ".join(text.split())
    bad = CliRunner().invoke(cli.main, ["extract", str(SAMPLE), "--scheduler", "local:0"])
    assert bad.exit_code == 2 and "local:N with N worker processes" in bad.output
    # nothing listens on port 9: one line, after Settings.scheduler_timeout (2 s here)
    monkeypatch.setattr(cli, "Settings", lambda **kw: Settings(scheduler_timeout=2, **kw))
    unreachable = CliRunner().invoke(cli.main, ["extract", str(SAMPLE), "-o", str(tmp_path),
                                                "--scheduler", "tcp://127.0.0.1:9"])
    assert unreachable.exit_code == 1
    assert "cannot reach the Dask scheduler tcp://127.0.0.1:9" in unreachable.output


def test_workers_of_another_version_are_refused(client, monkeypatch):
    import yusuan
    with DaskExecutor(client) as executor:
        assert executor.check_workers() is None
        monkeypatch.setattr(yusuan, "__version__", "9.9.9")    # this client only
        problem = executor.check_workers()
    assert problem.startswith("2 Dask worker(s) run another yusuan version (tcp://127.0.0.1:")
    assert problem.endswith(": 0.1.0, here 9.9.9); install yusuan 9.9.9 on every worker")


def test_without_dask_the_option_says_what_to_install(monkeypatch):
    from yusuan import executors
    monkeypatch.setattr(executors, "dask_available", lambda: False)
    result = CliRunner().invoke(cli.main, ["extract", str(SAMPLE), "--scheduler", "local:2"])
    assert result.exit_code == 2
    assert "--scheduler needs Dask distributed, which is not installed: pip install 'yusuan[dask]'" \
        in result.output


def test_relative_paths_reach_a_remote_cluster_made_absolute(client, tmp_path, monkeypatch):
    """The workers of a cluster do not share the client's working folder: relative inputs
    and OUT are sent as absolute paths (said in --help)."""
    monkeypatch.chdir(tmp_path)
    Path("in").mkdir()
    shutil.copy(SAMPLE, Path("in") / "zgh.txt")
    result = CliRunner().invoke(cli.main, ["extract", "in", "-o", "out",
                                           "--scheduler", client.scheduler.address])
    assert result.exit_code == 0, result.output
    assert "ok      zgh.txt: 12 tables, 654 facts, 23 pages" in result.output
    assert f"-> {tmp_path / 'out' / 'zgh'}" in result.output
    assert len((tmp_path / "out" / "zgh" / "facts.csv").read_text("utf-8-sig").splitlines()) == 655
