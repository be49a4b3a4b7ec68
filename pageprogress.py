"""Pages done of the file being read, told to whoever shows the batch's progress, so that a
long file (a 5,000-page PDF, a 200 MB dump) shows its pages moving instead of nothing.

The readers call `page(done, total)` once per page: a clock read and a comparison. The
listener hears at most once every `Settings.progress_interval` seconds per file (and always
of the last page, when the total is known), so a fast run of small pages costs nothing.

Where the listener is:
* this process (one job without a memory limit reads in the main process): `listen(callback)`;
* a worker process of a `LocalExecutor`: its initializer calls `listen(to_queue(queue))`
  with a `multiprocessing` queue the parent made, and the parent's `Relay` thread hands
  what arrives to the callback;
* a Dask worker: nobody (a cluster's workers report a file when it is done).

Progress never fails a read: a listener that raises is dropped for the rest of the file.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from typing import Callable, Iterator

# callback(file, pages done, pages in all or None when not known yet)
Listener = Callable[[str, int, "int | None"], None]

_listener: Listener | None = None
_interval = 0.2
_file: str | None = None
_last = 0.0
_total: int | None = None          # the pages of the file, when known before they are read
_said: tuple = ()                  # (done, total) last told


def listen(listener: Listener | None, interval: float = 0.2) -> None:
    """Send the pages of every file read from now on to `listener` (None: to nobody)."""
    global _listener, _interval
    _listener, _interval = listener, interval


def listening() -> bool:
    return _listener is not None


def reading(path) -> None:
    """The file whose pages `page` counts from now on (None: no file)."""
    global _file, _last, _total, _said
    _file = None if path is None else str(path)
    _last, _total, _said = 0.0, None, ()


def expect(total: int | None) -> None:
    """The file being read has `total` pages (told where a reader knows it before it reads
    them: a dump's first pass); `page` calls without a total use it."""
    global _total
    _total = total


def page(done: int, total: int | None = None) -> None:
    """`done` pages of the file being read are read (of `total`, when known)."""
    global _last, _file, _said
    if _listener is None or _file is None:
        return
    if total is None:
        total = _total
    if (done, total) == _said:
        return                   # told already (a reader's last page, told again at its end)
    now = time.monotonic()
    if now - _last < _interval and done != total:
        return
    _last, _said = now, (done, total)
    try:
        _listener(_file, done, total)
    except Exception:            # noqa: BLE001 - progress must never cost the file
        _file = None


def to_queue(queue) -> Listener:
    """A listener that puts (file, done, total) on a multiprocessing queue (never waiting)."""
    def put(file: str, done: int, total: int | None) -> None:
        queue.put_nowait((file, done, total))
    return put


class Relay:
    """A thread of the parent process: what the workers put on `queue` → `listener`."""

    def __init__(self, queue, listener: Listener) -> None:
        self.queue = queue
        self.listener = listener
        self.thread = threading.Thread(target=self._run, name="yusuan-page-progress", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            try:
                item = self.queue.get()
            except (EOFError, OSError):       # the queue was closed under us
                return
            if item is None:
                return
            try:
                self.listener(*item)
            except Exception:                 # noqa: BLE001 - a display error stops nothing
                pass

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join(timeout=5)


@contextmanager
def relayed(listener: Listener | None) -> Iterator:
    """A multiprocessing queue for worker processes to tell their pages on, relayed to
    `listener` while the block runs (None, and nothing relayed, without a listener)."""
    if listener is None:
        yield None
        return
    import multiprocessing
    queue = multiprocessing.get_context().Queue()
    relay = Relay(queue, listener)
    try:
        yield queue
    finally:
        relay.close()
        queue.close()
        queue.join_thread()


__all__ = ["listen", "listening", "reading", "expect", "page", "to_queue", "Relay", "relayed"]
