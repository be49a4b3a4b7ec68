"""The two PDF readers build the same PageGeom, so the same facts: PDFium (default, fast) and
pdfplumber (pure Python). Proven on every corpus PDF and every PDF the tests generate."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS, SAMPLE

from yusuan.extract import read_raw
from yusuan.extract.pdfreaders import _display_transform, _shape
from yusuan.normalize.document import build_document

CORPUS_PDFS = sorted(CORPUS.glob("*.pdf")) if CORPUS.is_dir() else []


def _facts(path: Path, reader: str):
    doc = build_document(read_raw(path, reader=reader))
    return doc, doc.facts().astype(str).values.tolist()


@pytest.mark.parametrize("name", [p.name for p in CORPUS_PDFS] or ["(corpus absent)"])
def test_readers_agree_on_the_corpus(corpus, name):
    a, fa = _facts(corpus / name, "pdfplumber")
    b, fb = _facts(corpus / name, "pdfium")
    assert fa == fb
    assert [(t.title, t.pages, t.note) for t in a.tables] == [(t.title, t.pages, t.note) for t in b.tables]
    assert (a.department, a.year, a.page_count) == (b.department, b.year, b.page_count)


@pytest.mark.parametrize("style, repeat", [("ruled", True), ("unruled", False)])
def test_readers_agree_on_generated_pdfs(tmp_path, style, repeat):
    pdfgen = pytest.importorskip("pdfgen", reason="reportlab draws these PDFs")
    path = pdfgen.draw(tmp_path / f"{style}.pdf", style, repeat)
    a, fa = _facts(path, "pdfplumber")
    b, fb = _facts(path, "pdfium")
    assert fa == fb and len(fa) == 654


def test_pdfium_hands_over_when_it_cannot_measure_glyphs():
    """The generated PDFs use STSong-Light, a CJK font reportlab does not embed. Without a CJK
    font installed PDFium cannot measure its glyphs and drops one-character text objects;
    the document is then read by pdfplumber, and says so. With such a font installed, PDFium
    reads it itself. Either way nothing is lost."""
    pdf = SAMPLE.with_name(SAMPLE.stem + "_ruled.pdf")
    raw = read_raw(pdf, reader="pdfium")
    handed_over = any("pdfplumber reader instead" in w for w in raw.warnings)
    assert len(build_document(raw).facts()) == 654
    if handed_over:
        assert raw.warnings[0].startswith("PDFium cannot measure")


def test_display_transform_follows_rotate():
    box = (0.0, 0.0, 842.0, 1191.0)            # an A3 page, unrotated width 842, height 1191
    # a character box at user space x 114.6..123.7, y 889.4..898.5 (y up)
    assert _display_transform(box, 0)(114.6, 889.4, 123.7, 898.5) == pytest.approx((114.6, 292.5, 123.7, 301.6))
    # /Rotate 90 (clockwise): the page shows 1191 wide; x' = y, top' = x
    assert _display_transform(box, 90)(114.6, 889.4, 123.7, 898.5) == pytest.approx((889.4, 114.6, 898.5, 123.7))
    assert _display_transform(box, 180)(114.6, 889.4, 123.7, 898.5) == pytest.approx((718.3, 889.4, 727.4, 898.5))
    assert _display_transform(box, 270)(114.6, 889.4, 123.7, 898.5) == pytest.approx((292.5, 718.3, 301.6, 727.4))


def test_path_shapes_like_pdfminer():
    assert _shape([(0, 0), (10, 0)], False) == (0, 0, 10, 0, True)                 # a line
    rect = [(0, 0), (10, 0), (10, 5), (0, 5)]
    assert _shape(rect, True) == (0, 0, 10, 5, False)                               # re / closed
    assert _shape(rect + [(0, 0)], False) == (0, 0, 10, 5, False)
    assert _shape([(0, 0), (10, 2), (10, 5), (0, 5)], True) is None                  # not axis-aligned
    assert _shape([(0, 0), (10, 0), (10, 5)], False) is None                         # an open polyline
    assert _shape([(0, 0), None], False) is None                                     # a curve
