"""Start-up: a 1-page PDF end to end, `yusuan --help`, and `import yusuan.cli`, each in fresh
processes, best of --repeat (wall time, and CPU time = user + system of the process and its
children). The 1-page PDF runs with CSV only, with the default formats (CSV and Parquet: the
issue 12 target of 0.3 s), and both again in one process (no worker, `--max-memory 0`).

    python bench/bench_startup.py               # page 11 of a corpus PDF (../shared/corpus)
    python bench/bench_startup.py FILE.pdf -p 3 # page 3 of any PDF
    python bench/bench_startup.py --repeat 15

The page is copied into a 1-page PDF first (PDFium). Python's compiled modules
(`__pycache__`) are used as an installed package has them: the untimed warm-up run writes
them. Without them (PYTHONDONTWRITEBYTECODE=1 in a tree that has none) every run compiles
every module, about 0.2 s more; the header says when that variable is set, and when
OPENBLAS_NUM_THREADS is (the CLI sets 1 where it is not: numpy's thread pool at start-up).
Speed is measured here, never in tests.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_PDF = HERE.parent.parent / "shared" / "corpus" / "sh_putuo_wanlijiedao_2024_yusuan.pdf"


def one_page(pdf: Path, page: int, out: Path) -> Path:
    import pypdfium2 as pdfium
    src = pdfium.PdfDocument(str(pdf))
    new = pdfium.PdfDocument.new()
    new.import_pages(src, [page - 1])
    new.save(str(out))
    return out


def timed(cmd: list[str], repeat: int, before=None) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of each of `repeat` runs of cmd, after one untimed warm-up (which
    writes __pycache__). wait4's CPU covers the process and the children it waited for (the
    worker process of `extract`)."""
    import time
    walls, cpus = [], []
    for i in range(repeat + 1):
        if before:
            before()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        err = proc.stderr.read().decode()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if status != 0:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{err}")
        if i:
            walls.append(wall)
            cpus.append(usage.ru_utime + usage.ru_stime)
    return walls, cpus


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdf", nargs="?", type=Path, default=DEFAULT_PDF)
    ap.add_argument("-p", "--page", type=int, default=11, help="the page to copy (1-based)")
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args(argv)
    if not args.pdf.is_file():
        raise SystemExit(f"no PDF at {args.pdf}: name one (python bench/bench_startup.py FILE.pdf -p N)")
    exe = shutil.which("yusuan", path=str(Path(sys.executable).parent)) or "yusuan"
    with tempfile.TemporaryDirectory() as tmp:
        pdf = one_page(args.pdf, args.page, Path(tmp) / "one.pdf")
        out = Path(tmp) / "out"

        def clean():
            shutil.rmtree(out, ignore_errors=True)

        cases = [
            ("import yusuan.cli", [sys.executable, "-c", "import yusuan.cli"], None),
            ("yusuan --help", [exe, "--help"], None),
            ("1-page PDF, CSV", [exe, "extract", str(pdf), "-o", str(out), "--format", "csv", "-q"], clean),
            ("1-page PDF, default formats", [exe, "extract", str(pdf), "-o", str(out), "-q"], clean),
            ("1-page PDF, CSV, in process", [exe, "extract", str(pdf), "-o", str(out), "--format",
                                             "csv", "-q", "--max-memory", "0"], clean),
            ("1-page PDF, default, in process", [exe, "extract", str(pdf), "-o", str(out), "-q",
                                                 "--max-memory", "0"], clean),
        ]
        print(f"{args.pdf.name} page {args.page}; best of {args.repeat} (range); python "
              f"{sys.version.split()[0]}, {os.cpu_count()} cores"
              + ("; PYTHONDONTWRITEBYTECODE is set: modules compile on every run where no "
                 "__pycache__ exists" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "")
              + (f"; OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}"
                 if "OPENBLAS_NUM_THREADS" in os.environ else ""))
        print(f"{'':32} {'wall s':>16} {'CPU s':>16}")
        for name, cmd, before in cases:
            walls, cpus = timed(cmd, args.repeat, before)
            print(f"{name:32} {min(walls):6.3f} ({min(walls):.2f}–{max(walls):.2f}) "
                  f"{min(cpus):6.3f} ({min(cpus):.2f}–{max(cpus):.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
