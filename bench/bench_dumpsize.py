"""Is reading a text dump linear in its size? The reference dump (../shared/seeds) repeated
N times, each size read by the whole pipeline (read → tables → normalize → checks → write
CSV+Parquet) in a child process of its own: CPU seconds per MB and peak memory, which should
stay flat as the dump grows.

    python bench/bench_dumpsize.py                  # 10, 40, 120 copies (0.24 to 2.9 MB)
    python bench/bench_dumpsize.py --copies 10,400  # up to ~10 MB

Speed is measured here, never in tests.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = HERE.parent.parent / "shared" / "seeds" / "000_448286f3f8ceb880.txt"


def child(path: Path) -> None:
    from yusuan.batch import Job, run
    from yusuan.settings import Settings
    with tempfile.TemporaryDirectory() as out:
        start = time.process_time()
        outcomes = list(run([path], Job(Path(out), ("csv", "parquet"), Settings(max_memory=0), None), 1))
        cpu = time.process_time() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"cpu": cpu, "ok": all(o.ok for o in outcomes), "peak_mb": peak}))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", default="10,40,120", help="comma-separated repeat counts")
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args.child)
        return 0
    if not SEED.exists():
        print(f"skipped: the reference dump {SEED} is absent")
        return 0
    seed = SEED.read_text(encoding="utf-8")
    print(f"{'copies':>6} {'MB':>6} {'CPU s':>7} {'s/MB':>6} {'peak MB':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(x) for x in args.copies.split(",")):
            path = Path(tmp) / f"dump_{n}.txt"
            path.write_text("\n".join([seed] * n), encoding="utf-8")
            mb = path.stat().st_size / 1e6
            done = subprocess.run([sys.executable, __file__, "--child", str(path)],
                                  capture_output=True, text=True, check=True)
            r = json.loads(done.stdout.strip().splitlines()[-1])
            print(f"{n:>6} {mb:>6.2f} {r['cpu']:>7.2f} {r['cpu'] / mb:>6.2f} {r['peak_mb']:>8.0f}"
                  + ("" if r["ok"] else "  (failed)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
