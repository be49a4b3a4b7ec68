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


OK, FAILED, SKIPPED = "ok", "failed", "skipped"


@dataclass
class Outcome:
    """What happened to one input."""

    source: Path
    status: str                       # ok | failed | skipped (its outputs were current)
    out: Path | None = None
    pages: int = 0
    tables: int = 0
    facts: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0
    checks: dict = field(default_factory=dict)       # {"passed": n, "failed": n, "skipped": n}
    failed_checks: list[str] = field(default_factory=list)   # the rules that failed, first few
    size: int = 0
    document: object = None           # the Document read (read_one only; for ingestion)

    @property
    def ok(self) -> bool:
        return self.status != FAILED

    def line(self) -> str:
        if self.status == FAILED:
            return f"FAILED  {self.error}"
        extra = f", {len(self.warnings)} warning(s)" if self.warnings else ""
        checks = ""
        if self.checks:
            c = self.checks
            checks = f", checks {c.get('passed', 0)} passed {c.get('failed', 0)} failed " \
                     f"{c.get('skipped', 0)} skipped"
            if c.get("rounding"):
                checks += f" ({c['rounding']} passed within rounding)"
        word = "current " if self.status == SKIPPED else "ok      "
        return (f"{word}{self.source.name}: {self.tables} tables, {self.facts} facts, "
                f"{self.pages} pages{checks}{extra} -> {self.out}")


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
    force: bool = False               # redo inputs whose outputs are current


MANIFEST = "manifest.json"


def current_outcome(path: Path, target: Path, formats=()) -> Outcome | None:
    """The outcome recorded in target/manifest.json when it was written by this yusuan version
    from this very file (same sha256) in every one of `formats`, else None."""
    import json
    try:
        manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("yusuan_version") != __version__:
            return None
        if manifest.get("source", {}).get("sha256") != file_sha256(path):
            return None
        if set(formats) - set(manifest.get("formats", ("csv", "parquet"))):
            return None               # asked for a format not written then (xlsx after csv)
        checks = manifest.get("checks", {})
        return Outcome(path, SKIPPED, target, manifest["source"].get("pages", 0),
                       manifest.get("tables_found", 0), manifest.get("facts", {}).get("rows", 0),
                       list(manifest.get("warnings", [])), checks=checks.get("summary", {}),
                       failed_checks=[c["rule"] for c in checks.get("items", [])
                                      if c.get("status") == "fail"][:FAILED_CHECKS_KEPT])
    except (OSError, ValueError, KeyError, AttributeError, TypeError):
        return None


FAILED_CHECKS_KEPT = 5


def extract_one(path: Path, name: str, job: Job) -> Outcome:
    """Read one input and write its outputs (skipped when they are current)."""
    if not job.force:
        start = time.perf_counter()
        done = current_outcome(path, job.out_dir / name, job.formats)
        if done is not None:
            done.size, done.seconds = file_size(path), time.perf_counter() - start
            return done
    return _attempt(path, job, name)


def read_one(path: Path, name: str, job: Job) -> Outcome:
    """Read one input into a Document and hand it back (nothing written): the worker half of
    ingestion, whose loading happens in the one process that may write the store."""
    return _attempt(path, job, None)


def _attempt(path: Path, job: Job, name: str | None) -> Outcome:
    """Read `path`, and write it into job.out_dir/name unless name is None (then the
    Document rides back on the outcome). Every failure becomes a failed outcome."""
    from .extract import read_raw
    from .normalize.document import build_document
    from .normalize.writers import write_document
    start = time.perf_counter()
    size = file_size(path)
    try:
        doc = build_document(read_raw(path, job.settings, reader=job.reader, password=job.password),
                             job.settings)
        written: list[str] = []           # what an output could not hold (xlsx: > 15 digits)
        target = None if name is None else write_document(doc, job.out_dir, name, job.formats,
                                                          __version__, warnings=written)
    except YusuanError as e:
        if e.file in (None, path.name):
            e.file = str(path)
        return Outcome(path, FAILED, error=str(e), seconds=time.perf_counter() - start, size=size)
    except Exception as e:  # a bug of ours must not stop the batch: report it and go on
        return Outcome(path, FAILED, error=f"{path}: internal error {type(e).__name__}: {e} "
                       "(please report this file)", seconds=time.perf_counter() - start, size=size)
    outcome = described(path, doc, OK, out=target, seconds=time.perf_counter() - start, size=size,
                        document=doc if name is None else None)
    outcome.warnings += written
    return outcome


def described(path: Path, doc, status: str, **more) -> Outcome:
    """An outcome with the counts of a document read."""
    facts = sum(len(r.values) + len(r.percents) for t in doc.tables for r in t.rows)
    warnings = list(doc.warnings) + [f"{t.label or t.title}: {w}" for t in doc.tables for w in t.warnings]
    failed = [c.rule for c in doc.checks if c.status == "fail"]
    return Outcome(path, status, more.pop("out", None), doc.page_count, len(doc.tables), facts,
                   warnings, checks=doc.check_summary, failed_checks=failed[:FAILED_CHECKS_KEPT],
                   **more)


def file_sha256(path: Path) -> str | None:
    import hashlib
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            while block := fh.read(1 << 20):
                digest.update(block)
    except OSError:
        return None            # the read itself will report why
    return digest.hexdigest()


def file_size(path: Path) -> int:
    """Bytes of path (0 when it cannot be read: the read will say why)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def run(inputs: list[Path], job: Job, jobs: int = 1,
        on_done: Callable[[Outcome], None] | None = None,
        work: Callable[[Path, str, Job], Outcome] | None = None) -> Iterator[Outcome]:
    """Extract every input; with jobs > 1, in that many worker processes (files finish in
    any order; each is reported as it finishes). A worker that dies (a crash inside a C
    library) fails its file, not the batch: the files it left unfinished are read again, each
    in a process of its own, so that the one that crashed it is named."""
    names = output_names(inputs)
    work = work or extract_one           # a module-level function: it crosses to the workers

    def done(outcome: Outcome) -> Outcome:
        if on_done:
            on_done(outcome)
        return outcome

    if jobs <= 1 or len(inputs) <= 1:
        for path in inputs:
            yield done(work(path, names[path], job))
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool
    unfinished: list[Path] = []
    with ProcessPoolExecutor(max_workers=min(jobs, len(inputs))) as pool:
        futures = {pool.submit(work, path, names[path], job): path for path in inputs}
        for future in as_completed(futures):
            try:
                outcome = future.result()
            except BrokenProcessPool:
                unfinished.append(futures[future])
                continue
            yield done(outcome)
    for path in sorted(unfinished, key=inputs.index):
        with ProcessPoolExecutor(max_workers=1) as alone:
            try:
                outcome = alone.submit(work, path, names[path], job).result()
            except BrokenProcessPool:
                outcome = Outcome(path, FAILED, size=file_size(path),
                                  error=f"{path}: the worker process died reading it (a crash "
                                        "in the PDF library; please report this file)")
        yield done(outcome)
