"""Is reading a text dump linear in its size, in bounded memory? The reference dump
(../shared/seeds) repeated N times, each size read by the whole pipeline (read → tables →
normalize → checks → write CSV+Parquet) in a child process of its own: CPU seconds per MB
(and as a multiple of the first size's), peak memory, and with --read the read stage's own
CPU seconds per MB.

    python bench/bench_dumpsize.py                    # 10, 40, 120 copies (0.24 to 2.9 MB)
    python bench/bench_dumpsize.py --copies 10,400    # up to ~10 MB
    python bench/bench_dumpsize.py --mb 2,50,200      # sizes in MB (minutes at 200 MB)
    python bench/bench_dumpsize.py --mb 200 --limit-mb 3000
    python bench/bench_dumpsize.py --read              # and the read stage's s/MB alone

A child whose resident memory passes --limit-mb (default 4096) is ended there, and its row
says how far it got, so that a size that does not fit cannot take the machine down.
Speed is measured here, never in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = HERE.parent.parent / "shared" / "seeds" / "000_448286f3f8ceb880.txt"
OVER = 86                     # the child's exit status past --limit-mb


def _rss_mb() -> float:
    with open("/proc/self/statm", "rb") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _watch(limit_mb: float, start: float) -> None:
    """End this process once its resident memory passes limit_mb (Linux)."""
    while True:
        try:
            rss = _rss_mb()
        except OSError:
            return
        if rss > limit_mb:
            print(json.dumps({"over": rss, "cpu": time.process_time() - start}), flush=True)
            os._exit(OVER)
        time.sleep(0.05)


def child(path: Path, limit_mb: float, read_too: bool) -> None:
    from yusuan.batch import Job, run
    from yusuan.extract import read_raw
    from yusuan.settings import Settings
    start = time.process_time()
    if limit_mb and Path("/proc/self/statm").exists():
        threading.Thread(target=_watch, args=(limit_mb, start), daemon=True).start()
    settings = Settings(max_memory=0)         # one job, in this process
    with tempfile.TemporaryDirectory() as out:
        outcomes = list(run([path], Job(Path(out), ("csv", "parquet"), settings, None), 1))
        cpu = time.process_time() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    read = None
    if read_too:                  # the read stage alone, after the rest (its peak is counted)
        t = time.process_time()
        read_raw(path, settings)
        read = time.process_time() - t
    print(json.dumps({"cpu": cpu, "read": read, "ok": all(o.ok for o in outcomes),
                      "peak_mb": peak, "pages": sum(o.pages for o in outcomes)}))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", default="10,40,120", help="comma-separated repeat counts")
    ap.add_argument("--mb", help="comma-separated sizes in MB instead of --copies")
    ap.add_argument("--limit-mb", type=float, default=4096,
                    help="end a size's child past this resident memory (0: no limit)")
    ap.add_argument("--read", action="store_true",
                    help="time the read stage alone too (a second read of each size)")
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args.child, args.limit_mb, args.read)
        return 0
    if not SEED.exists():
        print(f"skipped: the reference dump {SEED} is absent")
        return 0
    seed = SEED.read_text(encoding="utf-8")
    seed_mb = len(("\n" + seed).encode("utf-8")) / 1e6
    counts = ([max(1, round(float(x) / seed_mb)) for x in args.mb.split(",")] if args.mb
              else [int(x) for x in args.copies.split(",")])
    print(f"{'copies':>6} {'MB':>7} {'pages':>7} {'CPU s':>8} {'s/MB':>6} {'× first':>7} "
          f"{'read s/MB':>9} {'peak MB':>8}", flush=True)
    first = None
    with tempfile.TemporaryDirectory() as tmp:
        for n in counts:
            path = Path(tmp) / f"dump_{n}.txt"
            with open(path, "w", encoding="utf-8") as fh:
                for i in range(n):
                    fh.write(("\n" if i else "") + seed)
            mb = path.stat().st_size / 1e6
            done = subprocess.run([sys.executable, __file__, "--child", str(path),
                                   "--limit-mb", str(args.limit_mb)] + (["--read"] if args.read else []),
                                  capture_output=True, text=True)
            last = (done.stdout.strip().splitlines() or ["{}"])[-1]
            r = json.loads(last)
            path.unlink()
            if done.returncode == OVER:
                print(f"{n:>6} {mb:>7.2f}   over {args.limit_mb:.0f} MB after {r['cpu']:.0f} CPU s",
                      flush=True)
                continue
            if done.returncode:
                print(f"{n:>6} {mb:>7.2f}   the child failed: {done.stderr.strip()[-300:]}")
                continue
            per = r["cpu"] / mb
            first = first or per
            print(f"{n:>6} {mb:>7.2f} {r['pages']:>7} {r['cpu']:>8.1f} {per:>6.2f} "
                  f"{per / first:>7.2f} {r['read'] / mb if r['read'] is not None else float('nan'):>9.2f} "
                  f"{r['peak_mb']:>8.0f}"
                  + ("" if r["ok"] else "  (failed)"), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
