"""The reference dump in the shapes other extractors and editors give it: re-wrapped at a fixed
width, full-width spaces or tabs between cells, bare page numbers, pdfplumber's extract_text(),
a raw reading-order dump. Each is made here from the reference dump or the sample PDF; the
expected facts are the hand-written ones (tests/expected/taishan_2024_tables.txt)."""

from __future__ import annotations

import json

import expected_tables
import pytest
import regex as re
from click.testing import CliRunner
from conftest import SAMPLE, facts_of

import yusuan
from yusuan import cli
from yusuan.extract.text import RAW_DUMP
from yusuan.normalize.writers import write_document


def _facts(path, tmp_path):
    doc = yusuan.read(path)
    out = write_document(doc, tmp_path / "out", path.stem)
    return doc, facts_of(out / "facts.csv")


def rewrap(text: str, width: int) -> str:
    """Every line longer than `width` broken at its last space within the width, as a text
    editor or mail program re-wraps (the space is dropped, nothing else changes)."""
    out = []
    for line in text.split("\n"):
        while len(line) > width:
            cut = line.rfind(" ", 1, width + 1)
            if cut <= 0:
                cut = width
            out.append(line[:cut])
            line = line[cut:].lstrip(" ")
        out.append(line)
    return "\n".join(out)


# one ASCII space between two printed characters: a cell boundary in the reference dump
# (a leading space marks a page start and stays)
_BETWEEN = re.compile(r"(?<=\S) (?=\S)")


@pytest.mark.parametrize("width", [60, 40])
def test_rewrapped_dump_gives_every_fact(seed_text, expected, write_copy, tmp_path, width):
    text = rewrap(seed_text, width)
    assert max(len(ln) for ln in text.split("\n")) <= width < max(len(ln) for ln in seed_text.split("\n"))
    doc, got = _facts(write_copy(f"seed_wrapped_{width}.txt", text), tmp_path)
    assert got == expected_tables.facts(expected)
    assert [t.label for t in doc.tables] == [f"表{n}" for n in range(1, 13)]


@pytest.mark.parametrize("sep", ["\u3000", "\t"], ids=["ideographic-space", "tab"])
def test_cells_separated_otherwise_give_every_fact(seed_text, expected, write_copy, tmp_path, sep):
    text = _BETWEEN.sub(sep, seed_text)
    assert text.count(sep) > 500
    doc, got = _facts(write_copy("seed_sep.txt", text), tmp_path)
    assert got == expected_tables.facts(expected)
    assert doc.department == "台山市总工会"


def test_bare_page_numbers_are_not_rows(seed_text, expected, write_copy, tmp_path):
    """- 10 - printed as 10 alone: still a page end, never a data row."""
    text = re.sub(r"(?m)^- (\d+) -$", r"\1", seed_text)
    assert text != seed_text
    doc, got = _facts(write_copy("seed_bare_numbers.txt", text), tmp_path)
    assert got == expected_tables.facts(expected)
    assert doc.page_count == 23


def test_pdfplumber_extract_text_dump(expected, write_copy, tmp_path):
    """pdfplumber's page.extract_text() of the sample PDF: one space between cells, no blank
    lines, labels wrapped after their amounts (机关事业单位基本养老保险缴费 30.64 … / 支出).
    It loses indentation, so a row without a code gets its level from its ordinal alone:
    levels are not compared. Known gap: 表12's project names wrapped beside 绩效目标 text
    over several lines keep only their first line."""
    import pdfplumber
    pdf_path = SAMPLE.with_name(SAMPLE.stem + "_ruled.pdf")
    with pdfplumber.open(pdf_path) as pdf:
        text = "\f".join((page.extract_text() or "") + "\n" for page in pdf.pages)
    doc, got = _facts(write_copy("sample_extract_text.txt", text), tmp_path)
    assert doc.page_count == 23
    assert [t.label for t in doc.tables] == [f"表{n}" for n in range(1, 13)]

    def without_level(facts):
        return {f[:5] + f[6:] for f in facts if f[0] != 12}
    assert without_level(got) == without_level(expected_tables.facts(expected))


def _reading_order(text: str) -> str:
    """pdftotext without -layout: every cell of a table on a line of its own."""
    return "\n".join(cell for line in text.split("\n") for cell in (line.split(" ") or [""]))


def test_raw_reading_order_dump_is_said_once_and_not_read(seed_text, write_copy, tmp_path):
    path = write_copy("seed_raw.txt", _reading_order(seed_text))
    doc = yusuan.read(path)
    assert doc.tables == () and doc.warnings == (RAW_DUMP,)
    assert "pdftotext -layout" in RAW_DUMP
    runner = CliRunner()
    result = runner.invoke(cli.main, ["extract", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "out" / "seed_raw" / "manifest.json").read_text("utf-8"))
    assert manifest["warnings"] == [RAW_DUMP] and manifest["tables"] == []


def test_plain_dumps_are_not_taken_for_raw_ones(seed_text, write_copy):
    """The reference dump prints amounts on a line of their own under wrapped labels; it
    is read, not refused."""
    doc = yusuan.read(write_copy("seed.txt", seed_text))
    assert RAW_DUMP not in doc.warnings and len(doc.tables) == 12
