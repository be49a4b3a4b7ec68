"""The command line: what users type, what they see, what is left on disk."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from click.testing import CliRunner
from conftest import SAMPLE

from yusuan import cli


@pytest.fixture
def runner():
    return CliRunner()


def test_help_teaches(runner):
    top = runner.invoke(cli.main, ["--help"])
    assert top.exit_code == 0 and "yusuan extract samples/ -o out/" in top.output
    for name, command in cli.main.commands.items():
        result = runner.invoke(cli.main, [name, "--help"])
        assert result.exit_code == 0
        assert "Example" in result.output, f"`yusuan {name} --help` has no example"
    extract = runner.invoke(cli.main, ["extract", "--help"]).output
    for word in ("facts.csv", "manifest.json", "tables/NN_<title>.csv", "Exit status"):
        assert word in extract


def test_extract_sample(runner, tmp_path):
    result = runner.invoke(cli.main, ["extract", str(SAMPLE.parent), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "12 tables, 654 facts, 23 pages" in result.output
    out = tmp_path / SAMPLE.stem
    assert json.loads((out / "manifest.json").read_text("utf-8"))["tables_found"] == 12


def test_csv_only(runner, tmp_path):
    result = runner.invoke(cli.main, ["extract", str(SAMPLE), "-o", str(tmp_path), "--format", "csv"])
    assert result.exit_code == 0
    assert not list((tmp_path / SAMPLE.stem).rglob("*.parquet"))
    assert (tmp_path / SAMPLE.stem / "facts.csv").exists()


def test_bad_format_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(cli.main, ["extract", str(SAMPLE), "-o", str(tmp_path), "--format", "xls"])
    assert result.exit_code == 2 and "csv, parquet, xlsx" in result.output


def test_a_bad_file_does_not_stop_the_batch(runner, tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    shutil.copy(SAMPLE, inbox / "good.txt")
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    out = tmp_path / "out"
    result = runner.invoke(cli.main, ["extract", str(inbox), "-o", str(out)])
    assert result.exit_code == 1
    assert "empty.txt: is empty" in result.output
    assert "binary.txt: looks binary" in result.output
    assert "3 files: 1 extracted, 0 current (skipped), 2 failed" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["good", "summary.csv"]
    assert len(list((out / "good" / "tables").iterdir())) == 24


def test_failed_write_leaves_nothing_and_keeps_the_previous_output(runner, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert runner.invoke(cli.main, ["extract", str(SAMPLE), "-o", str(out)]).exit_code == 0
    before = (out / SAMPLE.stem / "manifest.json").read_text("utf-8")

    from yusuan.normalize import writers
    from yusuan.errors import OutputError
    calls = {"n": 0}
    real = writers.write_parquet

    def flaky(cols, path):
        calls["n"] += 1
        if calls["n"] == 5:
            raise OutputError("disk full (simulated)")
        real(cols, path)

    monkeypatch.setattr(writers, "write_parquet", flaky)
    result = runner.invoke(cli.main, ["extract", str(SAMPLE), "-o", str(out), "--force"])
    assert result.exit_code == 1 and "disk full (simulated)" in result.output
    assert sorted(p.name for p in out.iterdir()) == sorted([SAMPLE.stem, "summary.csv"])  # no temp folders
    assert (out / SAMPLE.stem / "manifest.json").read_text("utf-8") == before


def test_missing_input_is_reported(runner, tmp_path):
    result = runner.invoke(cli.main, ["extract", str(tmp_path / "nope.txt"), "-o", str(tmp_path)])
    assert result.exit_code == 1 and "nope.txt: no such file" in result.output


@pytest.mark.parametrize("given, kept", [(None, "1"), ("4", "4")])
def test_openblas_runs_one_thread_unless_the_user_says(runner, tmp_path, monkeypatch, given, kept):
    """numpy's OpenBLAS (pyarrow imports numpy) starts no thread pool yusuan has no use for;
    a user's own OPENBLAS_NUM_THREADS stands."""
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", given or "")
    if given is None:
        monkeypatch.delenv("OPENBLAS_NUM_THREADS")
    result = runner.invoke(cli.main, ["extract", str(SAMPLE), "-o", str(tmp_path), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert os.environ["OPENBLAS_NUM_THREADS"] == kept
