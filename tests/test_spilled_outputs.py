"""A long document is normalized, checked and written table by table, its tables, checks and
page texts held in model.Spill (issue 12): the outputs must be those the code before wrote,
whether everything fits in one chunk (no disk) or goes to disk a few items a chunk.

The expected digests (tests/expected/output_digests.json) were written by the code before
this change (see tests/output_digests.py), never by the code under test."""

from __future__ import annotations

import json
import pickle
from decimal import Decimal
from pathlib import Path

import pytest

from yusuan.model import FAIL, PASS, SKIP, Check, Spill
from yusuan.normalize.pagedtext import PagedText
from yusuan.normalize.writers import CheckBook
from yusuan.patterns import YEAR_AND_TYPE
from yusuan.settings import Settings

import output_digests as od

EXPECTED = json.loads((Path(__file__).parent / "expected" / "output_digests.json").read_text("utf-8"))
# every chunk of a few items: every document with more than 3 tables goes to disk
SPILL_ALWAYS = Settings(max_memory=0, spill_tables=3, spill_checks=7, spill_pages=2)


def _path(name: str, tmp_path: Path) -> Path:
    if name.startswith("seed_x"):
        if not od.SEED.exists():
            pytest.skip(f"the reference dump {od.SEED} is absent")
        return od.copies_of_seed(int(name[len("seed_x"):]), tmp_path)
    if name == "seed":
        path = od.SEED
    elif name.startswith("samples/"):
        path = od.SAMPLES / name.split("/", 1)[1]
    else:
        path = od.SHARED / name
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return path


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_outputs_are_those_written_before(name, tmp_path):
    path = _path(name, tmp_path)
    assert od.document_digests(path, tmp_path / "out") == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if not n.startswith("corpus/")))
def test_outputs_are_the_same_when_everything_goes_to_disk(name, tmp_path):
    path = _path(name, tmp_path)
    assert od.document_digests(path, tmp_path / "out", SPILL_ALWAYS) == EXPECTED[name]


def test_a_pdf_whose_tables_go_to_disk_writes_the_same(tmp_path):
    name = "samples/taishan_zonggonghui_2024_yusuan_ruled.pdf"
    path = _path(name, tmp_path)
    assert od.document_digests(path, tmp_path / "out", SPILL_ALWAYS) == EXPECTED[name]


def test_the_copies_of_a_long_dump_do_go_to_disk():
    """The mechanism is used where it matters: 100 copies of the reference dump (1,200
    tables) spill their tables and checks with the default settings."""
    if not od.SEED.exists():
        pytest.skip("the reference dump is absent")
    import tempfile
    import yusuan
    with tempfile.TemporaryDirectory() as tmp:
        doc = yusuan.read(od.copies_of_seed(100, Path(tmp)))
    assert isinstance(doc.tables, Spill) and doc.tables.spilled and len(doc.tables) == 1200
    assert isinstance(doc.checks, Spill) and doc.checks.spilled
    assert doc.tables[1199].no == 1200 and doc.tables[0].no == 1


# --------------------------------------------------------------------------- Spill

def test_a_spill_is_a_tuple_on_disk():
    s = Spill(3)
    s.extend(["a", "b", "c", "d", "e", "f", "g"])
    assert s.spilled and len(s) == 7
    assert list(s) == ["a", "b", "c", "d", "e", "f", "g"]
    assert (s[0], s[4], s[6], s[-1]) == ("a", "e", "g", "g")
    assert s[1:3] == ("b", "c")
    assert s == ("a", "b", "c", "d", "e", "f", "g") and s != ("a",)
    with pytest.raises(IndexError):
        s[7]
    again = pickle.loads(pickle.dumps(s))
    assert list(again) == list(s)
    # read at random while iterated: the items stay right
    out = []
    for x in s:
        out.append((x, s[6 - "abcdefg".index(x)]))
    assert out == [("a", "g"), ("b", "f"), ("c", "e"), ("d", "d"), ("e", "c"), ("f", "b"), ("g", "a")]


def test_a_spill_of_few_items_never_touches_the_disk():
    s = Spill(64, range(10))
    assert not s.spilled and list(s) == list(range(10)) and bool(s) and not Spill(4)


# --------------------------------------------------------------------------- PagedText

def test_paged_text_reads_the_lines_of_the_whole_text():
    pages = ["封面\n2024年", "", "预算\n", "x\r\ny"]
    # "\f".join(pages).splitlines(): a form feed ends a line, an empty page is an empty line
    assert list(PagedText(pages).lines()) == ["封面", "2024年", "", "预算", "", "x", "y"]


def test_paged_text_finds_a_match_across_pages_and_chunks(monkeypatch):
    from yusuan.normalize import pagedtext
    monkeypatch.setattr(pagedtext, "CHUNK_CHARS", 4)
    monkeypatch.setattr(pagedtext, "OVERLAP", 30)
    pages = ["说明2024年", "部门预算 其他", "2025年度单位决算", "2023", "年 预算"]
    found = [m.group() for m in PagedText(pages).finditer(YEAR_AND_TYPE)]
    assert found == ["2024年\f部门预算", "2025年度单位决算", "2023\f年 预算"]


# --------------------------------------------------------------------------- CheckBook

def _check(status: str, *tables: int, cell: int = 1) -> Check:
    return Check("total", f"rule {tables} {cell}", status, tables=tables,
                 cells=tuple((t, cell, "金额") for t in tables), expected=Decimal(1),
                 found=Decimal(1), tolerance=Decimal(0))


def test_the_check_book_gives_each_table_its_checks_read_beside_it():
    checks = Spill(2, [_check(PASS, 1), _check(FAIL, 1, cell=2), _check(PASS, 2),
                       _check(PASS, 4),
                       _check(PASS, 1, 4, cell=3),      # across tables
                       _check(SKIP, 2),                 # after table 4's: out of order
                       _check(PASS, 2, cell=5)])        # so is this one
    book = CheckBook(checks)
    assert book.summary == {"passed": 5, "failed": 1, "skipped": 1, "rounding": 0}
    assert book.extra_cells == {(1, 3, "金额"), (4, 3, "金额"), (2, 5, "金额")}
    assert book.table(1) == ({(1, 1, "金额")},
                             {"passed": 2, "failed": 1, "skipped": 0, "rounding": 0})
    assert book.table(2) == ({(2, 1, "金额")},
                             {"passed": 2, "failed": 0, "skipped": 1, "rounding": 0})
    assert book.table(3) == (set(), {"passed": 0, "failed": 0, "skipped": 0, "rounding": 0})
    assert book.table(4) == ({(4, 1, "金额")},
                             {"passed": 2, "failed": 0, "skipped": 0, "rounding": 0})
