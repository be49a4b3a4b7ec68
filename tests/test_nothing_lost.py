"""Nothing lost (issue 9): a failure inside one table never fails the document, and what went
missing is said. Every PDF is drawn here (tests/pdfdraw.py) with hand-written tables; in every
case the other tables come out whole, cell for cell as drawn."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("reportlab", reason="reportlab draws these PDFs (pip install '.[test]')")

import yusuan  # noqa: E402
from yusuan.batch import OK, Job, extract_one  # noqa: E402
from yusuan.model import AMOUNT, NAME, TEXT, Column, RawDocument, RawRow, RawTable  # noqa: E402
from yusuan.normalize import salvage, tables as tables_mod  # noqa: E402
from yusuan.normalize.document import build_document  # noqa: E402
from yusuan.normalize.frames import table_columns  # noqa: E402
from yusuan.normalize.labels import missing_labels  # noqa: E402
from yusuan.normalize.writers import write_document  # noqa: E402
from yusuan.settings import Settings  # noqa: E402

from pdfdraw import Sheet, titled_table  # noqa: E402

D = Decimal
# three tables a test draws; each 合计 equals its rows in every column
HEADER = ["项目", "合计", "财政拨款", "其他收入"]
T1 = [["合计", "30.00", "20.00", "10.00"], ["行政运行", "18.00", "12.00", "6.00"],
      ["一般行政管理事务", "12.00", "8.00", "4.00"]]
T2 = [["合计", "7.50", "5.00", "2.50"], ["机关服务", "7.50", "5.00", "2.50"]]
T3 = [["合计", "100.00", "60.00", "40.00"], ["事业运行", "100.00", "60.00", "40.00"]]


def cells(table) -> dict:
    """{(row name, column): value} of a typed table, amounts only."""
    return {(r.name, k): v for r in table.rows for k, v in r.values.items()}


def drawn(rows) -> dict:
    return {(r[0], h): (D(v) if v else None) for r in rows for h, v in zip(HEADER[1:], r[1:])}


def three_tables(path: Path, *, header2=None, labels=("表1", "表2", "表3")) -> Path:
    s = Sheet(path)
    titled_table(s, labels[0], "2024年部门收入总表", HEADER, T1)
    s.page()
    titled_table(s, labels[1], "2024年部门支出总表", header2 or HEADER, T2)
    s.page()
    titled_table(s, labels[2], "2024年部门财政拨款收支总表", HEADER, T3)
    return s.save()


def assert_whole(doc, no: int, rows) -> None:
    assert cells(doc.table(no)) == drawn(rows)


# --------------------------------------------------------------- header paths printed twice

def test_a_header_path_printed_twice_is_made_unique_with_a_warning(tmp_path):
    path = three_tables(tmp_path / "twice.pdf", header2=["项目", "预算数", "预算数", "其他收入"])
    doc = yusuan.read(path)
    t = doc.table("表2")
    assert [c.key for c in t.columns] == ["项目", "预算数", "预算数(2)", "其他收入"]
    assert cells(t) == {("合计", "预算数"): D("7.50"), ("合计", "预算数(2)"): D("5.00"),
                        ("合计", "其他收入"): D("2.50"), ("机关服务", "预算数"): D("7.50"),
                        ("机关服务", "预算数(2)"): D("5.00"), ("机关服务", "其他收入"): D("2.50")}
    assert any(w.startswith("page 2: header path 预算数 printed twice") and w.endswith("预算数(2)")
               for w in t.warnings), t.warnings
    assert_whole(doc, 1, T1)
    assert_whole(doc, 3, T3)
    out = write_document(doc, tmp_path / "out", "twice")
    assert (out / "tables" / "02_2024年部门支出总表.csv").read_text("utf-8-sig").splitlines()[0] == \
        "row_no,code,name,ordinal,level,parent_code,预算数,预算数(2),其他收入,page"


def _two_sided_with_notes() -> RawTable:
    """收入 | 备注 | 支出 | 备注: both sides print a 备注 text column under one path (the
    header of a city's budget table that failed its whole document: column names clash)."""
    cols = (Column(("项目",), NAME), Column(("预算数",), AMOUNT), Column(("备注",), TEXT),
            Column(("项目",), NAME), Column(("预算数",), AMOUNT), Column(("备注",), TEXT))
    # totals printed 合计 on both sides, so the sides cannot be named from them either
    rows = (RawRow(3, ("税收收入", "12.00", "新增", "一般公共服务支出", "5.00", None)),
            RawRow(3, ("合计", "12.00", None, "合计", "12.00", "含调入")))
    return RawTable(label=None, title="", columns=cols, rows=rows, pages=(3,))


def test_text_columns_printed_on_both_sides_no_longer_fail_the_document(tmp_path):
    raw = RawDocument(source=str(tmp_path / "city.pdf"), sha256="a" * 64, reader="pdf",
                      page_count=3, tables=(_two_sided_with_notes(),), text="")
    doc = build_document(raw)
    t = doc.tables[0]
    assert [c.key for c in t.columns if c.role == TEXT] == ["备注", "备注(2)"]
    assert any("header path 备注 printed twice" in w and w.startswith("page 3:") for w in t.warnings)
    names = table_columns(t).names       # raised "column names clash" before
    assert names.count("备注") == 1 and "备注(2)" in names
    assert {(r.name, r.side): (dict(r.values), dict(r.texts)) for r in t.rows} == {
        ("税收收入", "side1"): ({"预算数": D("12.00")}, {"备注": "新增"}),
        ("一般公共服务支出", "side2"): ({"预算数": D("5.00")}, {"备注(2)": None}),
        ("合计", "side1"): ({"预算数": D("12.00")}, {"备注": None}),
        ("合计", "side2"): ({"预算数": D("12.00")}, {"备注(2)": "含调入"})}
    write_document(doc, tmp_path / "out", "city")


def test_two_amount_columns_of_one_path_keep_both_values():
    """Without a suffix the second amount overwrote the first in the row's values."""
    cols = (Column(("项目",), NAME), Column(("金额",), AMOUNT), Column(("金额",), AMOUNT))
    raw = RawTable(label="表9", title="测试表", columns=cols, rows=(RawRow(5, ("甲", "1.00", "2.00")),),
                   pages=(5,))
    t = tables_mod.normalize_table(raw, 1)
    assert dict(t.rows[0].values) == {"金额": D("1.00"), "金额(2)": D("2.00")}
    assert t.warnings == ("page 5: header path 金额 printed twice: the later column is named 金额(2)",)


# --------------------------------------------------------------- an exception inside one table

def _planted(monkeypatch, target, name, when):
    """Make target.name raise RuntimeError("planted") when `when(*args)` holds."""
    original = getattr(target, name)

    def wrapper(*args, **kwargs):
        if when(*args, **kwargs):
            raise RuntimeError("planted")
        return original(*args, **kwargs)
    monkeypatch.setattr(target, name, wrapper)


def test_an_exception_building_one_table_keeps_it_by_position(tmp_path, monkeypatch):
    path = three_tables(tmp_path / "planted.pdf")
    # the levels of table 2's rows (机关服务) cannot be worked out: a bug of ours
    _planted(monkeypatch, tables_mod, "_levels_from_indent",
             lambda drafts: any(d["name"] == "机关服务" for _, _, d in drafts))
    doc = yusuan.read(path)
    assert [t.label for t in doc.tables] == ["表1", "表2", "表3"]
    assert_whole(doc, 1, T1)
    assert_whole(doc, 3, T3)
    t = doc.table("表2")
    assert t.header_source == "generic"
    assert [(c.key, c.role) for c in t.columns] == [("列1", NAME), ("列2", AMOUNT), ("列3", AMOUNT),
                                                    ("列4", AMOUNT)]
    assert [(r.name, r.page, dict(r.values)) for r in t.rows] == [
        ("合计", 2, {"列2": D("7.50"), "列3": D("5.00"), "列4": D("2.50")}),
        ("机关服务", 2, {"列2": D("7.50"), "列3": D("5.00"), "列4": D("2.50")})]
    assert t.warnings[-1] == ("page 2, table 表2 2024年部门支出总表: could not be read "
                              "(RuntimeError: planted); kept with columns named by position")


def test_a_table_that_cannot_be_built_at_all_is_reported_not_dropped(tmp_path, monkeypatch):
    path = three_tables(tmp_path / "planted.pdf")
    _planted(monkeypatch, salvage, "normalize_table", lambda raw, *a, **k: raw.label == "表2")
    _planted(monkeypatch, salvage, "positional_table", lambda raw, *a, **k: raw.label == "表2")
    out_dir = tmp_path / "out"
    outcome = extract_one(path, "planted", Job(out_dir, ("csv",), Settings()))
    assert outcome.status == OK, outcome.error
    manifest = json.loads((out_dir / "planted" / "manifest.json").read_text("utf-8"))
    listed = {t["label"]: t for t in manifest["tables"]}
    assert list(listed) == ["表1", "表2", "表3"]
    assert listed["表2"]["rows"] == 0 and listed["表2"]["pages"] == [2]
    assert listed["表2"]["warnings"][-1] == (
        "page 2, table 表2 2024年部门支出总表: could not be read (RuntimeError: planted; by "
        "position: RuntimeError: planted); its rows are left out")
    assert listed["表1"]["rows"] == 3 and listed["表3"]["rows"] == 2
    assert any("表2" in w and "left out" in w for w in outcome.warnings)
    assert outcome.facts == 3 * 3 + 2 * 3


def test_an_exception_reading_one_grid_costs_that_table_only(tmp_path, monkeypatch):
    from yusuan.extract import pdf as pdf_mod
    path = three_tables(tmp_path / "grid.pdf")

    class Failing(pdf_mod.GridTable):
        def piece(self):
            if self.page == 2:
                raise RuntimeError("planted")
            return super().piece()
    monkeypatch.setattr(pdf_mod, "GridTable", Failing)
    doc = yusuan.read(path)
    assert [(t.label, t.title, t.pages) for t in doc.tables] == [
        ("表1", "2024年部门收入总表", (1,)), ("表2", "2024年部门支出总表", (2,)),
        ("表3", "2024年部门财政拨款收支总表", (3,))]
    assert doc.table("表2").rows == ()
    assert "page 2: table 表2 2024年部门支出总表 could not be read (RuntimeError: planted); " \
           "its rows are left out" in doc.table("表2").warnings
    assert_whole(doc, 1, T1)
    assert_whole(doc, 3, T3)


def test_an_exception_in_the_unruled_reading_is_a_page_warning(tmp_path, monkeypatch):
    from yusuan.extract import unruled
    path = three_tables(tmp_path / "unruled.pdf")
    _planted(monkeypatch, unruled, "find_unruled", lambda lines, page, *a, **k: page == 3)
    doc = yusuan.read(path)
    assert any(w.startswith("page 3: tables without rulings could not be read (RuntimeError: "
                            "planted)") for w in doc.warnings), doc.warnings
    for no, rows in ((1, T1), (2, T2), (3, T3)):       # the ruled tables are all there
        assert_whole(doc, no, rows)


# --------------------------------------------------------------- labels that skip one

def test_a_label_the_sequence_skips_is_reported(tmp_path):
    path = three_tables(tmp_path / "labels.pdf", labels=("公开01表", "公开02表", "公开04表"))
    doc = yusuan.read(path)
    assert [t.label for t in doc.tables] == ["公开01表", "公开02表", "公开04表"]
    assert ("公开03表 missing: the printed labels skip from 公开02表 (page 2) to 公开04表 "
            "(page 3); a table there was not found") in doc.warnings


class _T:
    def __init__(self, no, label, page):
        self.no, self.label, self.pages = no, label, (page,)


@pytest.mark.parametrize("labels, missing", [
    (["表1", "表2", "表4", "表5"], ["表3"]),
    (["表一", "表二", "表四"], ["表三"]),
    (["表九", "表十", "表十二"], ["表十一"]),
    (["附表1", "附表2", "附表3"], []),
    (["表1", "表1-1", "表1-3", "表2"], ["表1-2"]),
    (["公开01表", "公开05表"], ["公开02表 … 公开04表 (3 labels)"]),
    (["表1", "公开02表"], []),                   # two families of one table each
])
def test_label_gaps(labels, missing):
    found = missing_labels([_T(n, label, n) for n, label in enumerate(labels, 1)])
    assert [w.split(" missing:")[0] for w in found] == missing


# --------------------------------------------------------------- pages that yield nothing

def test_a_page_without_characters_between_pages_with_text_is_reported(tmp_path):
    s = Sheet(tmp_path / "blank.pdf")
    titled_table(s, "表1", "2024年部门收入总表", HEADER, T1)
    s.page()
    s.page()                                   # page 2: nothing on it
    titled_table(s, "表2", "2024年部门支出总表", HEADER, T2)
    s.page()
    s.page()                                   # page 4, the last: a blank back page is fine
    doc = yusuan.read(s.save())
    assert doc.page_count == 4
    silent = [w for w in doc.warnings if "no characters" in w]
    assert silent == ["page 2: no characters, while pages 1 and 3 have text (a damaged page, "
                      "or a scanned image: what it prints is not read)"]
    assert_whole(doc, 1, T1)
    assert_whole(doc, 2, T2)


def _plain_pdf(path: Path, pages: int) -> bytes:
    """Latin text only (PDFium measures the standard fonts), content streams uncompressed."""
    from reportlab.pdfgen import canvas
    c = canvas.Canvas(str(path), pageCompression=0)
    for i in range(1, pages + 1):
        c.setFont("Helvetica", 12)
        c.drawString(72, 700, f"PAGEMARK{i} budget notes 123.45")
        c.showPage()
    c.save()
    return path.read_bytes()


def test_a_damaged_content_stream_is_reported(tmp_path):
    data = _plain_pdf(tmp_path / "p.pdf", 3)
    m = next(m for m in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S)
             if b"PAGEMARK2" in m.group(1))
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(data[:m.start(1)] + b"\x00" * len(m.group(1)) + data[m.end(1):])
    for reader in ("pdfium", "pdfplumber"):
        doc = yusuan.read(damaged, reader=reader)
        assert doc.page_count == 3
        assert [w for w in doc.warnings if "no characters" in w] == [
            "page 2: no characters, while pages 1 and 3 have text (a damaged page, or a scanned "
            "image: what it prints is not read)"], reader


