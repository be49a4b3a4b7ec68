"""Build codenames.tsv, the reference of 功能分类 / 经济分类 code names the OCR path checks row
names against: every (code, name) the reference document (../shared/seeds) and the corpus
PDFs (../shared/corpus, their text layers) print, the most printed name per code.

    python tests/build_codenames.py            # writes codenames.tsv at the package root

The file is data: reviewed when rebuilt, committed, never computed at run time. A code printed
with two names in different years (210: 医疗卫生与计划生育支出 → 卫生健康支出) keeps every name
printed at least twice, so a scan of either year matches its own.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def main() -> None:
    import yusuan
    names: dict[tuple[str, str], Counter] = defaultdict(Counter)
    inputs = sorted((SHARED / "corpus").glob("*.pdf")) + sorted((SHARED / "seeds").glob("*.txt"))
    if not inputs:
        sys.exit(f"nothing to read under {SHARED}")
    for path in inputs:
        try:
            doc = yusuan.read(path)
        except yusuan.YusuanError as e:
            print(f"skipped {path.name}: {e}", file=sys.stderr)
            continue
        for table in doc.tables:
            for row in table.rows:
                if row.code and row.code_system and row.name and row.code.isdigit():
                    names[(row.code, row.code_system)][row.name] += 1
    lines = ["code\tsystem\tname"]
    for (code, system), counts in sorted(names.items()):
        best = counts.most_common()
        kept = [best[0][0]] + [n for n, c in best[1:] if c >= 2]
        lines += [f"{code}\t{system}\t{n}" for n in kept]
    (ROOT / "codenames.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines) - 1} names of {len(names)} codes -> codenames.tsv")


if __name__ == "__main__":
    main()
