"""Run yusuan over many inputs: find the files, name their output folders, read and write each
one, and report per file without letting one bad file stop the others."""

from __future__ import annotations

import errno
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from . import __version__
from .errors import YusuanError, shown
from .extract.source import SUFFIXES
from .normalize.ocr import ocr_summary, summary_text
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
    fatal: str | None = None          # why no file can be written (No space left on device)
    ocr: str = ""                     # for a document read by OCR: how much a check covers

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
        ocr = f", {self.ocr}" if self.ocr else ""
        return (f"{word}{shown(self.source.name)}: {self.tables} tables, {self.facts} facts, "
                f"{self.pages} pages{checks}{ocr}{extra} -> {shown(self.out)}")


def find_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Files given by name are taken as they are; folders are searched recursively for
    .txt and .pdf files (hidden files and folders skipped), in a stable order. A folder
    named like an input (x.pdf) that holds none is an input too, and reported as a folder."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            inside = [f for f in sorted(p.rglob("*"))
                      if f.is_file() and f.suffix.lower() in SUFFIXES and not any(
                          part.startswith(".") for part in f.relative_to(p).parts)]
            found += inside or ([p] if p.suffix.lower() in SUFFIXES else [])
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
    """One output folder per input, named by its stem (unprintable characters, a newline or
    an ESC, as _); stems shared by several inputs get the parent folder's name added so that
    no two inputs write into the same folder."""
    def safe(text: str) -> str:       # no newline, ESC … in a folder name
        return "".join(ch if ch.isprintable() else "_" for ch in text)

    stems = Counter(safe(f.stem) for f in files)
    names = {}
    for f in files:
        stem = safe(f.stem)
        name = stem if stems[stem] == 1 else f"{safe(f.parent.name)}__{stem}"
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
    verbose: bool = False             # libraries' log messages to stderr (-v)


MANIFEST = "manifest.json"


def read_manifest(target: Path) -> dict | None:
    """target/manifest.json, or None when there is none that can be read."""
    import json
    try:
        manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def current_outcome(path: Path, target: Path, manifest: dict | None = None,
                    sha256: str | None = None, formats=()) -> Outcome | None:
    """The outcome recorded in target/manifest.json (or `manifest`, read from it) when it was
    written by this yusuan version from this very file (same sha256) in every one of
    `formats`, else None."""
    try:
        manifest = manifest if manifest is not None else read_manifest(target)
        if manifest is None or manifest.get("yusuan_version") != __version__:
            return None
        if manifest.get("source", {}).get("sha256") != (sha256 or file_sha256(path)):
            return None
        if set(formats) - set(manifest.get("formats", ("csv", "parquet"))):
            return None               # asked for a format not written then (xlsx after csv)
        checks = manifest.get("checks", {})
        return Outcome(path, SKIPPED, target, manifest["source"].get("pages", 0),
                       manifest.get("tables_found", 0), manifest.get("facts", {}).get("rows", 0),
                       list(manifest.get("warnings", [])), checks=checks.get("summary", {}),
                       failed_checks=[c["rule"] for c in checks.get("items", [])
                                      if c.get("status") == "fail"][:FAILED_CHECKS_KEPT],
                       ocr=summary_text(manifest.get("ocr")))
    except (OSError, ValueError, KeyError, AttributeError, TypeError):
        return None


FAILED_CHECKS_KEPT = 5
# Errors writing one file that every other file would meet too: the batch stops on them.
_NOTHING_CAN_BE_WRITTEN = {getattr(errno, n) for n in ("ENOSPC", "EROFS", "EDQUOT") if hasattr(errno, n)}


def extract_one(path: Path, name: str, job: Job) -> Outcome:
    """Read one input and write its outputs (skipped when they are current). An output
    folder written from another file (another sha256 from another path: a report.pdf of
    another folder, in an earlier run) is not replaced without job.force."""
    target = job.out_dir / name
    manifest = None if job.force else read_manifest(target)
    if manifest is not None:
        start = time.perf_counter()
        sha = file_sha256(path)
        done = current_outcome(path, target, manifest, sha, job.formats)
        if done is not None:
            done.size, done.seconds = file_size(path), time.perf_counter() - start
            return done
        other = other_source(path, manifest, sha)
        if other is not None:
            return Outcome(path, FAILED, size=file_size(path), error=(
                f"{shown(path)}: not written: {shown(job.out_dir / name)} holds the output of "
                f"another file ({shown(other)}) (pass --force to replace it, or write to "
                "another -o folder)"))
    return _attempt(path, job, name)


