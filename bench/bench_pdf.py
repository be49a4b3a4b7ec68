"""Speed and peak memory of yusuan's whole PDF pipeline against its baselines, in one run.

    python bench/bench_pdf.py                 # the corpus in ../shared/corpus
    python bench/bench_pdf.py DIR --repeat 3  # any folder of PDFs, best of 3

Every tool runs over the same pages in a child process of its own, so that its peak memory
(max RSS) is its own; the time is the child's wall time for the work, best of --repeat runs
(the range beside it), and its CPU time (user + system, of the child, its threads and the
processes it waited for: pdftotext, --jobs' workers), best and range, which a machine
shared with other work disturbs less.
Imports, and a warm-up run on the first file (every tool alike; --cold to skip it), happen
before the clock starts: the steady state of a batch, not one-time start-up. Tools (optional ones are skipped, saying so, when not installed):

  yusuan[pdfium]            read → tables → normalize → write CSV+Parquet; PDFium reader
                            (the default); one process
  yusuan[pdfium] --jobs 2   the same, files spread over 2 worker processes (peak memory is
                            the parent's only)
  yusuan[pdfplumber]        the whole pipeline with the pdfplumber reader
  yusuan text dump          the whole pipeline on the same documents' pdftotext -layout dumps
                            (../shared/corpus-text), read by the PDF engine; ", text route":
                            by the text route (Settings(layout_dump_engine=False))
  pdfplumber.extract_tables pdfplumber's bare page.extract_tables() on every page
  camelot.lattice           camelot's lattice table finder (optional)
  pdftotext -layout         poppler's text layout, the floor (optional)
  PDFium floor from Python  every page and its text loaded by PDFium, one call per character
                            (its box) and per page object, from Python: what any reader on
                            PDFium in Python pays before it finds a table (issue 12)

Ratios are yusuan's time over the baseline's. Speed is measured here, never in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"


# ----------------------------------------------------------------------------- children

def run_yusuan(files: list[Path], reader: str | None, jobs: int = 1, **settings) -> dict:
    from yusuan.batch import Job, run
    from yusuan.settings import Settings
    with tempfile.TemporaryDirectory() as out:
        # one job in this very process (no memory watchdog, so no worker process), so that
        # its time and peak memory are the pipeline's own, as before workers were contained
        # (the tool's own settings, e.g. the text route's layout_dump_engine=False, are kept)
        settings = Settings(max_memory=0, **settings) if jobs == 1 else Settings(**settings)
        outcomes = list(run(files, Job(Path(out), ("csv", "parquet"), settings, reader), jobs))
    failed = [o.error for o in outcomes if not o.ok]
    if failed:
        raise SystemExit("\n".join(failed))
    handed = sum(1 for o in outcomes if any("pdfplumber reader instead" in w for w in o.warnings))
    return {"pages": sum(o.pages for o in outcomes), "handed_over": handed}


def run_extract_tables(files: list[Path]) -> dict:
    import pdfplumber
    pages = 0
    for f in files:
        with pdfplumber.open(f) as pdf:
            for page in pdf.pages:
                page.extract_tables()
                page.close()
                pages += 1
    return {"pages": pages}


def run_camelot(files: list[Path]) -> dict:
    import camelot
    import pypdfium2 as pdfium
    pages = 0
    for f in files:
        n = len(pdfium.PdfDocument(str(f)))
        camelot.read_pdf(str(f), pages=f"1-{n}", flavor="lattice")
        pages += n
    return {"pages": pages}


def run_pdfium_floor(files: list[Path]) -> dict:
    """The floor of a Python reader on PDFium (issue 12): every page loaded with its text, the
    page's text in one call, one call per character for its box, and every page object's type
    (and a path's bounds), into no Python object at all. No table is found, nothing written."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pr
    rect = pr.FS_RECTF()
    lb, bb, rb, tb = (ctypes.c_float() for _ in range(4))
    pages = 0
    for f in files:
        pdf = pdfium.PdfDocument(str(f))
        for n in range(len(pdf)):
            page = pr.FPDF_LoadPage(pdf.raw, n)
            tp = pr.FPDFText_LoadPage(page)
            count = pr.FPDFText_CountChars(tp)
            buffer = ctypes.create_string_buffer(2 * (count + 1))
            pr.FPDFText_GetText(tp, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
            for i in range(count):
                pr.FPDFText_GetLooseCharBox(tp, i, rect)
            for k in range(pr.FPDFPage_CountObjects(page)):
                obj = pr.FPDFPage_GetObject(page, k)
                if pr.FPDFPageObj_GetType(obj) == pr.FPDF_PAGEOBJ_PATH:
                    pr.FPDFPageObj_GetBounds(obj, lb, bb, rb, tb)
            pr.FPDFText_ClosePage(tp)
            pr.FPDF_ClosePage(page)
            pages += 1
        pdf.close()
    return {"pages": pages}


def run_pdftotext(files: list[Path]) -> dict:
    import pypdfium2 as pdfium
    pages = 0
    for f in files:
        subprocess.run(["pdftotext", "-layout", str(f), "-"], check=True, stdout=subprocess.DEVNULL)
        pages += len(pdfium.PdfDocument(str(f)))
    return {"pages": pages}


def dumps_of(files: list[Path]) -> list[Path]:
    """The pdftotext -layout dumps of the same documents (../shared/corpus-text, same stems)."""
    return [d for f in files if (d := f.parent.parent / "corpus-text" / (f.stem + ".txt")).is_file()]


def _has(module: str) -> bool:
    import importlib.util
    return importlib.util.find_spec(module) is not None


TOOLS = {
    "yusuan[pdfium]": (lambda files: run_yusuan(files, "pdfium"), lambda: True),
    "yusuan[pdfium] --jobs 2": (lambda files: run_yusuan(files, "pdfium", 2), lambda: True),
    "yusuan[pdfplumber]": (lambda files: run_yusuan(files, "pdfplumber"), lambda: True),
    # the same documents as pdftotext -layout dumps: read by the PDF engine (the default),
    # and by the text route (catalogue header trees)
    "yusuan text dump": (lambda files: run_yusuan(dumps_of(files), None), lambda: True),
    "yusuan text dump, text route": (lambda files: run_yusuan(dumps_of(files), None,
                                                             layout_dump_engine=False), lambda: True),
    "pdfplumber.extract_tables": (run_extract_tables, lambda: True),
    "camelot.lattice": (run_camelot, lambda: _has("camelot")),
    "pdftotext -layout": (run_pdftotext, lambda: shutil.which("pdftotext") is not None),
    "PDFium floor from Python": (run_pdfium_floor, lambda: True),
}


def prepare(tool: str) -> None:
    """Imports and one-time set-up happen before the clock starts: a fixed start-up cost,
    not a cost per page."""
    if tool.startswith("yusuan"):
        import pyarrow.parquet  # noqa: F401

        import yusuan.batch  # noqa: F401
        import yusuan.extract.pdf  # noqa: F401
        import yusuan.normalize.writers  # noqa: F401
        from yusuan import catalogue, workers
        catalogue.default()
        # what the executor imports before forking its workers (pyarrow and its numpy; no
        # pandas: the writers do not ask pyarrow for it), so that no run imports it on the clock
        workers.preload(("csv", "parquet"))
    elif tool.startswith("pdfplumber"):
        import pdfplumber  # noqa: F401
    elif tool.startswith("camelot"):
        import camelot  # noqa: F401
    import pypdfium2  # noqa: F401


def cpu_seconds() -> float:
    """CPU time (user + system) of this process, all its threads, and the children it has
    waited for (pdftotext; the workers of --jobs 2, joined when their pool shuts down)."""
    import resource
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def child(tool: str, corpus: Path, warmup: bool) -> None:
    files = sorted(corpus.glob("*.pdf"))
    prepare(tool)
    if warmup:
        TOOLS[tool][0](files[:1])    # one file first, untimed: steady state, as in a batch
    start, cpu = time.perf_counter(), cpu_seconds()
    result = TOOLS[tool][0](files)
    result["seconds"] = time.perf_counter() - start
    result["cpu"] = cpu_seconds() - cpu
    print(json.dumps(result))


# ----------------------------------------------------------------------------- parent

def measure(tool: str, corpus: Path, warmup: bool) -> dict:
    # compiled modules as an install has them (as bench_startup and bench_instructions run):
    # with PYTHONDONTWRITEBYTECODE set in a tree without __pycache__ (another tree on
    # PYTHONPATH), a module first imported inside a --jobs worker is compiled on the clock
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    proc = subprocess.Popen([sys.executable, __file__, "--child", tool, str(corpus)]
                            + ([] if warmup else ["--cold"]),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
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
    ap.add_argument("--cold", action="store_true",
                    help="time from the first file (no warm-up run on one file first)")
    ap.add_argument("--only", action="append", metavar="TOOL",
                    help="run only the tools whose name starts with TOOL (repeatable), e.g. "
                         "--only 'yusuan[pdfium]' --only pdftotext")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args.child, args.corpus, not args.cold)
        return 0
    files = sorted(args.corpus.glob("*.pdf"))
    if not files:
        raise SystemExit(f"no PDFs in {args.corpus}")
    print(f"{len(files)} PDFs in {args.corpus}; best of {args.repeat} run(s) per tool, "
          f"{'cold' if args.cold else 'after a warm-up on one file'}; "
          f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    results = {}
    for tool, (_, available) in TOOLS.items():
        if args.only and not any(tool.startswith(o) for o in args.only):
            continue
        if not available():
            print(f"  (skipped {tool}: not installed)")
            continue
        runs = [measure(tool, args.corpus, not args.cold) for _ in range(args.repeat)]
        best = min(runs, key=lambda r: r["seconds"])
        if not best["pages"]:
            print(f"  (skipped {tool}: no input, e.g. no dumps beside the PDFs)")
            continue
        best["peak_mb"] = max(r["peak_mb"] for r in runs)
        best["cpu"] = min(r["cpu"] for r in runs)
        best["range"] = (min(r["seconds"] for r in runs), max(r["seconds"] for r in runs),
                         min(r["cpu"] for r in runs), max(r["cpu"] for r in runs))
        results[tool] = best
    print(f"\n{'tool':28} {'pages':>6} {'seconds':>8} {'pages/s':>8} {'ms/page':>8} {'peak MB':>8}"
          f"  {'ms/page range':>13}  {'CPU ms/page (range)':>20}")
    for tool, r in results.items():
        lo, hi, clo, chi = (1000 * v / r["pages"] for v in r["range"])
        print(f"{tool:28} {r['pages']:>6} {r['seconds']:>8.2f} {r['pages'] / r['seconds']:>8.1f} "
              f"{1000 * r['seconds'] / r['pages']:>8.2f} {r['peak_mb']:>8.0f}  {lo:>6.2f}–{hi:<6.2f}"
              f"  {clo:>8.2f} ({clo:.2f}–{chi:.2f})")
    base = results.get("pdfplumber.extract_tables", {}).get("seconds")
    print()
    for tool, r in results.items():
        if tool.startswith("yusuan") and base:
            print(f"{tool:28} {base / r['seconds']:5.1f}x as fast as pdfplumber.extract_tables "
                  f"(time ratio {r['seconds'] / base:.2f})")
    floor = results.get("pdftotext -layout")
    if floor:
        per_page, cpu_per_page = floor["seconds"] / floor["pages"], floor["cpu"] / floor["pages"]
        for tool, r in results.items():
            if tool.startswith("yusuan") or tool.startswith("PDFium floor"):
                print(f"{tool:28} {r['seconds'] / r['pages'] / per_page:5.2f}x the time per page of "
                      f"pdftotext -layout ({r['cpu'] / r['pages'] / cpu_per_page:.2f}x its CPU time)")
    one, two = results.get("yusuan[pdfium]"), results.get("yusuan[pdfium] --jobs 2")
    if one and two:
        print(f"--jobs 2 speed-up: {one['seconds'] / two['seconds']:.2f}x")
    if one and one.get("handed_over"):
        print(f"note: PDFium handed {one['handed_over']} of {len(files)} documents to pdfplumber "
              "(fonts neither embedded nor installed); install CJK fonts to let PDFium read them")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
