"""Where the files of a batch are read: one interface, two executors.

* `LocalExecutor`: worker processes on this machine (contained: see workers.py), or this
  process alone when there is no memory limit and one job;
* `DaskExecutor`: the workers of a Dask distributed cluster (`--scheduler tcp://HOST:8786`),
  or of a `LocalCluster` it starts (`--scheduler local:N`).

Both run the same per-file function (`batch.extract_one` or `batch.read_one`) on each input
and yield its `Outcome` as it finishes: skipping current outputs, atomic writes and the
one-line reason of a bad file are that function's, so they hold wherever it runs. What an
executor adds is only how a worker that dies is handled: its file is read once more, and
fails alone when it kills a worker again.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterator

from .batch import FAILED, Job, Outcome, contained, file_size

Work = Callable[[Path, str, Job], Outcome]


class LocalExecutor:
    """`jobs` worker processes of this machine. Each is ended when it passes
    `job.settings.max_memory` — its file fails with "exceeds the memory limit" — and when
    this process dies. A worker that dies (a crash inside a C library) fails its file, not
    the batch: the files it left unfinished are read again, each in a process of its own,
    so that the one that crashed it is named.

    Without a memory limit (max_memory 0, or where a process's memory cannot be read), one
    job reads in this process."""

    def __init__(self, jobs: int = 1) -> None:
        self.jobs = jobs

    def __enter__(self) -> "LocalExecutor":
        return self

    def __exit__(self, *exc) -> None:
        pass

    def describe(self) -> str:
        return f"{self.jobs} local worker process(es)"

    def map(self, work: Work, inputs: list[Path], names: dict[Path, str], job: Job,
            on_pages=None) -> Iterator[Outcome]:
        """`on_pages(file, done, total)` hears the pages of the files in progress (see
        pageprogress.py), from this process or from the workers through a queue."""
        from . import pageprogress, workers
        limit = job.settings.max_memory if workers.can_watch_memory() else 0
        if (self.jobs <= 1 or len(inputs) <= 1) and not limit:
            pageprogress.listen(on_pages, job.settings.progress_interval)
            workers.preload(job.formats)
            workers.freeze()
            try:
                for path in inputs:
                    yield work(path, names[path], job)
            finally:
                workers.thaw()
                pageprogress.listen(None)
            return
        from dataclasses import replace
        n = min(self.jobs, len(inputs))
        job = replace(job, settings=workers.without_prefetch(job.settings, n))
        frozen = workers.forks()
        if frozen:               # the workers share what the parent holds: load it once here
            workers.preload(job.formats)
            workers.freeze()
        try:
            yield from self._pool(work, inputs, names, job, n, limit, on_pages)
        finally:
            if frozen:
                workers.thaw()

    def _pool(self, work: Work, inputs: list[Path], names: dict[Path, str], job: Job, n: int,
              limit: int, on_pages=None) -> Iterator[Outcome]:
        import tempfile
        from concurrent.futures import ProcessPoolExecutor, as_completed
        from concurrent.futures.process import BrokenProcessPool

        from . import pageprogress, workers
        with pageprogress.relayed(on_pages) as pages, \
                tempfile.TemporaryDirectory(prefix="yusuan-workers-") as notes:
            initargs = (os.getpid(), limit, job.settings.memory_check_interval, notes, job.verbose,
                        pages, job.settings.progress_interval)

            def pool(n: int) -> ProcessPoolExecutor:
                return ProcessPoolExecutor(max_workers=n, initializer=workers.init_worker,
                                           initargs=initargs)

            def memory_failure(path: Path) -> Outcome | None:
                if not workers.note_path(Path(notes), path).exists():
                    return None
                return Outcome(path, FAILED, size=file_size(path), error=(
                    f"{path}: exceeds the memory limit of {workers.size_text(limit)} while being "
                    "read (raise --max-memory to read it)"))

            unfinished: list[Path] = []
            executor = pool(n)
            try:
                # several workers finish in any order anyway: then the largest files first,
                # so that they finish together rather than one reading the batch's biggest
                # file alone at the end (one worker keeps the order given)
                order = sorted(inputs, key=file_size, reverse=True) if n > 1 else inputs
                futures = {executor.submit(contained, work, path, names[path], job): path
                           for path in order}
                for future in as_completed(futures):
                    try:
                        outcome = future.result()
                    except BrokenProcessPool:
                        unfinished.append(futures[future])
                        continue
                    yield outcome
            finally:                         # stopped early: no file still queued is started
                executor.shutdown(wait=True, cancel_futures=True)
            for path in sorted(unfinished, key=inputs.index):
                outcome = memory_failure(path)
                if outcome is None:
                    with pool(1) as alone:
                        try:
                            outcome = alone.submit(contained, work, path, names[path], job).result()
                        except BrokenProcessPool:
                            outcome = memory_failure(path) or Outcome(
                                path, FAILED, size=file_size(path),
                                error=f"{path}: the worker process died reading it (a crash in the "
                                      "PDF library; please report this file)")
                yield outcome


def dask_available() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


DASK_MISSING = ("--scheduler needs Dask distributed, which is not installed: "
                "pip install 'yusuan[dask]'")


class DaskExecutor:
    """The workers of a Dask cluster. `scheduler` is a scheduler's address
    (tcp://HOST:8786), `local:N` (a LocalCluster of N worker processes, one thread each,
    started here and closed at the end), or a `distributed.Client` already connected (its
    cluster is not closed here).

    Each input is one task. The inputs and the output folder must be paths the workers can
    read and write (a shared filesystem). A task whose worker dies is run again on another
    worker (the scheduler's `allowed-failures`: 1 on a LocalCluster started here); when it
    kills that one too, its file fails alone with a one-line reason (KilledWorker). Dask's
    own `retries=1` also reruns a task that raised (a worker that cannot import yusuan):
    the per-file function never raises for a bad file, it returns a failed outcome.
    Memory: a worker past its `--memory-limit` (on local:N, `Settings.max_memory`) is
    restarted by its nanny, which is a worker that died."""

    def __init__(self, scheduler, settings=None, verbose: bool = False) -> None:
        from .settings import Settings
        self.scheduler = scheduler
        self.settings = settings or Settings()
        self.verbose = verbose
        self.client = None
        self.cluster = None
        self._own_client = False

    # ---------------------------------------------------------------- lifetime
    def __enter__(self) -> "DaskExecutor":
        return self              # started by start() or the first map(); closed on exit

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> None:
        if self.client is not None:
            return
        import logging
        import dask
        from distributed import Client
        quiet = logging.CRITICAL if not self.verbose else logging.WARNING
        if not isinstance(self.scheduler, str):
            self.client = self.scheduler
            return
        if self.scheduler.startswith("local:"):
            from distributed import LocalCluster
            n = parse_local(self.scheduler)
            limit = self.settings.max_memory
            with dask.config.set(cluster_config(self.settings)):
                self.cluster = LocalCluster(
                    n_workers=n, threads_per_worker=1, processes=True,
                    dashboard_address=":8787" if _has_bokeh() else ":0",
                    memory_limit=limit if limit else 0, silence_logs=quiet)
            self.client = Client(self.cluster)
        else:
            self.client = Client(self.scheduler, timeout=self.settings.scheduler_timeout)
        self._own_client = True

    def close(self) -> None:
        if self._own_client and self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        self.client = self.cluster = None

    def check_workers(self) -> str | None:
        """Why the workers cannot run this yusuan (a worker without it, another version:
        its outputs would not be current for this client), or None."""
        from . import __version__
        self.start()
        try:
            versions = self.client.run(worker_version)
        except Exception as e:          # the function could not be unpickled: no yusuan there
            return (f"a Dask worker cannot run yusuan ({type(e).__name__}: {e}); install "
                    f"yusuan {__version__} on every worker")
        other = {w: v for w, v in versions.items() if v != __version__}
        if other:
            w, v = sorted(other.items())[0]
            return (f"{len(other)} Dask worker(s) run another yusuan version ({w}: {v}, here "
                    f"{__version__}); install yusuan {__version__} on every worker")
        return None

    def describe(self) -> str:
        info = self.client.scheduler_info() if self.client is not None else {}
        n = len(info.get("workers", {}))
        where = self.client.dashboard_link if self.cluster is not None and _has_bokeh() else None
        return (f"Dask scheduler {self.client.scheduler.address}, {n} worker(s)"
                + (f", dashboard {where}" if where else ""))

    def threads(self) -> int:
        info = self.client.scheduler_info()
        return sum(w.get("nthreads", 1) for w in info.get("workers", {}).values()) or 1

    # ---------------------------------------------------------------- work
    def map(self, work: Work, inputs: list[Path], names: dict[Path, str], job: Job,
            on_pages=None) -> Iterator[Outcome]:
        """Submit the inputs (at most a window of them in flight, so that the client holds
        few outcomes and documents at a time, and a run stopped early starts nothing more)
        and yield each outcome as it finishes. (`on_pages` is not called: the pages of a
        file in progress do not flow back from a cluster's workers; each file is reported
        when it is done.)"""
        from distributed import as_completed
        if self.client is None:
            self.start()
        window = max(self.settings.dask_window_per_thread * self.threads(), 2)
        pending = iter(inputs)
        futures: dict = {}

        def submit() -> object | None:
            path = next(pending, None)
            if path is None:
                return None
            future = self.client.submit(on_dask_worker, work, path, names[path], job,
                                        key=f"yusuan-{names[path]}-{len(futures)}",
                                        pure=False, retries=1)
            futures[future] = path
            return future

        first = [f for f in (submit() for _ in range(window)) if f is not None]
        # with_results: each result is fetched as soon as it is ready, so that a worker lost
        # later holds no finished file the scheduler would have to compute again
        running = as_completed(first, with_results=True, raise_errors=False)
        try:
            for future, result in running:
                path = futures.pop(future)
                outcome = self._outcome(future, result, path)
                future.release()
                yield outcome
                nxt = submit()
                if nxt is not None:
                    running.add(nxt)
        finally:                 # stopped early (a full disk, Ctrl-C): nothing more runs
            if futures:
                self.client.cancel(list(futures))

    @staticmethod
    def _outcome(future, result, path: Path) -> Outcome:
        from distributed import KilledWorker
        if future.status == "error":
            error = result[1] if isinstance(result, tuple) else result
            if isinstance(error, KilledWorker):
                return Outcome(path, FAILED, size=file_size(path), error=(
                    f"{path}: the worker process died reading it, on a second worker too (a "
                    "crash in the PDF library, or past the workers' memory limit; please report "
                    "this file)"))
            # the task itself failed twice: a worker without yusuan, …
            return Outcome(path, FAILED, size=file_size(path), error=(
                f"{path}: the cluster could not read it: {type(error).__name__}: {error}"))
        if future.status == "cancelled" or not isinstance(result, Outcome):
            return Outcome(path, FAILED, size=file_size(path),
                           error=f"{path}: the cluster did not read it (its task was {future.status})")
        result.source = path     # the client's own Path object (outcomes are found by it)
        return result


def worker_version() -> str:
    """The yusuan version a worker imports."""
    from . import __version__
    return __version__


def on_dask_worker(work: Work, path: Path, name: str, job: Job) -> Outcome:
    """One input on a Dask worker: the libraries' logging as the local workers have it,
    then the same per-file function."""
    from . import workers
    workers.library_logging(job.verbose)
    return work(path, name, job)


def cluster_config(settings) -> dict:
    """The Dask config of a scheduler yusuan starts (and that a scheduler started apart
    should have: README, "On a cluster"). A worker that dies is blamed for every task it was
    given; with a worker-saturation of 1.0 a one-thread worker is given only the file it
    reads, so that a crash costs no other file a retry."""
    return {"distributed.scheduler.allowed-failures": settings.dask_allowed_failures,
            "distributed.scheduler.worker-saturation": 1.0}


def parse_local(scheduler: str) -> int:
    """'local:2' → 2; ValueError for anything else."""
    head, _, n = scheduler.partition(":")
    if head != "local" or not n.isdigit() or int(n) < 1:
        raise ValueError(scheduler)
    return int(n)


def _has_bokeh() -> bool:
    try:
        import bokeh  # noqa: F401
    except ImportError:
        return False
    return True


def executor_for(scheduler: str | None, jobs: int, settings=None, verbose: bool = False):
    """The executor a command line asks for: local worker processes without --scheduler."""
    if not scheduler:
        return LocalExecutor(jobs)
    return DaskExecutor(scheduler, settings, verbose)
