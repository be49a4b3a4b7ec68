"""Shared fixtures. Tests that need ../shared (the corpus PDFs) skip with a reason when the
folder is absent, as it is in a user's clone; CI always has it."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest

HERE = Path(__file__).parent
ROOT = HERE.parent
SAMPLE = ROOT / "samples" / "taishan_zonggonghui_2024_yusuan.txt"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"

sys.path.insert(0, str(HERE))  # the helpers expected_tables.py and dumps.py


def csv_text(cell: str) -> str:
    """A text cell of yusuan's CSV as printed in the document: the ' that keeps Excel from
    reading it as a formula (--, =1+1) taken off again."""
    return cell[1:] if cell.startswith("'") and cell[1:2] in ("=", "+", "-", "@", "\t", "\r") else cell


def facts_of(csv_path: Path) -> set[tuple]:
    """facts.csv → the same tuples expected_tables.facts() builds by hand."""
    frame = pd.read_csv(csv_path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    out = set()
    for r in frame.itertuples(index=False):
        out.add((int(r.table_no), int(r.row_no), int(r.page), r.side or None, r.code or None,
                 int(r.level), csv_text(r.ordinal) or None, csv_text(r.name), csv_text(r.column),
                 r.value))
    return out


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SAMPLE.read_text("utf-8")


@pytest.fixture(scope="session")
def seed_doc():
    import yusuan
    return yusuan.read(SAMPLE)


@pytest.fixture(scope="session")
def expected():
    import expected_tables
    return expected_tables.load()


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus PDFs not available: {CORPUS} is absent (CI has ../shared beside the checkout)")
    return CORPUS


@pytest.fixture
def write_copy(tmp_path):
    """Write `text` (or bytes) to a file in tmp_path and return its path."""
    def _write(name: str, content, encoding: str = "utf-8") -> Path:
        p = tmp_path / name
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_bytes(content.encode(encoding))
        return p
    return _write


__all__ = ["facts_of", "SAMPLE", "CORPUS", "shutil"]
