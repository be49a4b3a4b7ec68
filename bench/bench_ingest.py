"""Speed of ingesting PDFs into a store: extract (1 or 2 processes) and load (the main process).

    python bench/bench_ingest.py                 # the corpus in ../shared/corpus
    python bench/bench_ingest.py DIR --repeat 3  # any folder of PDFs, best of 3

Each run ingests every PDF into a fresh store in a temporary folder. Documents are extracted
with `yusuan.read` in the main process (1) or in worker processes (2) and loaded in the main
process as they arrive, in file order, since one process at a time may write a DuckDB file;
with workers, loading overlaps extraction. (`yusuan.batch.run` writes outputs but does not
hand Documents back, hence a process pool of its own.) One file is read before the clock
starts, so imports are not timed. Speed is measured here, never in tests.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Iterator

import yusuan
from yusuan.store import Store

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def documents(files: list[Path], jobs: int) -> Iterator[yusuan.Document]:
    """The files read, in order; with jobs > 1 by that many worker processes."""
    if jobs <= 1:
        yield from map(yusuan.read, files)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(yusuan.read, files)


def ingest(files: list[Path], jobs: int) -> dict:
    """One timed run into a fresh store: pages, total seconds, seconds spent loading."""
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        loading = 0.0
        pages = 0
        with Store(Path(tmp) / "store.duckdb") as store:
            for doc in documents(files, jobs):
                t = time.perf_counter()
                store.load(doc, yusuan.__version__)
                loading += time.perf_counter() - t
                pages += doc.page_count
        return {"pages": pages, "seconds": time.perf_counter() - start, "loading": loading}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3, help="runs per setting; the best is shown")
    args = parser.parse_args()
    files = sorted(args.corpus.glob("*.pdf"))
    if not files:
        raise SystemExit(f"no PDF in {args.corpus}")
    yusuan.read(files[0])   # warm-up: imports and the reader's first open
    print(f"{len(files)} PDFs in {args.corpus}, best of {args.repeat}")
    print(f"{'extraction':<14}{'pages':>6}{'seconds':>9}{'pages/s':>9}{'load ms/doc':>13}")
    for jobs in (1, 2):
        best = min((ingest(files, jobs) for _ in range(args.repeat)), key=lambda r: r["seconds"])
        print(f"{f'{jobs} process' + ('es' if jobs > 1 else ''):<14}{best['pages']:>6}"
              f"{best['seconds']:>9.2f}{best['pages'] / best['seconds']:>9.0f}"
              f"{1000 * best['loading'] / len(files):>13.1f}")


if __name__ == "__main__":
    main()
