"""What every worker process of a batch does before it reads a file, so that a hostile file
stays contained:

* a **memory watchdog**: a thread that reads the process's resident memory every few ms and
  ends the process (status `MEMORY_EXIT`) once it has grown by more than `Settings.max_memory`
  since the worker started, leaving a note naming the file it was reading. (Growth, because a
  forked worker starts with its parent's resident pages counted in its own RSS.) Not an
  address-space limit (RLIMIT_AS): that counts address space reserved and never touched (the
  arenas of onnxruntime's and numpy's thread pools grow with the cores), and a failed
  allocation inside a C library is a crash or a wrong result, not an error. A decompression
  bomb inside PDFium is one C call that nothing but ending the process interrupts;
* it **dies with its parent**: `prctl(PR_SET_PDEATHSIG, SIGKILL)` on Linux, and everywhere the
  same thread checks that the parent still lives, so a `kill -9` of `yusuan extract` or
  `ingest` (a cron timeout) leaves no worker sleeping on;
* library logging (pdfminer's hundreds of warnings on a broken file) is dropped unless `-v`.
"""

from __future__ import annotations

import hashlib
import logging
import os
import signal
import sys
import threading
from pathlib import Path

# The exit status of a worker its memory watchdog ended (any value no library uses).
MEMORY_EXIT = 86
# Loggers of the libraries yusuan reads with: their messages are about the file, and go to
# stderr only with -v (see `library_logging`).
LIBRARY_LOGGERS = ("pdfminer", "pdfplumber", "pypdfium2", "PIL", "fontTools")

_current: str | None = None        # the file this worker is reading (for the watchdog's note)
_notes: Path | None = None


def library_logging(verbose: bool) -> None:
    """Libraries' log records go nowhere, or with `verbose` to stderr as one line each
    (`log: pdfminer.pdffont: Could not get FontBBox …`)."""
    for name in LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        for h in list(logger.handlers):
            if getattr(h, "_yusuan", False):
                logger.removeHandler(h)
        handler: logging.Handler
        if verbose:
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter("log: %(name)s: %(message)s"))
            logger.setLevel(logging.INFO)
        else:
            handler = logging.NullHandler()
            logger.setLevel(logging.CRITICAL + 1)
        handler._yusuan = True                  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.propagate = False


