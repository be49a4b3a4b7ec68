"""Per-file functions for tests/test_dask.py that kill the Dask worker running them, as a crash
inside a C library would. Sent to the workers by value (cloudpickle), so that the workers need
not import the tests."""

from __future__ import annotations

import os
from pathlib import Path

from yusuan.batch import Job, Outcome, extract_one


def die_on_marked(path: Path, name: str, job: Job) -> Outcome:
    """crash_always*: the worker dies every time. crash_once*: it dies the first time only
    (a marker beside the file says it died), and the retry reads the file."""
    if path.name.startswith("crash_always"):
        os._exit(3)
    if path.name.startswith("crash_once"):
        marker = path.with_name(path.name + ".died")
        if not marker.exists():
            marker.write_text(str(os.getpid()), encoding="utf-8")
            os._exit(3)
    return extract_one(path, name, job)