def test_a_page_pdfium_cannot_load_is_a_warning_not_a_failed_document(tmp_path):
    data = _plain_pdf(tmp_path / "p.pdf", 4)
    # page 3's page object: its dictionary replaced by a string of the same length
    objects = list(re.finditer(rb"(\d+) 0 obj\n(<<.*?>>)\nendobj", data, re.S))
    page3 = [m for m in objects if b"/Type /Page\n" in m.group(2)][2]
    body = page3.group(2)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(data[:page3.start(2)] + b"(" + b"x" * (len(body) - 2) + b")"
                       + data[page3.end(2):])
    doc = yusuan.read(broken, reader="pdfium")
    assert doc.page_count == 4
    assert "page 3: cannot be read (PDFium could not load it); it is left out" in doc.warnings
    assert not [w for w in doc.warnings if "no characters" in w]       # said once
    from yusuan.extract import read_raw
    pages = read_raw(broken, reader="pdfium").text.split("\f")
    assert [("PAGEMARK" in p) for p in pages] == [True, True, False, True]   # the others read
    outcome = extract_one(broken, "broken", Job(tmp_path / "out", ("csv",), Settings(),
                                                reader="pdfium"))
    assert outcome.status == OK and outcome.pages == 4


def test_an_exception_placing_one_piece_in_the_flow_costs_that_table_only(tmp_path, monkeypatch):
    from yusuan.extract import pdf as pdf_mod
    path = three_tables(tmp_path / "flow.pdf")
    _planted(monkeypatch, pdf_mod.Flow, "_append", lambda self, cur, piece, first=False: piece.page == 2)
    doc = yusuan.read(path)
    assert [(t.label, t.title, t.pages) for t in doc.tables] == [
        ("表1", "2024年部门收入总表", (1,)), ("表2", "2024年部门支出总表", (2,)),
        ("表3", "2024年部门财政拨款收支总表", (3,))]
    assert_whole(doc, 1, T1)
    assert_whole(doc, 3, T3)
    assert doc.table("表2").rows == ()
    assert doc.table("表2").warnings == ("page 2: table 表2 2024年部门支出总表 could not be read "
                                        "(RuntimeError: planted); its rows are left out",)


