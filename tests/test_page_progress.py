"""Progress inside a long file (issue 12): the readers tell the pages they have read of the
file in progress, in this process (--jobs 1) and from worker processes (through a queue),
and the progress display shows them."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from yusuan import pageprogress
from yusuan.batch import OK, Job, Outcome, run
from yusuan.report import Progress
from yusuan.settings import Settings

from conftest import SAMPLE

PAGES = 12


def _pdf(path: Path, pages: int = PAGES) -> Path:
    layoutpdf = pytest.importorskip("layoutpdf", reason="reportlab draws these PDFs (pip install '.[test]')")
    return layoutpdf.draw(path, [[(80.0, [(72.0, f"第{n}页的一行说明文字")])] for n in range(1, pages + 1)])


def _heard(files, tmp_path: Path, jobs: int, max_memory: int) -> tuple[list, list[Outcome]]:
    heard: list[tuple[str, int, int | None]] = []
    job = Job(tmp_path / "out", ("csv",), Settings(max_memory=max_memory, progress_interval=0.0))
    outcomes = list(run(files, job, jobs, on_pages=lambda *told: heard.append(told)))
    return heard, outcomes


def _pages_of(heard, path: Path) -> list[tuple[int, int | None]]:
    return [(done, total) for file, done, total in heard if file == str(path)]


def test_a_pdf_tells_every_page_of_its_total_in_this_process(tmp_path):
    pdf = _pdf(tmp_path / "long.pdf")
    heard, outcomes = _heard([pdf], tmp_path, jobs=1, max_memory=0)    # read in this process
    assert [o.status for o in outcomes] == [OK]
    assert _pages_of(heard, pdf) == [(n, PAGES) for n in range(1, PAGES + 1)]
    assert not pageprogress.listening()          # the listener ends with the run


def test_pages_flow_back_from_worker_processes(tmp_path):
    """Two workers (a memory limit: every file is read in a worker process)."""
    a, b = _pdf(tmp_path / "a.pdf"), _pdf(tmp_path / "b.pdf", 5)
    heard, outcomes = _heard([a, b], tmp_path, jobs=2, max_memory=1 << 30)
    assert sorted(o.status for o in outcomes) == [OK, OK]
    assert _pages_of(heard, a) == [(n, PAGES) for n in range(1, PAGES + 1)]
    assert _pages_of(heard, b) == [(n, 5) for n in range(1, 6)]


def test_one_job_with_a_memory_limit_tells_pages_from_its_worker(tmp_path):
    pdf = _pdf(tmp_path / "long.pdf")
    heard, _ = _heard([pdf], tmp_path, jobs=1, max_memory=1 << 30)
    assert _pages_of(heard, pdf)[-1] == (PAGES, PAGES)


def test_a_plain_dump_tells_its_pages(tmp_path):
    """The reference dump prints its page numbers (- 1 - … - 20 -) and starts each page with
    a space; its last page is page 20 (see tests/test_pages.py)."""
    dump = tmp_path / "seed.txt"
    shutil.copy(SAMPLE, dump)
    heard, outcomes = _heard([dump], tmp_path, jobs=1, max_memory=0)
    assert [o.status for o in outcomes] == [OK]
    told = _pages_of(heard, dump)
    assert told and told[-1] == (outcomes[0].pages, outcomes[0].pages)
    assert [d for d, _ in told] == sorted(d for d, _ in told)       # forward only


def test_a_layout_dump_tells_every_page(tmp_path):
    dump = tmp_path / "layout.txt"
    pages = [f"第{n}页\n项目              金额\n合计            {n}.00\n" for n in range(1, 6)]
    dump.write_text("\f".join(pages), encoding="utf-8")
    heard, outcomes = _heard([dump], tmp_path, jobs=1, max_memory=0)
    assert outcomes[0].status == OK
    assert _pages_of(heard, dump) == [(n, 5) for n in range(1, 6)]


def test_reports_are_spaced_by_the_interval():
    heard = []
    pageprogress.listen(lambda *told: heard.append(told), interval=60.0)
    try:
        pageprogress.reading("big.pdf")
        for n in range(1, 1001):
            pageprogress.page(n, 1000)
    finally:
        pageprogress.listen(None)
        pageprogress.reading(None)
    # the first page, then nothing for 60 s, except the last page
    assert heard == [("big.pdf", 1, 1000), ("big.pdf", 1000, 1000)]


def test_a_listener_that_fails_costs_nothing():
    def broken(*_):
        raise RuntimeError("display gone")
    pageprogress.listen(broken, interval=0.0)
    try:
        pageprogress.reading("a.pdf")
        pageprogress.page(1, 3)          # raises inside: dropped for the rest of the file
        pageprogress.page(2, 3)
    finally:
        pageprogress.listen(None)
        pageprogress.reading(None)


def test_the_progress_line_shows_the_file_in_progress(tmp_path):
    stream = io.StringIO()
    progress = Progress([100, 100], stream, every=0.0)
    progress.page(str(tmp_path / "报告.pdf"), 1200, 5000)
    line = stream.getvalue().splitlines()[-1]
    assert line.startswith("progress: 0/2 files · 1,200 pages · ")
    assert "reading 报告.pdf: page 1,200 of 5,000" in line
    progress.done(Outcome(tmp_path / "报告.pdf", OK, pages=5000, size=100))
    line = stream.getvalue().splitlines()[-1]
    assert line.startswith("progress: 1/2 files · 5,000 pages · ") and "reading" not in line
    progress.page(str(tmp_path / "b.txt"), 7)            # a total not known
    assert "reading b.txt: page 7 ·" in stream.getvalue().splitlines()[-1]


def test_the_cli_shows_pages_of_a_long_file_in_its_log(tmp_path, monkeypatch):
    """Not on a terminal: a plain progress line every `every` seconds names the file and its
    pages (here every page: the interval and the line's period are 0)."""
    from click.testing import CliRunner
    from yusuan import cli, report
    pdf = _pdf(tmp_path / "long.pdf")
    real = report.Progress.__init__

    def every_time(self, sizes, stream=None, *, enabled=True, every=10.0):
        real(self, sizes, stream, enabled=enabled, every=0.0)
    monkeypatch.setattr(report.Progress, "__init__", every_time)
    monkeypatch.setattr(pageprogress, "listen",
                        lambda listener, interval=0.2, real=pageprogress.listen: real(listener, 0.0))
    result = CliRunner().invoke(cli.main, ["extract", str(pdf), "-o", str(tmp_path / "out"),
                                           "--max-memory", "0"])
    assert result.exit_code == 0, result.output
    assert f"reading long.pdf: page 6 of {PAGES}" in result.output
