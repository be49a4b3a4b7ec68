"""Speed and peak memory of yusuan's whole PDF pipeline against its baselines, in one run.

    python bench/bench_pdf.py                 # the corpus in ../shared/corpus
    python bench/bench_pdf.py DIR --repeat 3  # any folder of PDFs, best of 3

Every tool runs over the same pages in a child process of its own, so that its peak memory
(max RSS) is its own; the time is the child's wall time for the work (imports excluded), best
of --repeat runs. Tools:

  yusuan[pdfplumber]     read → tables → normalize → write CSV+Parquet, pdfplumber reader
  pdfplumber.extract_tables   pdfplumber's bare page.extract_tables() on every page (the
                         baseline named by the PDF issue)

The ratio printed is yusuan's time over the baseline's (≤ 1.0: yusuan is no slower).
Speed is measured here, never asserted in tests.
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


# ----------------------------------------------------------------------------- children

def run_yusuan(files: list[Path], reader: str) -> int:
    from yusuan.extract import read_raw
    from yusuan.normalize.document import build_document
    from yusuan.normalize.writers import write_document
    from yusuan.settings import Settings
    settings = Settings()
    pages = 0
    with tempfile.TemporaryDirectory() as out:
        for f in files:
            raw = read_raw(f, settings, reader=reader)
            doc = build_document(raw, settings)
            write_document(doc, Path(out), f.stem)
            pages += doc.page_count
    return pages


def run_extract_tables(files: list[Path]) -> int:
    import pdfplumber
    pages = 0
    for f in files:
        with pdfplumber.open(f) as pdf:
            for page in pdf.pages:
                page.extract_tables()
                page.close()
                pages += 1
    return pages


TOOLS = {
    "yusuan[pdfplumber]": lambda files: run_yusuan(files, "pdfplumber"),
    "pdfplumber.extract_tables": run_extract_tables,
}


def child(tool: str, corpus: Path) -> None:
    files = sorted(corpus.glob("*.pdf"))
    start = time.perf_counter()
    pages = TOOLS[tool](files)
    seconds = time.perf_counter() - start
    print(json.dumps({"pages": pages, "seconds": seconds}))


# ----------------------------------------------------------------------------- parent

def measure(tool: str, corpus: Path) -> dict:
    proc = subprocess.Popen([sys.executable, __file__, "--child", tool, str(corpus)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    out, err = proc.stdout.read(), proc.stderr.read()
    if status != 0:
        raise SystemExit(f"{tool} failed:\n{err}")
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_mb"] = usage.ru_maxrss / 1024          # Linux: KiB
    return result


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--repeat", type=int, default=1, help="runs per tool; the best is kept")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args.child, args.corpus)
        return 0
    files = sorted(args.corpus.glob("*.pdf"))
    if not files:
        raise SystemExit(f"no PDFs in {args.corpus}")
    print(f"{len(files)} PDFs in {args.corpus}; best of {args.repeat} run(s) per tool; "
          f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    results = {}
    for tool in TOOLS:
        runs = [measure(tool, args.corpus) for _ in range(args.repeat)]
        best = min(runs, key=lambda r: r["seconds"])
        best["peak_mb"] = max(r["peak_mb"] for r in runs)
        results[tool] = best
    print(f"{'tool':28} {'pages':>6} {'seconds':>8} {'pages/s':>8} {'ms/page':>8} {'peak MB':>8}")
    for tool, r in results.items():
        print(f"{tool:28} {r['pages']:>6} {r['seconds']:>8.2f} {r['pages'] / r['seconds']:>8.1f} "
              f"{1000 * r['seconds'] / r['pages']:>8.2f} {r['peak_mb']:>8.0f}")
    base = results["pdfplumber.extract_tables"]["seconds"]
    for tool, r in results.items():
        if tool.startswith("yusuan"):
            print(f"ratio {tool} / pdfplumber.extract_tables = {r['seconds'] / base:.2f} "
                  f"({'no slower' if r['seconds'] <= base else 'SLOWER'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
