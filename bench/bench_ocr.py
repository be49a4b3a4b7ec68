"""Seconds per scanned page, by stage, and how right the numbers come out, per resolution and
OCR engine: the figures behind Settings.ocr_dpi and the choice of engine (README, OCR).

    python bench/bench_ocr.py                         # 150 dpi, the installed engine
    python bench/bench_ocr.py --dpi 100,150,200 --engines rapidocr,rapidocr_onnxruntime

The scans are made from corpus pages (tests/scans.py: rendered at 200 dpi, turned 0.4°,
speckled): the pages the OCR tests read. For each resolution and engine:

  stages     render, rules (skew, rulings, characters), detect, recognize: the OCR reader's
             own clock per page; engine: the rest of yusuan.read (grids, headers, tables,
             normalization, checks), per page
  1 process  wall seconds per page, yusuan.read over the scans one after the other
  cpu        CPU seconds per page of that run (all threads): what the load of a shared
             machine does not inflate
  --jobs 2   wall seconds per page, the single-page scans over 2 worker processes (each with
             its engine loaded before the clock starts)
  hand       hand-written cells (tests/expected/corpus) read right, of those on the pages
  layer      amounts equal to the text-layer reading of the same pages (same table, row
             name, column), of all the text layer gives

Speed is measured here, never in tests. The machine's load average is printed: on a shared
machine the seconds are an upper bound.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import tomllib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = ROOT.parent / "shared" / "corpus"
EXPECTED = ROOT / "tests" / "expected" / "corpus"
sys.path.insert(0, str(ROOT / "tests"))

SCANNED = {
    "js_zhengxie_2019_yusuan_tables": [1, 9],
    "sh_putuo_shehuigongzuobu_2024_juesuan": [5, 10, 11],
    "js_fayuan_2019_yusuan": [8],
}


def _use_engine(name: str) -> None:
    from yusuan.extract import ocrengine
    ocrengine.backend = lambda: name          # the bench compares engines: pick one


def _warm(name: str, dpi: int, detect_side: int = 0) -> None:
    """Load the engine (the models) before the clock starts."""
    import numpy as np
    from yusuan.extract import ocrengine
    _use_engine(name)
    ocrengine.recognize(np.full((64, 256, 3), 255, dtype=np.uint8), detect_side=detect_side)


def _read_one(path: str, dpi: int, detect_side: int = 0) -> float:
    import yusuan
    start = time.perf_counter()
    yusuan.read(path, yusuan.Settings(ocr_dpi=dpi, ocr_detect_side=detect_side))
    return time.perf_counter() - start


def _cells(doc, table_pages):
    from yusuan.normalize.amounts import format_amount
    out = {}
    for t in doc.tables:
        if t.pages == table_pages:
            for r in t.rows:
                for col, v in r.values.items():       # a blank cell is "", as written by hand
                    out.setdefault((r.name, col, r.code or "", r.side or ""), []).append(format_amount(v))
    return out


def accuracy(scans: dict, docs: dict, layer_docs: dict) -> tuple[int, int, int, int]:
    """(hand right, hand total, layer equal, layer total)."""
    hand_ok = hand_n = layer_ok = layer_n = 0
    for stem, (_, pages) in scans.items():
        doc, layer = docs[stem], layer_docs[stem]
        with open(EXPECTED / f"{stem}.toml", "rb") as fh:
            exp = tomllib.load(fh)
        for table in exp["table"]:
            if not all(p in pages for p in table["pages"]):
                continue
            mapped = tuple(pages.index(p) + 1 for p in table["pages"])
            got = _cells(doc, mapped)
            want = _cells(layer, tuple(table["pages"]))
            for key, values in want.items():
                values = [v for v in values if v]         # the amounts the text layer prints
                layer_n += len(values)
                layer_ok += sum(1 for v in values if v in got.get(key, []))
            no = exp["table"].index(table) + 1
            for cell in exp.get("cell", []):
                if cell["table"] != no:
                    continue
                hand_n += 1
                found = [v for (name, col, code, side), vs in got.items() for v in vs
                         if name == cell["name"] and col == cell["column"]
                         and ("code" not in cell or code == cell["code"])
                         and ("side" not in cell or side == cell["side"])]
                hand_ok += found == [cell["value"]]
    return hand_ok, hand_n, layer_ok, layer_n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dpi", default="150", help="comma-separated resolutions")
    ap.add_argument("--engines", default="", help="comma-separated: rapidocr, rapidocr_onnxruntime")
    ap.add_argument("--no-jobs", action="store_true", help="skip the --jobs 2 run")
    ap.add_argument("--detect-side", type=int, default=0, help="Settings.ocr_detect_side")
    a = ap.parse_args()
    import yusuan
    from yusuan.extract import ocrengine, ocrreader
    from scans import make_scan
    if not CORPUS.is_dir():
        sys.exit(f"no corpus at {CORPUS}")
    engines = [e for e in a.engines.split(",") if e] or [ocrengine.backend()]
    tmp = Path(tempfile.mkdtemp(prefix="yusuan-bench-ocr-"))
    scans, singles, layer_docs = {}, [], {}
    for stem, pages in SCANNED.items():
        scans[stem] = (make_scan(CORPUS / f"{stem}.pdf", tmp / f"{stem}.pdf", pages), pages)
        layer_docs[stem] = yusuan.read(CORPUS / f"{stem}.pdf")
        for p in pages:
            singles.append(make_scan(CORPUS / f"{stem}.pdf", tmp / f"{stem}.p{p}.pdf", [p]))
    n_pages = sum(len(p) for _, p in scans.values())
    print(f"{n_pages} scanned pages; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"detector side: {a.detect_side or 'as rendered'}")
    print(f"{'engine':22} {'dpi':>4} {'render':>7} {'rules':>6} {'detect':>7} {'recog':>6} "
          f"{'engine':>7} {'1 proc':>7} {'jobs 2':>7} {'cpu':>6}  {'hand':>9} {'layer':>9}")
    original = ocrreader.read_page
    for name in engines:
        _use_engine(name)
        _warm(name, 150, a.detect_side)
        for dpi in [int(d) for d in a.dpi.split(",")]:
            stages: dict[str, float] = {}

            def timed(pdf, number, settings):
                page = original(pdf, number, settings)
                for k, v in page.stages:
                    stages[k] = stages.get(k, 0.0) + v
                return page
            ocrreader.read_page = timed
            docs, wall = {}, 0.0
            cpu = time.process_time()
            for stem, (pdf, _) in scans.items():
                start = time.perf_counter()
                docs[stem] = yusuan.read(pdf, yusuan.Settings(ocr_dpi=dpi,
                                                              ocr_detect_side=a.detect_side))
                wall += time.perf_counter() - start
            cpu = (time.process_time() - cpu) / n_pages
            ocrreader.read_page = original
            per = {k: v / n_pages for k, v in stages.items()}
            engine_s = wall / n_pages - sum(per.values())
            jobs2 = float("nan")
            if not a.no_jobs:
                with ProcessPoolExecutor(2, initializer=_warm,
                                         initargs=(name, dpi, a.detect_side)) as pool:
                    list(pool.map(_warm, [name] * 2, [dpi] * 2, [a.detect_side] * 2))
                    start = time.perf_counter()
                    list(pool.map(_read_one, [str(s) for s in singles], [dpi] * len(singles),
                                  [a.detect_side] * len(singles)))
                    jobs2 = (time.perf_counter() - start) / len(singles)
            hand_ok, hand_n, layer_ok, layer_n = accuracy(scans, docs, layer_docs)
            print(f"{name:22} {dpi:>4} {per.get('render', 0):7.2f} {per.get('rules', 0):6.2f} "
                  f"{per.get('detect', 0):7.2f} {per.get('recognize', 0):6.2f} {engine_s:7.2f} "
                  f"{wall / n_pages:7.2f} {jobs2:7.2f} {cpu:6.2f}  {hand_ok:>4}/{hand_n:<4} "
                  f"{layer_ok:>4}/{layer_n:<4}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
