"""Digests of everything yusuan writes for a document (facts, table files, prose, indicators,
manifest without its timestamp), so that the outputs of two versions can be compared without
keeping the outputs themselves (the corpus documents are public but are not copied here).

tests/expected/output_digests.json was written by the code before documents were normalized
and written table by table (issue 12), run as a script from that checkout:

    PYTHONPATH=<dir holding that checkout as yusuan> python tests/output_digests.py > tests/expected/output_digests.json

The inputs: the samples, the reference dump, 3 and 100 copies of it, every corpus layout dump
and every corpus PDF (../shared; absent ones are left out).
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[1] / "shared"
SAMPLES = HERE.parent / "samples"
SEED = SHARED / "seeds" / "000_448286f3f8ceb880.txt"
COPIES = (3, 100)


def copies_of_seed(n: int, folder: Path) -> Path:
    """The reference dump repeated n times, as bench/bench_dumpsize.py makes it."""
    path = folder / f"seed_x{n}.txt"
    seed = SEED.read_text(encoding="utf-8")
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(("\n" if i else "") + seed)
    return path


def inputs(folder: Path) -> dict[str, Path]:
    """name → path of every input compared (copies of the seed are made in folder)."""
    out = {f"samples/{p.name}": p for p in sorted(SAMPLES.iterdir()) if p.suffix in (".txt", ".pdf")}
    if SEED.exists():
        out["seed"] = SEED
        for n in COPIES:
            out[f"seed_x{n}"] = copies_of_seed(n, folder)
    for sub, ext in (("corpus-text", "*.txt"), ("corpus", "*.pdf")):
        if (SHARED / sub).is_dir():
            out.update({f"{sub}/{p.name}": p for p in sorted((SHARED / sub).glob(ext))})
    return out


def _parquet_digest(path: Path) -> str:
    import pyarrow.parquet as pq
    table = pq.read_table(path)
    text = str(table.schema) + "\n" + repr(table.to_pylist())
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def folder_digests(folder: Path, source_dir: Path | None = None) -> dict[str, str]:
    """relative path → digest of each output file; the manifest without its timestamp, and
    with the input's folder (where the copies of the seed are made) as <dir>."""
    out = {}
    for f in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = f.relative_to(folder).as_posix()
        if f.suffix == ".parquet":
            out[rel] = _parquet_digest(f)
        elif f.name == "manifest.json":
            text = f.read_text(encoding="utf-8")
            if source_dir is not None:
                text = text.replace(json.dumps(str(source_dir), ensure_ascii=False)[1:-1], "<dir>")
            lines = [ln for ln in text.splitlines() if '"extracted_at"' not in ln]
            out[rel] = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
        else:
            out[rel] = hashlib.sha256(f.read_bytes()).hexdigest()
    return out


def document_digests(path: Path, out: Path, settings=None) -> dict[str, str]:
    """Read path and write it as the batch does (csv + parquet), then digest the folder."""
    from yusuan.batch import Job, extract_one
    from yusuan.settings import Settings
    job = Job(out, ("csv", "parquet"), settings or Settings(max_memory=0), None, force=True)
    outcome = extract_one(path, "doc", job)
    assert outcome.ok, outcome.error
    return {"outcome": outcome.line().rsplit(" -> ", 1)[0], **folder_digests(out / "doc", path.parent)}


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        found = inputs(Path(tmp))
        result = {}
        for name, path in found.items():
            result[name] = document_digests(path, Path(tmp) / "out" / name.replace("/", "_"))
            print(name, file=sys.stderr, flush=True)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
