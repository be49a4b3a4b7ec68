"""Start-up machinery (issue 12): `workers.preload` imports with the collector held off and
freezes what it made; the collector's own state (on or off) is the caller's again after it,
whatever it was, and a CLI process freezes what is left on its way out."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from yusuan import workers


@pytest.mark.parametrize("enabled", [True, False])
def test_preload_gives_the_collector_back_as_it_was(enabled):
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        workers.preload(("csv", "parquet"))
        assert gc.isenabled() is enabled
    finally:
        gc.unfreeze()                     # what preload froze goes back to the collector
        gc.enable() if was else gc.disable()


def test_preload_freezes_what_it_imported():
    code = ("import gc, sys; from yusuan import workers; before = gc.get_freeze_count(); "
            "workers.preload(('csv',)); "
            "print(before, gc.get_freeze_count(), 'yusuan.extract.pdf' in sys.modules, gc.isenabled())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, after, imported, enabled = out.stdout.split()
    assert int(before) == 0 and int(after) > 10_000      # the engine's modules, at least
    assert (imported, enabled) == ("True", "True")


def test_the_cli_freezes_on_its_way_out():
    code = ("import atexit, gc, sys; from yusuan import cli; "
            "atexit.register(lambda: print(gc.get_freeze_count() > 0)); "   # runs after cli's
            "sys.argv = ['yusuan', 'validate', '--help']; "
            "cli.main()")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "True"
