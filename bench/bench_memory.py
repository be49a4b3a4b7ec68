"""Peak memory of yusuan against the number of pages of one PDF: it should stay flat (pages
are read one at a time, a few ahead at most), whatever the document's length.

    python bench/bench_memory.py                    # 25, 100, 400 and 1600 pages
    python bench/bench_memory.py --pages 50 500

The PDFs are built from the corpus's own pages, repeated (pypdfium2 imports them), so that
every page is a real disclosure page. Each size is read by yusuan (whole pipeline, PDFium
reader) in a child process of its own; its peak RSS is reported.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"


def build(pages: int, corpus: Path, out: Path) -> Path:
    import pypdfium2 as pdfium
    sources = [pdfium.PdfDocument(str(p)) for p in sorted(corpus.glob("*.pdf"))]
    target = pdfium.PdfDocument.new()
    k = 0
    while len(target) < pages:
        src = sources[k % len(sources)]
        take = min(len(src), pages - len(target))
        target.import_pages(src, list(range(take)))
        k += 1
    target.save(str(out))
    return out


def child(path: Path) -> None:
    import pyarrow.parquet  # noqa: F401  (imports before the clock, as in bench_pdf)

    from yusuan.batch import Job, extract_one
    from yusuan.settings import Settings
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        outcome = extract_one(path, path.stem, Job(Path(out), ("csv", "parquet"), Settings()))
        seconds = time.perf_counter() - start
    if not outcome.ok:
        raise SystemExit(outcome.error)
    print(json.dumps({"pages": outcome.pages, "seconds": seconds, "tables": outcome.tables}))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, nargs="+", default=[25, 100, 400, 1600])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args.child)
        return 0
    print(f"{'pages':>6} {'tables':>7} {'seconds':>8} {'ms/page':>8} {'peak MB':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.pages:
            pdf = build(n, args.corpus, Path(tmp) / f"pages_{n}.pdf")
            proc = subprocess.Popen([sys.executable, __file__, "--child", str(pdf)],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            _, status, usage = os.wait4(proc.pid, 0)
            out, err = proc.stdout.read(), proc.stderr.read()
            if status != 0:
                raise SystemExit(err)
            r = json.loads(out.strip().splitlines()[-1])
            print(f"{r['pages']:>6} {r['tables']:>7} {r['seconds']:>8.2f} "
                  f"{1000 * r['seconds'] / r['pages']:>8.2f} {usage.ru_maxrss / 1024:>8.0f}")
            pdf.unlink()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