def resident_bytes() -> int | None:
    """This process's resident memory (Linux /proc), or None where it cannot be read."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def can_watch_memory() -> bool:
    return resident_bytes() is not None


def note_path(notes: Path, source: str | Path) -> Path:
    """Where a worker ended by its watchdog says which file it was reading."""
    return Path(notes) / hashlib.sha256(str(source).encode("utf-8", "surrogateescape")).hexdigest()


def init_worker(parent_pid: int, max_memory: int, interval: float, notes: str | None,
                verbose: bool, pages=None, pages_interval: float = 0.2) -> None:
    """The initializer of every worker process. `pages`: a multiprocessing queue the pages
    read of each file are told on (pageprogress.py), or None."""
    global _notes
    _notes = Path(notes) if notes else None
    library_logging(verbose)
    if pages is not None:
        from . import pageprogress
        pageprogress.listen(pageprogress.to_queue(pages), pages_interval)
    _die_with_parent(parent_pid)
    baseline = resident_bytes() or 0
    watch = threading.Thread(target=_watch, args=(parent_pid, max_memory, baseline,
                                                  max(interval, 0.001)),
                             name="yusuan-watchdog", daemon=True)
    watch.start()


def reading(path: str | Path | None) -> None:
    """Tell the watchdog which file this worker reads now."""
    global _current
    _current = None if path is None else str(path)


def _die_with_parent(parent_pid: int) -> None:
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            libc = ctypes.CDLL(None, use_errno=True)
            PR_SET_PDEATHSIG = 1
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass                         # the watchdog below still checks the parent
    if os.getppid() != parent_pid:       # the parent died before prctl took effect
        os._exit(1)


def _watch(parent_pid: int, max_memory: int, baseline: int, interval: float) -> None:
    import time
    while True:
        if os.getppid() != parent_pid:   # re-parented: our parent is gone
            os._exit(1)
        if max_memory:
            rss = resident_bytes()
            if rss is not None and rss - baseline > max_memory:
                if _notes is not None and _current is not None:
                    try:
                        note_path(_notes, _current).write_text(str(rss), encoding="utf-8")
                    except OSError:
                        pass
                os._exit(MEMORY_EXIT)
        time.sleep(interval)


def size_text(n: int) -> str:
    """2147483648 → '2 GB' (binary units, as --max-memory reads them)."""
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size:
            value = n / size
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n} bytes"


def parse_size(text: str) -> int:
    """'2G', '500M', '2GB', '1.5g', '0' (no limit) → bytes; a number alone is megabytes (a
    byte count that small is never meant); ValueError otherwise."""
    t = text.strip().upper().removesuffix("B").removesuffix("I")
    factor = 1 << 20
    for suffix, f in (("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30), ("T", 1 << 40)):
        if t.endswith(suffix):
            t, factor = t[:-1], f
            break
    value = float(t)
    if value < 0:
        raise ValueError(text)
    return int(value * factor)


def preload(formats: tuple[str, ...]) -> None:
    """Import what reading and writing a file needs, before a batch: in the parent, before the
    pool forks its workers, a forked worker then shares these modules (and the parsed
    catalogue) instead of each importing its own copy: 0.1-0.2 s of CPU per worker for the
    engine, and pyarrow (with the numpy it imports) for Parquet; never pandas, which the writers
    do not need (normalize/arrays.py). (A spawned worker imports everything anew whatever the
    parent holds.)

    The collector is held off meanwhile, and what was made is frozen (see `freeze`) before it
    runs again: modules and the catalogue live as long as the process, yet the dozens of
    collections their imports set off walk them again and again (several of them whole:
    what lives long grows fast while importing), and one collection after would walk it
    all once more. A batch freezes them next anyway, and thaws them after it."""
    import gc
    collecting = gc.isenabled()
    gc.disable()
    try:
        import pypdfium2  # noqa: F401 - PDFium itself: its library is loaded once, here
        import pypdfium2.raw  # noqa: F401

        from . import catalogue
        from .extract import blankcolumns, blanktables, ocrreader, pdf, unruled  # noqa: F401
        from .normalize import document, writers  # noqa: F401
        catalogue.default()
        if "parquet" in formats:
            import pyarrow.parquet  # noqa: F401

            from .normalize import arrays  # noqa: F401
    except Exception:                    # noqa: BLE001 - each file's reading then meets it and
        pass                             # says so, as it would without preloading
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def forks() -> bool:
    """Does the pool fork its workers (so that they share what this process holds)?"""
    import multiprocessing
    return multiprocessing.get_start_method(allow_none=False) == "fork"


def freeze() -> None:
    """What is alive before a batch (modules, the catalogue) lives as long as the batch: out
    of the collector's sight, collections no longer walk it, in this process or in the workers
    it forks (where walking it would also copy, page by page, what they share with the parent,
    as Python's gc.freeze documentation says). Over the corpus in one process this halves the
    time spent collecting: 0.21-0.27 s -> 0.10 s of a 3 s run (measured with gc.callbacks).
    `thaw` after the batch; garbage frozen with the rest is collected then (a collection
    first would cost every start 10 ms)."""
    import gc
    gc.freeze()


def thaw() -> None:
    """After the batch: the frozen objects are the collector's again."""
    import gc
    gc.unfreeze()


def without_prefetch(settings, workers: int):
    """The settings for `workers` worker processes: no reader thread per worker when the
    workers alone fill the cores. A prefetch thread only overlaps PDFium's own calls (which
    run without the GIL) with the analysis; with no idle core for it, it adds thread switches
    and no speed."""
    from dataclasses import replace
    if settings.prefetch_pages and workers >= (os.cpu_count() or 1):
        return replace(settings, prefetch_pages=0)
    return settings
