"""Run yusuan over many inputs: find the files, name their output folders, read and write each
one, and report per file without letting one bad file stop the others."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from . import __version__
from .errors import YusuanError
from .extract.source import SUFFIXES
from .settings import Settings


@dataclass
class Outcome:
    """What happened to one input."""

    source: Path
    ok: bool
    out: Path | None = None
    pages: int = 0
    tables: int = 0
    facts: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0

    def line(self) -> str:
        if not self.ok:
            return f"FAILED  {self.error}"
        extra = f", {len(self.warnings)} warning(s)" if self.warnings else ""
        return (f"ok      {self.source.name}: {self.tables} tables, {self.facts} facts, "
                f"{self.pages} pages{extra} -> {self.out}")


def find_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Files given by name are taken as they are; folders are searched recursively for
    .txt and .pdf files (hidden files and folders skipped), in a stable order."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p)
                if f.is_file() and f.suffix.lower() in SUFFIXES and not any(
                        part.startswith(".") for part in rel.parts):
                    found.append(f)
        else:
            found.append(p)
    seen, unique = set(), []
    for f in found:
        key = f.resolve() if f.exists() else f
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def output_names(files: list[Path]) -> dict[Path, str]:
    """One output folder per input, named by its stem; stems shared by several inputs get the
    parent folder's name added so that no two inputs write into the same folder."""
    stems = Counter(f.stem for f in files)
    names = {}
    for f in files:
        name = f.stem if stems[f.stem] == 1 else f"{f.parent.name}__{f.stem}"
        while name in names.values():
            name += "_"
        names[f] = name
    return names


@dataclass(frozen=True)
class Job:
    """What to do with each input (picklable: it crosses to worker processes)."""

    out_dir: Path
    formats: tuple[str, ...]
    settings: Settings
    reader: str | None = None
    password: str | None = None


def extract_one(path: Path, name: str, job: Job) -> Outcome:
    from .extract import read_raw
    from .normalize.document import build_document
    from .normalize.writers import write_document
    start = time.perf_counter()
    out_dir, formats, settings = job.out_dir, job.formats, job.settings
    try:
        doc = build_document(read_raw(path, settings, reader=job.reader, password=job.password),
                             settings)
        target = write_document(doc, out_dir, name, formats, __version__)
    except YusuanError as e:
        e.located(file=str(path))
        return Outcome(path, False, error=str(e), seconds=time.perf_counter() - start)
    except Exception as e:  # a bug of ours must not stop the batch: report it and go on
        return Outcome(path, False, error=f"{path}: internal error {type(e).__name__}: {e} "
                       "(please report this file)", seconds=time.perf_counter() - start)
    facts = sum(len(r.values) for t in doc.tables for r in t.rows)
    warnings = list(doc.warnings) + [f"{t.label or t.title}: {w}" for t in doc.tables for w in t.warnings]
    return Outcome(path, True, target, doc.page_count, len(doc.tables), facts, warnings,
                   seconds=time.perf_counter() - start)


def run(inputs: list[Path], job: Job, jobs: int = 1,
        on_done: Callable[[Outcome], None] | None = None) -> Iterator[Outcome]:
    """Extract every input; with jobs > 1, in that many worker processes (files finish in
    any order; each is reported as it finishes)."""
    names = output_names(inputs)
    if jobs <= 1 or len(inputs) <= 1:
        for path in inputs:
            outcome = extract_one(path, names[path], job)
            if on_done:
                on_done(outcome)
            yield outcome
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed
    with ProcessPoolExecutor(max_workers=min(jobs, len(inputs))) as pool:
        futures = [pool.submit(extract_one, path, names[path], job) for path in inputs]
        for future in as_completed(futures):
            outcome = future.result()
            if on_done:
                on_done(outcome)
            yield outcome
