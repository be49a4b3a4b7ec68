"""The OCR reader: scans made here from corpus PDFs (pages rendered, turned a fraction of a
degree, speckled, written back as images: tests/scans.py) must give the cells written by hand
in tests/expected/corpus/, and every cell that differs must be under a failed check or below
the confidence threshold. Plus the pieces: number fixes, rulings and skew from pixels, the
--ocr modes and the message without the extra, and no network at run time.

The scan tests need the `ocr` extra (the test extra installs it) and ../shared; they skip
with a reason otherwise. They OCR a handful of pages only (a few seconds each).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import numpy as np
import pytest

import yusuan
from yusuan.chars import compact
from yusuan.errors import InputError
from yusuan.extract import imagerules, ocrengine
from yusuan.extract.ocrengine import Glyph
from yusuan.extract.ocrfix import fix_glyphs, fix_number
from yusuan.normalize.amounts import format_amount

from scans import make_scan

EXPECTED = Path(__file__).parent / "expected" / "corpus"
needs_ocr = pytest.mark.skipif(not ocrengine.available(),
                               reason="the OCR extra is not installed (pip install '.[ocr]')")

# The pages scanned: each a table whose every page is included, from three producers (Word
# and Excel in Jiangsu, Shanghai's 元 tables with a continuation page).
SCANNED = {
    "js_zhengxie_2019_yusuan_tables": [1, 9],
    "sh_putuo_shehuigongzuobu_2024_juesuan": [5, 10, 11],
    "js_fayuan_2019_yusuan": [8],
}


# ----------------------------------------------------------------------------- the pieces

@pytest.mark.parametrize("printed, number", [
    ("2O1", "201"), ("2O1O1", "20101"), ("l,234.56", "1,234.56"), ("13，377.11", "13,377.11"),
    ("1,234,56", "1,234.56"), ("12,34", "12.34"), ("534.77", "534.77"), ("-1.00", "-1.00"),
    ("１２．５", "12.5"),
])
def test_confusions_are_fixed_inside_numbers(printed, number):
    assert fix_number(printed) == number


@pytest.mark.parametrize("text", ["O类", "1.", "l.一般", "合计", "lO"])
def test_text_that_is_not_a_number_is_left(text):
    assert fix_number(text) is None


def _glyphs(text: str, width: float = 10.0) -> list[Glyph]:
    return [Glyph(ch, i * width, 0.0, (i + 1) * width, 20.0, 0.95) for i, ch in enumerate(text)]


def _text(glyphs) -> str:
    return "".join(g.text for g in glyphs)


def test_labels_are_never_changed_and_numbers_in_them_are():
    assert _text(fix_glyphs(_glyphs("l.一般公共预算"))) == "l.一般公共预算"
    assert _text(fix_glyphs(_glyphs("支出2O1O1"))) == "支出20101"


def test_a_stray_space_inside_a_number_goes_and_one_between_two_numbers_stays():
    assert _text(fix_glyphs(_glyphs("13, 377.11"))) == "13,377.11"
    two = fix_glyphs(_glyphs("100.00 200.00"))
    assert _text(two) == "100.00200.00"
    # the two keep their places: a gap of one character between them
    assert two[6].x0 - two[5].x1 == pytest.approx(10.0)


def _ruled_image(angle: float = 0.0) -> np.ndarray:
    """A white page with a 3 × 4 grid drawn 3 px thick, turned by `angle` degrees."""
    from PIL import Image, ImageDraw
    image = Image.new("L", (900, 600), 255)
    draw = ImageDraw.Draw(image)
    for y in (100, 200, 300, 400):
        draw.line([(100, y), (800, y)], fill=0, width=3)
    for x in (100, 400, 600, 800):
        draw.line([(x, 100), (x, 400)], fill=0, width=3)
    draw.text((150, 140), "1,234.56", fill=0)
    return np.asarray(image.rotate(angle, resample=Image.BICUBIC, fillcolor=255))


@pytest.mark.parametrize("angle", [0.0, 0.6, -0.35])
def test_skew_is_measured(angle):
    dark = imagerules.ink(_ruled_image(angle))
    # PIL turns counter-clockwise: the angle that turns the page back is the one measured
    assert imagerules.skew_angle(dark) == pytest.approx(-angle, abs=0.05)


def test_rulings_are_long_dark_runs():
    dark = imagerules.ink(_ruled_image())
    horizontal, vertical = imagerules.line_edges(dark, min_length=40)
    assert sorted(round(y) for y, _, _ in horizontal) == [100, 200, 300, 400]
    assert sorted(round(x) for x, _, _ in vertical) == [100, 400, 600, 800]
    for y, s, e in horizontal:
        assert s == pytest.approx(100, abs=3) and e == pytest.approx(800, abs=3)


def test_a_stroke_inside_recognized_text_is_no_ruling():
    dark = np.zeros((100, 300), dtype=bool)
    dark[50, 20:80] = True                      # a 60 px stroke of a large glyph
    dark[90, 10:290] = True                     # a long ruling crossing the text box too
    text = imagerules.text_mask(dark.shape, [(10, 40, 100, 95)])
    horizontal, _ = imagerules.line_edges(dark, 20, text=text, long_length=150)
    assert [round(y) for y, _, _ in horizontal] == [90]


# ----------------------------------------------------------------------------- modes

def _image_only_pdf(path: Path) -> Path:
    from PIL import Image, ImageDraw
    image = Image.new("L", (600, 400), 255)
    ImageDraw.Draw(image).rectangle([50, 50, 550, 350], outline=0, width=3)
    image.save(path, "PDF", resolution=72.0)
    return path


def test_ocr_never_keeps_todays_failure(tmp_path):
    pdf = _image_only_pdf(tmp_path / "scanned.pdf")
    with pytest.raises(InputError, match="has no text layer"):
        yusuan.read(pdf, yusuan.Settings(ocr="never"))


def test_without_the_extra_the_message_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setattr(ocrengine, "available", lambda: False)
    pdf = _image_only_pdf(tmp_path / "scanned.pdf")
    with pytest.raises(InputError) as e:
        yusuan.read(pdf)
    assert "has no text layer" in str(e.value) and "pip install 'yusuan[ocr]'" in str(e.value)
    with pytest.raises(InputError, match=r"yusuan\[ocr\]"):
        yusuan.read(pdf, yusuan.Settings(ocr="always"))


def test_unknown_ocr_mode_is_refused():
    with pytest.raises(ValueError, match="auto, always or never"):
        yusuan.Settings(ocr="sometimes")


def test_extract_and_ingest_take_ocr():
    from click.testing import CliRunner
    from yusuan.cli import main
    for command in ("extract", "ingest"):
        out = CliRunner().invoke(main, [command, "--help"]).output
        assert "--ocr [auto|always|never]" in out, command


# ----------------------------------------------------------------------------- scans

@pytest.fixture(scope="module")
def scans(tmp_path_factory):
    from conftest import CORPUS
    if not CORPUS.is_dir():
        pytest.skip(f"corpus PDFs not available: {CORPUS} is absent")
    if not ocrengine.available():
        pytest.skip("the OCR extra is not installed (pip install '.[ocr]')")
    folder = tmp_path_factory.mktemp("scans")
    out = {}
    for stem, pages in SCANNED.items():
        pdf = make_scan(CORPUS / f"{stem}.pdf", folder / f"{stem}.pdf", pages)
        out[stem] = (pdf, pages, yusuan.read(pdf))
    return out


def _load(stem: str) -> dict:
    with open(EXPECTED / f"{stem}.toml", "rb") as fh:
        return tomllib.load(fh)


def _expected_cells(stem: str, pages: list[int]):
    """The hand-written cells of tables printed wholly on the scanned pages, with the pages
    their table has in the scan."""
    exp = _load(stem)
    for cell in exp.get("cell", []):
        table = exp["table"][cell["table"] - 1]
        if all(p in pages for p in table["pages"]):
            yield cell, table, tuple(pages.index(p) + 1 for p in table["pages"])


@needs_ocr
def test_scans_have_no_text_layer_and_are_read_by_ocr(scans):
    import pypdfium2 as pdfium
    for stem, (pdf, pages, doc) in scans.items():
        document = pdfium.PdfDocument(str(pdf))
        try:
            assert all(document[i].get_textpage().count_chars() == 0 for i in range(len(document)))
        finally:
            document.close()
        assert doc.ocr_pages == tuple(range(1, len(pages) + 1)), stem
        assert all(doc.page_reader(p) == "ocr" for p in doc.ocr_pages)
        facts = doc.facts()
        amounts = facts[facts["value"].notna()]
        assert amounts["confidence"].notna().all(), stem


@needs_ocr
def test_scans_give_the_hand_written_cells(scans):
    """≥ 98% of the hand-written cells of the scanned tables come out of the scan exactly as
    printed, and each that does not is under a failed check or below the confidence
    threshold (so a user is told to look)."""
    total, right, unflagged = 0, 0, []
    for stem, (pdf, pages, doc) in scans.items():
        failed = {cell for c in doc.checks if c.status == "fail" for cell in c.cells}
        threshold = yusuan.Settings().ocr_min_confidence
        for cell, table, scan_pages in _expected_cells(stem, pages):
            total += 1
            tables = [t for t in doc.tables if t.pages == scan_pages]
            found = [(t, r, v) for t in tables for r in t.rows for col, v in r.values.items()
                     if r.name == cell["name"] and col == cell["column"]
                     and ("code" not in cell or (r.code or "") == cell["code"])
                     and ("side" not in cell or (r.side or "") == cell["side"])]
            if len(found) == 1 and format_amount(found[0][2]) == cell["value"]:
                right += 1
                continue
            where = f"{stem} {table['label'] or compact(table['title'])} {cell['name']} " \
                    f"{cell['column']} {cell['value']!r}"
            if len(found) != 1:
                unflagged.append(f"{where}: {len(found)} matching cells")
                continue
            t, r, v = found[0]
            conf = doc.confidence(r.page, v)
            if (t.no, r.row_no, cell["column"]) not in failed and (conf is None or conf >= threshold):
                unflagged.append(f"{where}: read {format_amount(v)!r}, confidence {conf}, no failed check")
    assert total >= 50
    assert right >= 0.98 * total, f"{right} of {total} right:\n" + "\n".join(unflagged)
    assert not unflagged, "\n".join(unflagged)


@needs_ocr
def test_scans_find_the_tables_of_the_text_layer(scans, corpus):
    """Same tables (title, pages) as the text layer of the same pages gives, and their
    identities pass as they do there."""
    for stem, (pdf, pages, doc) in scans.items():
        exp = _load(stem)
        want = [(compact(t["title"]), tuple(pages.index(p) + 1 for p in t["pages"]))
                for t in exp["table"] if all(p in pages for p in t["pages"])]
        got = [(compact(t.title), t.pages) for t in doc.tables]
        for w in want:
            assert w in got, f"{stem}: {w} not among {got}"
        assert doc.check_summary["passed"] > 0, stem


@needs_ocr
def test_ocr_needs_no_network(tmp_path, corpus):
    """The models ship in the wheel: with every socket refused, a scan is read, and read
    right though it is turned 1.2° and noisier than the others."""
    import json
    pdf = make_scan(corpus / "js_fayuan_2019_yusuan.pdf", tmp_path / "one.pdf", [8], angle=1.2,
                    noise=16.0, seed=3)
    code = textwrap.dedent(f"""
        import json, socket
        def refuse(*a, **k):
            raise OSError("network is off in this test")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse
        import yusuan
        from yusuan.normalize.amounts import format_amount
        doc = yusuan.read({str(pdf)!r})
        assert doc.ocr_pages == (1,), doc.ocr_pages
        print(json.dumps([[r.name, c, format_amount(v)] for t in doc.tables for r in t.rows
                          for c, v in r.values.items()], ensure_ascii=False))
    """)
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    cells = [cell for cell, _, _ in _expected_cells("js_fayuan_2019_yusuan", [8])]
    assert len(cells) >= 15
    wrong = [c for c in cells if [c["name"], c["column"], c["value"]] not in got]
    assert not wrong, wrong


# ----------------------------------------------------------------------------- code names

def test_a_name_one_or_two_characters_off_its_codes_known_name_is_put_right():
    from yusuan.normalize.ocr import reference_name
    assert reference_name("201", "function", "般公共服务支出") == "一般公共服务支出"
    assert reference_name("201", "function", "一般公共服务支岀") == "一般公共服务支出"
    assert reference_name("201", "function", "一般公共服务支出") is None      # right already
    assert reference_name("201", "function", "教育支出") is None              # another name
    assert reference_name("999", "function", "般公共服务支出") is None        # unknown code
    assert reference_name("201", None, "般公共服务支出") is None


def test_the_ocr_reading_is_kept_in_the_tables_warnings():
    from decimal import Decimal
    from yusuan.model import Column, Row, Table
    from yusuan.normalize.ocr import with_reference_names
    row = Row(1, 2, "般公共服务支出", {"金额": Decimal("1.00")}, code="201", code_system="function")
    table = Table(1, None, "t", None, "万元", (Column(("金额",)),), (row,), (2,))
    [fixed] = with_reference_names((table,), ocr_pages=(2,))
    assert fixed.rows[0].name == "一般公共服务支出"
    assert any("'般公共服务支出'" in w and "201" in w for w in fixed.warnings)
    # a page read from its text layer is never changed
    [kept] = with_reference_names((table,), ocr_pages=(3,))
    assert kept.rows[0].name == "般公共服务支出" and not kept.warnings


@needs_ocr
def test_always_reads_pages_with_a_text_layer_by_ocr_too(corpus):
    """--ocr always (a garbage text layer): every page is read from its image, and what it
    gives agrees with the text layer of the same page."""
    from yusuan.normalize.amounts import format_amount as fmt
    pdf = corpus / "hb_wuhanshi_2024_juesuan.pdf"
    layer = yusuan.read(pdf)
    scanned = yusuan.read(pdf, yusuan.Settings(ocr="always"))
    assert scanned.ocr_pages == (1,) and layer.ocr_pages == ()
    assert layer.facts()["confidence"].isna().all()

    def amounts(doc):
        return sorted(fmt(v) for t in doc.tables for r in t.rows for v in r.values.values()
                      if v is not None)
    want, got = amounts(layer), amounts(scanned)
    missing = list(want)
    for v in got:
        if v in missing:
            missing.remove(v)
    assert len(want) >= 20
    assert len(missing) <= 0.02 * len(want), missing


@needs_ocr
def test_outputs_say_what_ocr_read(scans, tmp_path):
    """The manifest records each page's reader and the OCR summary, the summary line says
    how many amounts a passing check covers, facts.csv and the store carry the confidence."""
    import json
    import pandas as pd
    from yusuan.batch import OK, described
    from yusuan.normalize.writers import write_document
    from yusuan.store import Store
    pdf, pages, doc = scans["sh_putuo_shehuigongzuobu_2024_juesuan"]
    folder = write_document(doc, tmp_path, "scan")
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert [p["reader"] for p in manifest["pages"]] == ["ocr"] * len(pages)
    summary = manifest["ocr"]
    assert summary["pages"] == list(range(1, len(pages) + 1))
    assert 0 < summary["checked"] <= summary["cells"]
    assert summary["low_confidence"] <= summary["cells"]
    line = described(pdf, doc, OK).line()
    assert f"OCR {len(pages)} page(s): {summary['checked']} of {summary['cells']} amounts under a " \
           f"passing check" in line
    facts = pd.read_csv(folder / "facts.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(facts.columns)[-1] == "confidence"
    assert (facts.loc[facts["value"] != "", "confidence"] != "").all()
    with Store(tmp_path / "s.duckdb") as store:
        store.load(doc, "test")
        n, low = store.con.execute("SELECT count(confidence), count(*) FILTER (confidence < 0.9) "
                                   "FROM facts").fetchone()
    assert n == (facts["value"] != "").sum() and low == summary["low_confidence"]


def test_text_layer_facts_have_an_empty_confidence(seed_doc):
    facts = seed_doc.facts()
    assert list(facts.columns)[-1] == "confidence" and facts["confidence"].isna().all()
    assert seed_doc.page_reader(1) == seed_doc.reader


def _mixed_pdf(corpus: Path, tmp_path: Path) -> Path:
    """Page 1 with a text layer (Wuhan's one-page 决算), page 2 a scan (Jiangsu's 公开01表)."""
    import pypdfium2 as pdfium
    scan = make_scan(corpus / "js_fayuan_2019_yusuan.pdf", tmp_path / "scan.pdf", [8])
    out = pdfium.PdfDocument.new()
    for path in (corpus / "hb_wuhanshi_2024_juesuan.pdf", scan):
        src = pdfium.PdfDocument(str(path))
        out.import_pages(src)
        src.close()
    target = tmp_path / "mixed.pdf"
    out.save(str(target))
    out.close()
    return target


def test_without_the_extra_a_scanned_page_among_others_is_a_warning(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(ocrengine, "available", lambda: False)
    doc = yusuan.read(_mixed_pdf(corpus, tmp_path))
    assert doc.ocr_pages == () and doc.tables
    assert any("page(s) 2 have no text layer" in w and "yusuan[ocr]" in w for w in doc.warnings)


@needs_ocr
def test_auto_reads_only_the_page_without_a_text_layer_by_ocr(corpus, tmp_path):
    doc = yusuan.read(_mixed_pdf(corpus, tmp_path))
    assert doc.ocr_pages == (2,)
    assert [doc.page_reader(p) for p in (1, 2)] == ["pdf", "ocr"]
    facts = doc.facts()
    assert facts.loc[facts["page"] == 1, "confidence"].isna().all()
    on_scan = facts[(facts["page"] == 2) & facts["value"].notna()]
    assert len(on_scan) >= 10 and on_scan["confidence"].notna().all()
    assert "1 page(s) read by OCR: 2" in doc.warnings


def test_an_unsure_digit_is_kept_and_makes_its_number_unsure(monkeypatch):
    """A digit the recognizer is unsure of stays in its number (dropped, it would change the
    number silently), and the number gets that digit's confidence."""
    from yusuan.extract import ocrreader
    from yusuan.extract.ocrengine import Word
    glyphs = tuple(Glyph(ch, 100 + 10 * i, 100, 110 + 10 * i, 120, 0.15 if ch == "3" else 0.99)
                   for i, ch in enumerate("1,234.56"))
    monkeypatch.setattr(ocrreader, "_recognize", lambda gray, side=0: ([Word(glyphs, 0.8)], None))
    gray = np.full((400, 600), 255, dtype=np.uint8)
    gray[100:120, 100:180] = 0
    page = ocrreader.read_image(gray, 1, 600.0, 400.0, yusuan.Settings())
    assert "".join(c.text for c in page.chars) == "1,234.56"
    assert page.numbers == (("1,234.56", 0.15),)


def test_symbols_alone_are_no_text(monkeypatch):
    """A filled box read as ■ (or a lone dash) is not text: a page of such is a page without
    text, and a document of such pages says so."""
    from yusuan.extract import ocrreader
    from yusuan.extract.ocrengine import Word
    box = (Glyph("■", 10, 10, 50, 50, 0.7),)
    monkeypatch.setattr(ocrreader, "_recognize", lambda gray, side=0: ([Word(box, 0.7)], None))
    page = ocrreader.read_image(np.full((100, 100), 255, dtype=np.uint8), 1, 100.0, 100.0,
                                yusuan.Settings())
    assert page.chars == ()
