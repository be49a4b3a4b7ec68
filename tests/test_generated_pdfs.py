"""PDFs drawn from the hand-written reference tables (tests/pdfgen.py): ruled and unruled,
continued tables with the header printed again or not at all. Read by the PDF path, their
facts must equal those of the reference text dump, cell for cell."""

from __future__ import annotations

import expected_tables
import pytest
from conftest import SAMPLE, facts_of

import yusuan
from yusuan.normalize.writers import write_document

VARIANTS = [("ruled", True), ("unruled", True), ("ruled", False), ("unruled", False)]


@pytest.fixture(scope="module")
def text_facts(tmp_path_factory):
    out = write_document(yusuan.read(SAMPLE), tmp_path_factory.mktemp("text"), "seed")
    return facts_of(out / "facts.csv")


@pytest.mark.parametrize("style, repeat", VARIANTS,
                         ids=[f"{s}-{'header-repeated' if r else 'headerless-continuation'}" for s, r in VARIANTS])
def test_generated_pdf_gives_the_text_dump_facts(tmp_path, expected, text_facts, style, repeat):
    pdfgen = pytest.importorskip("pdfgen", reason="reportlab draws these PDFs (pip install '.[test]')")
    path = pdfgen.draw(tmp_path / f"seed_{style}.pdf", style, repeat)
    doc = yusuan.read(path)
    assert doc.reader == "pdf" and doc.page_count == 23
    assert [(t.label, t.title, t.pages) for t in doc.tables] == \
        [(e.label, e.title, e.pages) for e in expected]
    out = write_document(doc, tmp_path / "out", path.stem)
    got = facts_of(out / "facts.csv")
    assert got == text_facts == expected_tables.facts(expected)
    # header trees come from geometry, and equal the hand-written ones
    assert [[(c.key, c.role) for c in t.columns] for t in doc.tables] == [e.header for e in expected]
    assert [t.note for t in doc.tables] == [e.note for e in expected]
    assert doc.table("表12").rows[2].texts["绩效目标"] == expected[11].rows[2].text
    assert (doc.department, doc.year, doc.doc_type, doc.unit) == ("台山市总工会", 2024, "预算", "万元")


@pytest.mark.parametrize("valign", ["middle", "bottom"])
def test_unruled_amounts_level_with_any_line_of_a_wrapped_label(tmp_path, expected, text_facts, valign):
    """A spreadsheet export prints a tall row's amounts level with its label's last line (or
    between its lines): every wrapped label is still one row with its amounts."""
    pdfgen = pytest.importorskip("pdfgen", reason="reportlab draws these PDFs (pip install '.[test]')")
    path = pdfgen.draw(tmp_path / f"seed_{valign}.pdf", "unruled", True, valign=valign)
    out = write_document(yusuan.read(path), tmp_path / "out", path.stem)
    assert facts_of(out / "facts.csv") == text_facts == expected_tables.facts(expected)


def test_sample_pdf_is_the_generated_one(tmp_path):
    """samples/ carries one generated PDF so that the README's first command reads a PDF too."""
    pdf = SAMPLE.with_name(SAMPLE.stem + "_ruled.pdf")
    assert pdf.exists(), "regenerate with: python tests/pdfgen.py " + str(pdf.relative_to(SAMPLE.parent.parent))
    doc = yusuan.read(pdf)
    assert len(doc.tables) == 12 and sum(len(r.values) for t in doc.tables for r in t.rows) == 654