def test_a_page_pdfplumber_skips_is_reported(tmp_path):
    """pdfminer leaves out a page object it cannot parse, without a word: the page tree's
    count tells, and the document says so (page 3 of 4 broken, as above)."""
    data = _plain_pdf(tmp_path / "p.pdf", 4)
    objects = list(re.finditer(rb"(\d+) 0 obj\n(<<.*?>>)\nendobj", data, re.S))
    page3 = [m for m in objects if b"/Type /Page\n" in m.group(2)][2]
    body = page3.group(2)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(data[:page3.start(2)] + b"(" + b"x" * (len(body) - 2) + b")"
                       + data[page3.end(2):])
    doc = yusuan.read(broken, reader="pdfplumber")
    assert doc.page_count == 4
    assert ("page 4: cannot be read (the PDF declares 4 pages, pdfplumber finds 3: a page object "
            "is damaged (pages after it may be numbered one early)); it is left out") in doc.warnings


def test_a_label_printed_without_a_table_under_it_is_reported(tmp_path):
    s = Sheet(tmp_path / "orphan.pdf")
    s.title("目录")                            # a contents page lists labels: no warning
    for line in ("表1 2024年部门收入总表", "表2 2024年部门支出总表", "表3 2024年部门财政拨款收支总表"):
        s.text(line)
    s.page()
    titled_table(s, "表1", "2024年部门收入总表", HEADER, T1)
    s.page()
    s.text("表2", size=10)
    s.title("2024年部门支出总表")
    s.text("（此表以图片印制）")                  # its table is not in the text layer
    s.page()
    titled_table(s, "表3", "2024年部门财政拨款收支总表", HEADER, T3)
    doc = yusuan.read(s.save())
    assert [t.label for t in doc.tables] == ["表1", "表3"]
    assert [w for w in doc.warnings if "no table was found" in w] == [
        "page 3: 表2 2024年部门支出总表 is printed, but no table was found under it (an image, "
        "or a layout yusuan cannot read)"]
    assert "表2 missing: the printed labels skip from 表1 (page 2) to 表3 (page 4); a table " \
           "there was not found" in doc.warnings
    assert_whole(doc, 1, T1)
    assert_whole(doc, 2, T3)


