"""Instructions per page of the whole pipeline, counted by valgrind (callgrind): a figure the
load of a shared machine does not move, where wall and CPU times swing by 20% and more.

    python bench/bench_instructions.py              # four corpus PDFs (104 pages)
    python bench/bench_instructions.py A.pdf B.pdf  # any PDFs
    PYTHONPATH=/tmp/old python bench/bench_instructions.py   # another tree (git archive
                                                             # REV --prefix=yusuan/ | tar -x -C /tmp/old)

Two runs under callgrind, each in a fresh process that imports everything and reads one
small file first: one stops there, the other then reads, normalizes, checks and writes (CSV
and Parquet) the given PDFs in one process, without the prefetch thread (valgrind runs one
thread at a time). The difference, over the pages read, is the pipeline's cost per page.
Slow: valgrind runs Python about 50 times slower (some minutes for 100 pages). Needs
valgrind (apt-get install valgrind). Speed is measured here, never in tests.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "corpus"
DEFAULT = ["cq_xinandaxue_2024_juesuan.pdf", "js_fayuan_2019_yusuan.pdf",
           "sh_putuo_wanlijiedao_2024_yusuan.pdf", "sh_template_bumen_juesuan.pdf"]
WARM = "hb_wuhanshi_2024_juesuan.pdf"


def child(warm: Path, files: list[Path]) -> None:
    import tempfile

    from yusuan import catalogue, workers
    from yusuan.batch import Job, run
    from yusuan.settings import Settings
    preload = getattr(workers, "preload", None)         # (trees older than it: no preload)
    if preload:
        preload(("csv", "parquet"))
    else:
        import pyarrow as pa
        import pyarrow.parquet  # noqa: F401
        pa.array([], type=pa.string())
    catalogue.default()
    settings = Settings(max_memory=0, prefetch_pages=0)
    for batch in ([warm], files):
        if batch:
            with tempfile.TemporaryDirectory() as out:
                outcomes = list(run(batch, Job(Path(out), ("csv", "parquet"), settings, "pdfium"), 1))
            failed = [o.error for o in outcomes if not o.ok]
            if failed:
                raise SystemExit("\n".join(failed))


def counted(warm: Path, files: list[Path]) -> int:
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
           __file__, "--child", str(warm), *map(str, files)]
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)      # compiled modules as an install has them
    out = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if out.returncode:
        raise SystemExit(out.stderr[-2000:])
    return int(re.search(r"Collected : (\d+)", out.stderr).group(1))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(Path(args.child), args.pdfs)
        return 0
    if not shutil.which("valgrind"):
        raise SystemExit("needs valgrind (apt-get install valgrind)")
    files = args.pdfs or [CORPUS / n for n in DEFAULT]
    warm = CORPUS / WARM if (CORPUS / WARM).is_file() else files[0]
    missing = [f for f in files if not f.is_file()]
    if missing:
        raise SystemExit(f"not found: {', '.join(map(str, missing))}")
    import pypdfium2 as pdfium
    pages = sum(len(pdfium.PdfDocument(str(f))) for f in files)
    import yusuan
    print(f"{len(files)} PDFs, {pages} pages; yusuan from {Path(yusuan.__file__).parent}")
    idle, work = counted(warm, []), counted(warm, files)
    print(f"start-up and warm-up: {idle / 1e6:,.0f} M instructions")
    print(f"pipeline: {(work - idle) / 1e6:,.0f} M instructions, {(work - idle) / pages / 1e6:.1f} M per page")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
