"""What a long run tells its user: a progress line while files are read, and a summary table
(and summary.csv) at the end. Kept apart from the work itself (batch.py) so that the library
stays silent and the CLI decides what to show."""

from __future__ import annotations

import csv
import os
import sys
import tempfile
import threading
import time
import unicodedata
from pathlib import Path
from typing import Iterable, TextIO

from .batch import FAILED, SKIPPED, Outcome
from .errors import shown
from .normalize.spreadsheet import formula_safe


def width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def clip(text: str, columns: int) -> str:
    if width(text) <= columns:
        return text
    out = ""
    for ch in text:
        if width(out + ch) > columns - 1:
            break
        out += ch
    return out + "…"


def duration(seconds: float) -> str:
    seconds = int(round(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class Progress:
    """Files done, pages read, pages/s and the time left, estimated from the bytes still to
    read (file sizes are known before any page is). On a terminal one line is redrawn in
    place; elsewhere (a log, cron) a plain line is printed every `every` seconds and at the
    end, so logs stay readable."""

    def __init__(self, sizes: Iterable[int], stream: TextIO | None = None, *,
                 enabled: bool = True, every: float = 10.0) -> None:
        self.sizes = list(sizes)
        self.total_files = len(self.sizes)
        self.total_bytes = sum(self.sizes) or 1
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = enabled
        self.every = every
        self.start = time.monotonic()
        self.last_plain = self.start
        self.files = self.pages = self.bytes = 0
        self.failed = 0
        self.drawn = False
        # the files in progress: file → (pages done, pages in all or None), told by the
        # readers (`page`, from the thread that relays the workers' pages: hence the lock;
        # hold it too while printing other lines, so that no redraw lands inside them)
        self.reading: dict[str, tuple[int, int | None]] = {}
        self.lock = threading.RLock()

    def done(self, outcome: Outcome) -> None:
        with self.lock:
            self.reading.pop(str(outcome.source), None)
            self.files += 1
            self.bytes += outcome.size
            if outcome.status != SKIPPED:
                self.pages += outcome.pages
            self.failed += outcome.status == FAILED
            if not self.enabled:
                return
            now = time.monotonic()
            if self.tty:
                self._draw()
            elif now - self.last_plain >= self.every or self.files == self.total_files:
                self.last_plain = now
                print("progress: " + self.status(), file=self.stream, flush=True)

    def page(self, file: str, done: int, total: int | None = None) -> None:
        """`done` pages of `file` (of `total`) are read: the pages inside a long file move."""
        with self.lock:
            self.reading[str(file)] = (done, total)
            if not self.enabled:
                return
            now = time.monotonic()
            if self.tty:
                self._draw()
            elif now - self.last_plain >= self.every:
                self.last_plain = now
                print("progress: " + self.status(), file=self.stream, flush=True)

    def in_progress(self) -> str:
        """'reading 报告.pdf: page 1,200 of 5,000' (the files in progress, at most two named)."""
        if not self.reading:
            return ""
        said = []
        for file, (done, total) in list(self.reading.items())[-2:]:
            of = f" of {total:,}" if total else ""
            said.append(f"{shown(Path(file).name)}: page {done:,}{of}")
        more = len(self.reading) - len(said)
        return "reading " + ", ".join(said) + (f" (+{more} more)" if more > 0 else "")

    def status(self) -> str:
        elapsed = max(time.monotonic() - self.start, 1e-9)
        pages = self.pages + sum(done for done, _ in self.reading.values())
        rate = pages / elapsed
        parts = [f"{self.files}/{self.total_files} files", f"{pages:,} pages",
                 f"{rate:,.1f} pages/s"]
        if self.failed:
            parts.append(f"{self.failed} failed")
        if self.reading:
            parts.append(self.in_progress())
        if self.files < self.total_files and self.bytes:
            left = elapsed * (self.total_bytes - self.bytes) / self.bytes
            parts.append(f"ETA {duration(left)}")
        else:
            parts.append(f"in {duration(elapsed)}")
        return " · ".join(parts)

    def _draw(self) -> None:
        # a file in progress counts by the share of its pages read
        share = (self.files + sum(done / total for done, total in self.reading.values() if total)) \
            / max(self.total_files, 1)
        share = min(share, 1.0)
        bar = "█" * int(share * 24) + "░" * (24 - int(share * 24))
        self.stream.write(f"\r\033[K{bar} {self.status()}")
        self.stream.flush()
        self.drawn = True

    def clear(self) -> None:
        """Take the bar off the screen before other output is printed."""
        with self.lock:
            if self.tty and self.drawn:
                self.stream.write("\r\033[K")
                self.stream.flush()

    def redraw(self) -> None:
        if self.tty and self.enabled and self.files:
            self._draw()

    def finish(self) -> None:
        if self.tty and self.drawn:
            self.stream.write("\n")
            self.stream.flush()


SUMMARY_COLUMNS = ("file", "status", "pages", "tables", "facts", "checks_passed",
                   "checks_failed", "checks_skipped", "warnings", "seconds", "output", "reason",
                   "checks_rounding")


def summary_rows(outcomes: list[Outcome]) -> list[dict]:
    rows = []
    for o in outcomes:
        c = o.checks or {}
        reason = o.error or ""
        for name in (f"{o.source}: ", f"{shown(o.source)}: "):
            if reason.startswith(name):
                reason = reason[len(name):]                  # the file is in its own column
                break
        if not reason and o.failed_checks:
            reason = "failed check: " + o.failed_checks[0]
        elif not reason and o.warnings:
            reason = "warning: " + o.warnings[0]
        rows.append({"file": str(o.source), "status": "current" if o.status == SKIPPED else o.status,
                     "pages": o.pages, "tables": o.tables, "facts": o.facts,
                     "checks_passed": c.get("passed", 0), "checks_failed": c.get("failed", 0),
                     "checks_skipped": c.get("skipped", 0), "warnings": len(o.warnings),
                     "seconds": f"{o.seconds:.2f}", "output": str(o.out or ""), "reason": reason,
                     "checks_rounding": c.get("rounding", 0)})
    return rows


def summary_table(outcomes: list[Outcome], *, only_problems: bool = False, reason_width: int = 70,
                  verb: str = "extracted") -> str:
    """A fixed-width table, one line per file (in input order), then the totals; `verb` says
    what was done to the files that were not current (extracted, or loaded by ingest)."""
    rows = summary_rows(outcomes)
    if only_problems:
        rows = [r for r in rows if r["status"] == FAILED or r["checks_failed"] or r["warnings"]]
    head = ("file", "status", "pages", "tables", "facts", "failed checks", "warnings", "reason")
    body = [(shown(Path(r["file"]).name), r["status"], str(r["pages"]), str(r["tables"]), str(r["facts"]),
             str(r["checks_failed"]), str(r["warnings"]), clip(r["reason"], reason_width))
            for r in rows]
    widths = [max([width(h)] + [width(b[i]) for b in body]) for i, h in enumerate(head)]
    widths[0] = min(widths[0], 48)
    numeric = {2, 3, 4, 5, 6}

    def line(cells) -> str:
        out = []
        for i, cell in enumerate(cells):
            cell = clip(cell, widths[i])
            out.append(" " * (widths[i] - width(cell)) + cell if i in numeric else pad(cell, widths[i]))
        return "  ".join(out).rstrip()

    lines = [line(head), "  ".join("-" * w for w in widths)]
    lines += [line(b) for b in body]
    n = len(outcomes)
    failed = sum(o.status == FAILED for o in outcomes)
    skipped = sum(o.status == SKIPPED for o in outcomes)
    with_failed_checks = sum(bool((o.checks or {}).get("failed")) for o in outcomes)
    pages = sum(o.pages for o in outcomes if o.status != FAILED)
    current = "already stored" if verb == "loaded" else "current"
    lines.append(f"{n} files: {n - failed - skipped} {verb}, {skipped} {current} (skipped), "
                 f"{failed} failed; {pages:,} pages; {with_failed_checks} with failed checks")
    return "\n".join(lines)


def write_summary_csv(outcomes: list[Outcome], path: Path) -> None:
    """summary.csv beside the outputs (UTF-8 with BOM, for Excel), written atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
            out = csv.DictWriter(fh, SUMMARY_COLUMNS)
            out.writeheader()
            out.writerows({k: formula_safe(v) if isinstance(v, str) else v for k, v in row.items()}
                          for row in summary_rows(outcomes))
        os.chmod(name, 0o666 & ~_umask())
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_report(manifest: dict, *, verbose: bool = False) -> str:
    """A readable report of a document's checks, from its manifest (manifest.json, or the
    same built in memory for an input read directly)."""
    src, doc = manifest.get("source", {}), manifest.get("document", {})
    checks = manifest.get("checks", {})
    items = checks.get("items", [])
    summary = checks.get("summary", {})
    tables = {t["no"]: t for t in manifest.get("tables", [])}
    title = " ".join(str(x) for x in (doc.get("department"), doc.get("year"), doc.get("doc_type")) if x)
    lines = [f"{src.get('name')}  {title}".rstrip(),
             f"  sha256 {src.get('sha256', '')[:16]}…, {src.get('pages')} pages, "
             f"{len(tables)} tables, unit {doc.get('unit') or '?'}",
             f"  checks: {summary.get('passed', 0)} passed ({summary.get('rounding', 0)} within "
             f"rounding), {summary.get('failed', 0)} failed, {summary.get('skipped', 0)} skipped"]
    if tables:
        lines.append("")
        for no, t in tables.items():
            c = t.get("checks", {})
            mark = "FAIL" if c.get("failed") else "ok  " if c.get("passed") else "–   "
            name = " ".join(x for x in (t.get("label"), t.get("title")) if x)
            rounding = f"; {c['rounding']} within rounding" if c.get("rounding") else ""
            lines.append(f"  {mark} {no:>2} {pad(clip(name, 46), 46)}  {c.get('passed', 0):>4} passed"
                         f" {c.get('failed', 0):>3} failed  p.{_pages(t.get('pages', []))}{rounding}")
    # what went missing or was read with doubt: the document's warnings, then its tables'
    warned = [f"  ! {w}" for w in manifest.get("warnings", [])] + [
        f"  ! {_table_name(tables, no)}: {w}" for no, t in tables.items() for w in t.get("warnings", [])]
    if warned:
        lines += ["", "Warnings:"]
        lines += warned if verbose else warned[:8]
        if not verbose and len(warned) > 8:
            lines.append(f"  … {len(warned) - 8} more (--verbose lists them)")
    failed = [c for c in items if c["status"] == "fail"]
    if failed:
        lines += ["", f"Failed checks ({len(failed)}): the printed document does not add up here"]
        for c in failed:
            lines += _check_lines(c, tables, "✗")
    rounding = [c for c in items if c["status"] == "pass" and c.get("rounding")]
    if rounding:
        shown = rounding if verbose else rounding[:12]
        lines += ["", f"Passed within rounding ({len(rounding)}): printed amounts are rounded; "
                      "each differs by no more than half a unit of its last printed place"]
        for c in shown:
            lines.append(f"  ≈ [{c['name']}] {c['rule']}")
            lines.append(f"      expected {c['expected']}, found {c['found']} (difference "
                         f"{c['difference']}, allowed ±{c['tolerance']}) {c.get('unit') or ''}".rstrip()
                         + f"; page {_pages(c.get('pages', []))}")
        if len(shown) < len(rounding):
            lines.append(f"  … {len(rounding) - len(shown)} more (--verbose lists them)")
    skipped = [c for c in items if c["status"] == "skip"]
    if skipped:
        lines += ["", f"Skipped ({len(skipped)}): could not run"]
        for c in skipped if verbose else skipped[:8]:
            lines.append(f"  – [{c['name']}] {c['rule']}: {c.get('note') or 'not applicable'}")
        if not verbose and len(skipped) > 8:
            lines.append(f"  … {len(skipped) - 8} more (--verbose lists them)")
    if verbose:
        passed = [c for c in items if c["status"] == "pass" and not c.get("rounding")]
        if passed:
            lines += ["", "Passed:"]
            lines += [f"  ✓ [{c['name']}] {c['rule']}" for c in passed]
    return "\n".join(lines)


def _check_lines(c: dict, tables: dict, mark: str) -> list[str]:
    """A failed check: rule; amounts; where to look; the printed cells it added up."""
    where = ", ".join(f"{_table_name(tables, t)} row {r}" for t, r in c.get("rows", [])[:1])
    out = [f"  {mark} [{c['name']}] {c['rule']}",
           f"      expected {c['expected']}, found {c['found']} (difference "
           f"{c['difference']}, tolerance {c['tolerance']}) {c.get('unit') or ''}".rstrip(),
           f"      page {_pages(c.get('pages', []))}; {where}" + (f"; {c['note']}" if c.get("note") else "")]
    printed = c.get("printed") or []
    if printed:
        cells = " | ".join(f"{label} {value or '(blank)'}" for label, value in printed[:12])
        more = f" | … ({len(printed) - 12} more)" if len(printed) > 12 else ""
        out.append(f"      printed: {cells}{more}")
    return out


def _pages(pages) -> str:
    pages = list(pages)
    if not pages:
        return "?"
    return str(pages[0]) if len(pages) == 1 else f"{pages[0]}–{pages[-1]}"


def _table_name(tables: dict, no: int) -> str:
    t = tables.get(no, {})
    return f"table {no}" + (f" ({t.get('label') or t.get('title')})" if t else "")
