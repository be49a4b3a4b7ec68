"""How much of each corpus document a text dump gives, against the PDF: the hand-checked cells
of tests/expected/corpus/*.toml found with their value, per input.

    python bench/bench_dumps.py              # ../shared/corpus and ../shared/corpus-text
    python bench/bench_dumps.py -v           # and every cell missed, with why

Inputs: the PDF; its pdftotext -layout dump read by the PDF engine (the default); the same dump
read by the text route (Settings(layout_dump_engine=False)). A cell's table is looked up by
its label and title (not by its index, as tests/test_corpus_pdfs.py does), so that one table
too many or too few does not hide the cells of all the tables after it. Also: how many
documents find exactly the expected tables, and ms/page of each input (one process, in this
process: a rough figure; bench_pdf.py measures speed properly).
"""

from __future__ import annotations

import argparse
import sys
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXPECTED = HERE.parent / "tests" / "expected" / "corpus"
SHARED = HERE.parent.parent / "shared"


def score(doc, exp: dict) -> tuple[int, int, list[str]]:
    from yusuan.chars import compact
    from yusuan.normalize.amounts import format_amount
    good, missed = 0, []
    for cell in exp.get("cell", []):
        w = exp["table"][cell["table"] - 1]
        tables = [t for t in doc.tables if (t.label or "") == w["label"] and compact(t.title) == w["title"]]
        why = "table not found" if not tables else None
        if tables:
            found = [(r, v) for r in tables[0].rows for col, v in r.values.items()
                     if r.name == cell["name"] and col == cell["column"]
                     and ("code" not in cell or (r.code or "") == cell["code"])
                     and ("side" not in cell or (r.side or "") == cell["side"])]
            if len(found) != 1:
                why = f"{len(found)} matching cells"
            elif format_amount(found[0][1]) != cell["value"]:
                why = f"value {format_amount(found[0][1])!r}"
        if why:
            missed.append(f"{w['label']}{w['title']} | {cell['name']} | {cell['column']} | "
                          f"{cell['value']!r}: {why}")
        else:
            good += 1
    return good, len(exp.get("cell", [])), missed


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    import yusuan
    from yusuan.chars import compact
    from yusuan.settings import Settings
    inputs = {"pdf": None, "dump": Settings(), "dump, text route": Settings(layout_dump_engine=False)}
    totals = {k: [0, 0, 0, 0, 0.0, 0] for k in inputs}   # good, cells, docs exact, docs, s, pages
    print(f"{'document':40} " + " ".join(f"{k:>18}" for k in inputs))
    for path in sorted(EXPECTED.glob("*.toml")):
        with open(path, "rb") as fh:
            exp = tomllib.load(fh)
        pdf = SHARED / "corpus" / exp["source"]
        dump = SHARED / "corpus-text" / (pdf.stem + ".txt")
        if not pdf.is_file() or not dump.is_file():
            print(f"{path.stem:40} (skipped: {pdf.name} or its dump is absent)")
            continue
        want = [(w["label"], w["title"], tuple(w["pages"])) for w in exp.get("table", [])]
        row = []
        for name, settings in inputs.items():
            start = time.perf_counter()
            doc = yusuan.read(pdf if settings is None else dump, settings=settings)
            seconds = time.perf_counter() - start
            good, n, missed = score(doc, exp)
            exact = [(t.label or "", compact(t.title), t.pages) for t in doc.tables] == want
            t = totals[name]
            t[0] += good
            t[1] += n
            t[2] += exact
            t[3] += 1
            t[4] += seconds
            t[5] += doc.page_count
            row.append(f"{good:>4}/{n:<4}{'tables ok' if exact else '         '}")
            if args.verbose and missed:
                print(f"  {path.stem} [{name}]:", *missed, sep="\n    ")
        print(f"{path.stem:40} " + " ".join(f"{r:>18}" for r in row))
    print()
    for name, (good, n, exact, docs, seconds, pages) in totals.items():
        share = 100 * good / n if n else 0.0
        print(f"{name:18} {good:>4} of {n} cells ({share:.0f}%), {exact} of {docs} documents with "
              f"exactly their tables, {1000 * seconds / max(pages, 1):.1f} ms/page")
    return 0


if __name__ == "__main__":
    sys.exit(main())