def test_columns_that_would_clash_in_the_tidy_table_fall_back_to_positions(tmp_path, monkeypatch):
    """Should the names still clash (a case unique_columns does not foresee), the table is
    built by position before anything is written, instead of failing the write."""
    monkeypatch.setattr(tables_mod, "unique_columns", lambda columns: (columns, []))
    raw = RawDocument(source=str(tmp_path / "city.pdf"), sha256="b" * 64, reader="pdf",
                      page_count=3, tables=(_two_sided_with_notes(),), text="")
    doc = build_document(raw)
    t = doc.tables[0]
    assert t.header_source == "generic" and [c.key for c in t.columns][:2] == ["列1", "列2"]
    assert "column names clash" in t.warnings[-1] and t.warnings[-1].startswith("page 3, table no. 1:")
    assert [r.name for r in t.rows] == ["税收收入", "合计"]
    write_document(doc, tmp_path / "out", "city")


def test_validate_lists_what_went_missing(tmp_path):
    from click.testing import CliRunner
    from yusuan import cli
    path = three_tables(tmp_path / "labels.pdf", labels=("公开01表", "公开02表", "公开04表"))
    result = CliRunner().invoke(cli.main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "Warnings:\n" in result.output
    assert "  ! 公开03表 missing: the printed labels skip from 公开02表 (page 2) to 公开04表 " \
           "(page 3); a table there was not found" in result.output
