"""Pages per second of yusuan's local runner against a Dask LocalCluster of 1 and 2 workers,
on the same files (the PDF pipeline with its default reader, CSV+Parquet written).

    python bench/bench_dask.py                 # the corpus in ../shared/corpus
    python bench/bench_dask.py DIR --repeat 3  # any folder of PDFs, best of 3

Each executor reads every file once before the clock starts (its workers' imports and
start-up: a fixed cost, not a cost per page); the cluster's start is timed apart. Speed is
measured here, never in tests. Needs yusuan[dask].
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"


def timed(files: list[Path], executor, repeat: int) -> tuple[float, int]:
    """Best wall time of `repeat` runs over `files` (fresh output each time), and the pages."""
    from yusuan.batch import Job, run
    from yusuan.settings import Settings
    best, pages = float("inf"), 0
    for n in range(repeat + 1):                   # run 0 warms the workers up
        with tempfile.TemporaryDirectory() as out:
            job = Job(Path(out), ("csv", "parquet"), Settings())
            start = time.perf_counter()
            outcomes = list(run(files, job, executor=executor))
            seconds = time.perf_counter() - start
        failed = [o.error for o in outcomes if not o.ok]
        if failed:
            raise SystemExit("\n".join(failed))
        pages = sum(o.pages for o in outcomes)
        if n:
            best = min(best, seconds)
    return best, pages


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args(argv)
    files = sorted(args.corpus.glob("*.pdf"))
    if not files:
        print(f"no PDFs in {args.corpus}", file=sys.stderr)
        return 1
    import dask
    from distributed import Client, LocalCluster
    from yusuan.executors import DaskExecutor, LocalExecutor, cluster_config
    from yusuan.settings import Settings
    print(f"{len(files)} PDFs from {args.corpus}, {os.cpu_count()} cores, best of {args.repeat}")
    print(f"{'executor':34} {'pages':>6} {'seconds':>8} {'pages/s':>8} {'start s':>8}")
    rows = [("local runner, --jobs 1", lambda: (LocalExecutor(1), None)),
            ("local runner, --jobs 2", lambda: (LocalExecutor(2), None))]
    for n in (1, 2):
        def cluster(n=n):
            with dask.config.set(cluster_config(Settings())):
                lc = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                  dashboard_address=":0", silence_logs=logging.CRITICAL)
            return DaskExecutor(Client(lc)), lc
        rows.append((f"Dask LocalCluster, {n} worker(s)", cluster))
    for label, make in rows:
        start = time.perf_counter()
        executor, lc = make()
        started = time.perf_counter() - start
        try:
            seconds, pages = timed(files, executor, args.repeat)
        finally:
            if lc is not None:
                executor.client.close()
                lc.close()
        print(f"{label:34} {pages:6d} {seconds:8.2f} {pages / seconds:8.1f} "
              f"{started if lc is not None else 0:8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
