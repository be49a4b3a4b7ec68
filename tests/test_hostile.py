"""Hostile and odd inputs (issue 13, items 2–12): each defect reproduced with inputs made here;
the message, the exit status and the files left are asserted, and the good files beside the bad
one come out complete."""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import shutil
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import yusuan
from yusuan import cli
from yusuan.normalize.spreadsheet import formula_safe
from yusuan.normalize.writers import write_document

from conftest import SAMPLE

TEXT = SAMPLE.read_text("utf-8")
SAMPLE_PDF = SAMPLE.parent / "taishan_zonggonghui_2024_yusuan_ruled.pdf"


def run_cli(*args: str, **kwargs):
    return CliRunner().invoke(cli.main, [str(a) for a in args], **kwargs)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def complete(out: Path, name: str, tables: int = 12) -> None:
    """A good file's output folder is all there: manifest, every table, the facts."""
    manifest = json.loads((out / name / "manifest.json").read_text("utf-8"))
    assert manifest["tables_found"] == tables
    assert len(list((out / name / "tables").glob("*.csv"))) == tables
    assert (out / name / "facts.csv").exists() and (out / name / "facts.parquet").exists()


# --------------------------------------------------------------- 2. CSV formula injection

@pytest.mark.parametrize("text, shown", [
    ("=1+1", "'=1+1"), ("+86 电话", "'+86 电话"), ("-12.00", "'-12.00"), ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\t=cmd", "'\t=cmd"), ("\r=1", "'\r=1"), ("--", "'--"), ("一般公共服务支出", "一般公共服务支出"),
    ("", ""), ("1=1", "1=1"),
])
def test_formula_safe(text, shown):
    assert formula_safe(text) == shown


def test_csv_text_cells_cannot_be_formulas_and_amounts_stay_numbers(tmp_path):
    doc = yusuan.read(SAMPLE)
    table = doc.table(5)
    rows = list(table.rows)
    column = table.amount_columns[0].key
    rows[1] = dataclasses.replace(rows[1], name="=1+1", values={**rows[1].values,
                                                                column: Decimal("-12.00")})
    rows[2] = dataclasses.replace(rows[2], name="@SUM(A1:A9)", ordinal="--")
    doc = dataclasses.replace(doc, tables=tuple(
        dataclasses.replace(t, rows=tuple(rows)) if t.no == 5 else t for t in doc.tables))
    target = write_document(doc, tmp_path, "doc")
    with open(next((target / "tables").glob("05_*.csv")), encoding="utf-8-sig", newline="") as fh:
        printed = list(csv.DictReader(fh))
    assert (printed[1]["name"], printed[1][column]) == ("'=1+1", "-12.00")
    assert (printed[2]["name"], printed[2]["ordinal"]) == ("'@SUM(A1:A9)", "'--")
    with open(target / "facts.csv", encoding="utf-8-sig", newline="") as fh:
        facts = [r for r in csv.DictReader(fh) if r["table_no"] == "5"]
    assert {(r["name"], r["value"]) for r in facts if r["row_no"] == str(rows[1].row_no)
            and r["column"] == column} == {("'=1+1", "-12.00")}
    # Parquet keeps the raw text
    parquet = pq.read_table(next((target / "tables").glob("05_*.parquet"))).to_pylist()
    assert (parquet[1]["name"], parquet[2]["name"], parquet[2]["ordinal"]) == ("=1+1", "@SUM(A1:A9)", "--")
    assert parquet[1][column] == Decimal("-12.00")
    facts_pq = pq.read_table(target / "facts.parquet").to_pylist()
    assert "=1+1" in {r["name"] for r in facts_pq}