def other_source(path: Path, manifest: dict, sha256: str | None) -> str | None:
    """The source an output's manifest names when it is another file than `path` (whose
    sha256 is given): another sha256 and another absolute path. A changed file at the same
    path is the same source, and its output is replaced."""
    source = manifest.get("source")
    if not isinstance(source, dict) or source.get("sha256") == sha256:
        return None
    here = str(Path(path).absolute())
    there = source.get("absolute_path") or str(Path(source.get("path") or "").absolute())
    return None if there == here else str(source.get("absolute_path") or source.get("path"))


def read_one(path: Path, name: str, job: Job) -> Outcome:
    """Read one input into a Document and hand it back (nothing written): the worker half of
    ingestion, whose loading happens in the one process that may write the store."""
    return _attempt(path, job, None)


def _attempt(path: Path, job: Job, name: str | None) -> Outcome:
    """Read `path`, and write it into job.out_dir/name unless name is None (then the
    Document rides back on the outcome). Every failure becomes a failed outcome."""
    from . import pageprogress
    from .extract import read_raw
    from .normalize.document import build_document
    from .normalize.writers import write_document
    start = time.perf_counter()
    size = file_size(path)
    pageprogress.reading(path)            # the reader tells its pages (progress display)
    try:
        doc = build_document(read_raw(path, job.settings, reader=job.reader, password=job.password),
                             job.settings)
        written: list[str] = []           # what an output could not hold (xlsx: > 15 digits)
        try:
            target = None if name is None else write_document(doc, job.out_dir, name, job.formats,
                                                              __version__, warnings=written,
                                                              settings=job.settings)
        except OSError as e:
            raise _CannotWrite(e) from e
    except YusuanError as e:
        if e.file in (None, path.name):
            e.file = str(path)
        return Outcome(path, FAILED, error=str(e), seconds=time.perf_counter() - start, size=size)
    except _CannotWrite as e:     # the output cannot be written: full, read-only, gone …
        where = job.out_dir / name
        reason = e.error.strerror or str(e.error)
        return Outcome(path, FAILED, error=f"{shown(path)}: cannot write {shown(where)}: {reason}",
                       seconds=time.perf_counter() - start, size=size,
                       fatal=reason if e.error.errno in _NOTHING_CAN_BE_WRITTEN else None)
    except Exception as e:  # a bug of ours must not stop the batch: report it and go on
        return Outcome(path, FAILED, error=f"{shown(path)}: internal error {type(e).__name__}: {e} "
                       "(please report this file)", seconds=time.perf_counter() - start, size=size)
    finally:
        pageprogress.reading(None)
    outcome = described(path, doc, OK, out=target, seconds=time.perf_counter() - start, size=size,
                        document=doc if name is None else None, settings=job.settings)
    outcome.warnings += written
    return outcome


class _CannotWrite(Exception):
    """An OSError while writing the outputs (not while reading the input)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


def described(path: Path, doc, status: str, **more) -> Outcome:
    """An outcome with the counts of a document read."""
    # one pass over the tables (a long dump's are read back from disk)
    facts, warnings = 0, list(doc.warnings)
    for t in doc.tables:
        facts += sum(len(r.values) + len(r.percents) for r in t.rows)
        warnings += [f"{t.label or t.title}: {w}" for w in t.warnings]
    # the summary and the first few failed rules in one pass: a long dump's checks are read
    # back from disk, and not kept
    summary, failed = doc.check_overview(FAILED_CHECKS_KEPT)
    settings = more.pop("settings", None) or Settings()
    return Outcome(path, status, more.pop("out", None), doc.page_count, len(doc.tables), facts,
                   warnings, checks=summary, failed_checks=failed,
                   ocr=summary_text(ocr_summary(doc, settings)), **more)


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
        work: Callable[[Path, str, Job], Outcome] | None = None,
        executor=None, on_pages: Callable[[str, int, int | None], None] | None = None
        ) -> Iterator[Outcome]:
    """Run `work` (default: extract and write) on every input with `executor` (default: a
    LocalExecutor of `jobs` worker processes; a DaskExecutor runs the same on a cluster: see
    executors.py). Files finish in any order; each is reported (`on_done`) as it finishes;
    `on_pages(file, pages done, pages in all or None)` hears the files in progress."""
    from .executors import LocalExecutor
    if not inputs:
        return
    names = output_names(inputs)
    work = work or extract_one           # a module-level function: it crosses to the workers
    executor = executor if executor is not None else LocalExecutor(jobs)
    more = {"on_pages": on_pages} if on_pages is not None else {}
    for outcome in executor.map(work, inputs, names, job, **more):
        if on_done:
            on_done(outcome)
        yield outcome


def contained(work: Callable[[Path, str, Job], Outcome], path: Path, name: str, job: Job) -> Outcome:
    """`work` in a worker process, its watchdog told which file it reads."""
    from . import workers
    workers.reading(path)
    try:
        return work(path, name, job)
    finally:
        workers.reading(None)
