"""Time of writing each output format of a document, per page: CSV, Parquet, the Excel
workbook (`--format xlsx`), and the indicators alone.

    python bench/bench_outputs.py                 # the corpus in ../shared/corpus
    python bench/bench_outputs.py DIR --repeat 5  # any folder of PDFs, best of 5

Documents are read once, before the clock starts; each format is then written into a fresh
temporary folder with `write_document`, best of --repeat runs. Speed is measured here, never
in tests.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import yusuan
from yusuan.normalize.indicators import document_indicators
from yusuan.normalize.writers import write_document

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
FORMATS = {"csv": ("csv",), "parquet": ("parquet",), "xlsx": ("xlsx",)}


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    docs = [yusuan.read(p) for p in sorted(args.folder.glob("*.pdf"))]
    pages = sum(d.page_count for d in docs)
    print(f"{len(docs)} documents, {pages} pages, best of {args.repeat}")
    print(f"{'output':<12} {'ms/page':>8} {'seconds':>8}")
    for name, formats in FORMATS.items():
        with tempfile.TemporaryDirectory() as tmp:
            def run() -> None:
                for n, d in enumerate(docs):
                    write_document(d, Path(tmp), f"d{n}", formats)
            s = best(run, args.repeat)
        print(f"{name:<12} {1000 * s / pages:8.2f} {s:8.3f}")
    s = best(lambda: [document_indicators(d) for d in docs], args.repeat)
    print(f"{'indicators':<12} {1000 * s / pages:8.2f} {s:8.3f}")


if __name__ == "__main__":
    main()
