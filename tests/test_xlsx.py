"""Excel workbooks, opened with openpyxl: sheets, merged header ranges, number formats, outline
levels and values against the tables written by hand (tests/expected/taishan_2024_tables.txt),
failed checks red, formula-looking text kept as text, too many digits kept as text."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SAMPLE

import yusuan
from yusuan import cli
from yusuan.model import Column, Row, Table
from yusuan.normalize.writers import write_document
from yusuan.normalize.xlsx import header_merges, sheet_names, write_workbook

openpyxl = pytest.importorskip("openpyxl")

HEADER_ROW = 6          # 1-based: title, 单位, 页码, 检查, a blank row, then the printed header


@pytest.fixture(scope="module")
def sample_book(tmp_path_factory):
    doc = yusuan.read(SAMPLE)
    path = tmp_path_factory.mktemp("xlsx") / "sample.xlsx"
    assert write_workbook(doc, path) == []
    return openpyxl.load_workbook(path)


def merged(ws) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


def test_sheets_in_document_order(sample_book):
    assert sample_book.sheetnames == [f"表{n}" for n in range(1, 13)] + ["checks", "facts", "indicators"]


def test_title_unit_pages_and_check_summary_rows(sample_book):
    ws = sample_book["表3"]
    assert ws["A1"].value == "表3 支出总体情况表（单位：万元）"
    assert ws["A2"].value == "单位：万元"
    assert ws["A3"].value == "页码：8"
    assert ws["A4"].value.startswith("检查：通过 ") and "未通过 0" in ws["A4"].value
    assert sample_book["表1"]["A3"].value == "页码：4–5"


def test_header_is_merged_as_printed(sample_book):
    # 表3 prints 功能分类科目 over 科目编码 | 科目名称, and one-row labels 合计 … 结转下年
    ws = sample_book["表3"]
    assert merged(ws) == {"A6:B6", "C6:C7", "D6:D7", "E6:E7", "F6:F7", "G6:G7", "H6:H7", "I6:I7",
                          "J6:J7", "K6:K7"}
    assert [ws.cell(6, c).value for c in range(1, 12)] == [
        "功能分类科目", None, "级次", "合计", "基本支出", "项目支出", "事业单位经营支出",
        "对附属单位补助支出", "上缴上级支出", "结转下年", "页码"]
    assert [ws.cell(7, c).value for c in (1, 2)] == ["科目编码", "科目名称"]
    # 表2: 财政拨款收入 over three columns, 财政专户拨款收入 over two, 其他资金收入 over three
    ws = sample_book["表2"]
    assert {"A6:B6", "E6:G6", "H6:I6", "J6:L6", "D6:D7", "M6:M7"} <= merged(ws)
    assert [ws.cell(6, c).value for c in (5, 8, 10)] == ["财政拨款收入", "财政专户拨款收入", "其他资金收入"]
    assert [ws.cell(7, c).value for c in (5, 6, 7)] == ["一般公共预算", "政府性基金预算", "国有资本经营预算"]


def test_values_levels_and_number_formats_match_the_hand_written_tables(sample_book, expected):
    for table in expected:
        ws = sample_book[table.label]
        level_col, name_col = _col(ws, "级次"), _col(ws, "name")
        first = _first_body_row(ws)
        col_of = {_header_path(ws, c, first - HEADER_ROW): c
                  for c in range(level_col + 1, ws.max_column + 1)}
        assert set(table.columns) <= set(col_of), table.label
        for n, row in enumerate(table.rows):
            r = first + n
            assert ws.cell(r, name_col).value == row.name, (table.label, r)
            assert ws.cell(r, level_col).value == row.level
            # 类 rows stay visible, their 款 and 项 are grouped below them
            assert ws.row_dimensions[r].outline_level == max(row.level - 1, 0), (table.label, row.name)
            if row.code:
                assert ws.cell(r, 1 + (ws.cell(HEADER_ROW, 1).value == "收支")).value == row.code
            for local, text in zip(table.columns, row.amounts):
                cell = ws.cell(r, col_of[local])
                if text == "":
                    assert cell.value is None
                    continue
                assert Decimal(str(cell.value)) == Decimal(text), (table.label, row.name, local)
                places = len(text.split(".")[1]) if "." in text else 0
                assert cell.number_format == "#,##0" + ("." + "0" * places if places else "")


def _header_path(ws, c: int, depth: int) -> str:
    """A column's header path read off the sheet: a merged cell counts in the row it starts."""
    parts = []
    for r in range(HEADER_ROW, HEADER_ROW + depth):
        cell = ws.cell(r, c)
        span = next((m for m in ws.merged_cells.ranges if cell.coordinate in m), None)
        if span is None:
            value = cell.value
        else:
            value = ws.cell(span.min_row, span.min_col).value if span.min_row == r else None
        if value is not None:
            parts.append(value)
    return "/".join(parts)


def _first_body_row(ws) -> int:
    r = HEADER_ROW
    while not isinstance(ws.cell(r, _col(ws, "级次")).value, int):
        r += 1
    return r


def _col(ws, what: str) -> int:
    """The column of 级次, or of the names (left of 级次, of 序号 and of 项目路径 when printed)."""
    row = [ws.cell(HEADER_ROW, c).value for c in range(1, ws.max_column + 1)]
    level = row.index("级次") + 1
    if what == "级次":
        return level
    c = level - 1
    while row[c - 1] in ("序号", "项目路径"):
        c -= 1
    return c


def test_two_sided_table_has_a_side_column(sample_book):
    ws = sample_book["表1"]
    assert ws.cell(HEADER_ROW, 1).value == "收支"
    assert ws.cell(7, 1).value == "收入"


def test_checks_sheet_lists_failures_first_and_facts_sheet_is_the_long_table(tmp_path):
    # the sample with 表3's 合计 printed 534.87 instead of 534.77: its column and total
    # checks fail (489.67 + 45.10 = 534.77)
    text = SAMPLE.read_text("utf-8")
    line = "合计 534.77 489.67 45.10 0.00 0.00 0.00 0.00\n"
    assert text.count(line) == 1
    src = tmp_path / "wrong.txt"
    src.write_text(text.replace(line, line.replace("534.77", "534.87")), "utf-8")
    doc = yusuan.read(src)
    failed = [c for c in doc.checks if c.status == "fail"]
    assert failed
    path = tmp_path / "wrong.xlsx"
    write_workbook(doc, path)
    book = openpyxl.load_workbook(path)
    checks = book["checks"]
    statuses = [checks.cell(r, 1).value for r in range(2, checks.max_row + 1)]
    assert statuses[:len(failed)] == ["fail"] * len(failed) and "fail" not in statuses[len(failed):]
    assert len(statuses) == len(doc.checks)
    assert checks.cell(2, 1).fill.fgColor.rgb.endswith("FFC7CE")
    assert checks.cell(2 + len(failed), 1).fill.fgColor.rgb in (None, "00000000")
    ws = book["表3"]
    assert "未通过 0" not in ws["A4"].value and ws["A4"].fill.fgColor.rgb.endswith("FFC7CE")
    row = next(r for r in range(8, ws.max_row + 1) if ws.cell(r, 2).value == "合计")
    assert ws.cell(row, 4).value == 534.87
    assert ws.cell(row, 4).fill.fgColor.rgb.endswith("FFC7CE")          # the total found
    first = next(r for r in range(8, ws.max_row + 1) if ws.cell(r, 1).value == "2012901")
    assert not ws.cell(first, 4).fill.fgColor.rgb.endswith("FFC7CE")     # a cell no failure covers
    facts = book["facts"]
    assert facts.max_row == 1 + len(doc.facts())
    header = [facts.cell(1, c).value for c in range(1, facts.max_column + 1)]
    from yusuan.normalize.frames import FACT_COLUMNS
    assert header == list(FACT_COLUMNS)


def test_every_corpus_pdf_gives_a_workbook_that_opens(corpus, tmp_path):
    for pdf in sorted(corpus.glob("*.pdf")):
        doc = yusuan.read(pdf)
        path = tmp_path / f"{pdf.stem}.xlsx"
        write_workbook(doc, path)
        book = openpyxl.load_workbook(path)
        assert book.sheetnames == sheet_names(doc) + ["checks", "facts", "indicators"], pdf.name
        assert len(book.sheetnames) == len(doc.tables) + 3
        for table, name in zip(doc.tables, sheet_names(doc)):
            assert book[name]["A1"].value.endswith(f"（单位：{table.unit or '（未印）'}）")


def _table(rows, columns=None) -> Table:
    columns = columns or (Column(("项目",), "name"), Column(("金额",)))
    return Table(1, "表1", "测试表", None, "元", columns, tuple(rows), (1,))


def test_text_that_excel_would_read_as_a_formula_stays_text(seed_doc, tmp_path):
    rows = [Row(1, 1, "=HYPERLINK(\"http://x\")", {"金额": Decimal("1.00")}),
            Row(2, 1, "@SUM(A1)", {"金额": Decimal("2.00")}), Row(3, 1, "普通", {"金额": None})]
    doc = replace(seed_doc, tables=(_table(rows),), checks=())
    path = tmp_path / "f.xlsx"
    write_workbook(doc, path)
    ws = openpyxl.load_workbook(path)["表1"]
    cells = [ws.cell(r, 1) for r in range(7, 10)]
    assert [c.value for c in cells] == ["=HYPERLINK(\"http://x\")", "@SUM(A1)", "普通"]
    assert [c.data_type for c in cells] == ["s", "s", "s"]           # strings, not formulas
    assert [c.quotePrefix for c in cells] == [True, True, False]
    assert ws.cell(9, 3).value is None                                # blank stays blank


def test_more_than_15_digits_is_text_with_a_warning(seed_doc, tmp_path):
    rows = [Row(1, 1, "大数", {"金额": Decimal("1234567890123456.78")}),
            Row(2, 1, "小数", {"金额": Decimal("123456789012.345")})]
    doc = replace(seed_doc, tables=(_table(rows),), checks=())
    warnings = write_workbook(doc, tmp_path / "d.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "d.xlsx")["表1"]
    assert ws.cell(7, 3).value == "1234567890123456.78" and ws.cell(7, 3).data_type == "s"
    assert ws.cell(8, 3).value == 123456789012.345 and ws.cell(8, 3).number_format == "#,##0.000"
    assert len([w for w in warnings if "1234567890123456.78" in w and "15 significant" in w]) >= 1


def test_header_merges_rebuild_the_tree():
    paths = [("项目", "编码"), ("项目", "名称"), ("合计",), ("财政拨款", "小计"), ("财政拨款", "一般公共预算")]
    assert header_merges(paths) == [
        (0, 0, 0, 1, "项目"), (0, 2, 1, 2, "合计"), (0, 3, 0, 4, "财政拨款"),
        (1, 0, 1, 0, "编码"), (1, 1, 1, 1, "名称"), (1, 3, 1, 3, "小计"), (1, 4, 1, 4, "一般公共预算")]


def test_extract_format_xlsx_writes_workbooks_and_summary(tmp_path):
    result = CliRunner().invoke(cli.main, ["extract", str(SAMPLE), "-o", str(tmp_path),
                                           "--format", "csv,xlsx", "-j", "1"])
    assert result.exit_code == 0, result.output
    book = tmp_path / SAMPLE.stem / f"{SAMPLE.stem}.xlsx"
    assert openpyxl.load_workbook(book).sheetnames[0] == "表1"
    summary = openpyxl.load_workbook(tmp_path / "summary.xlsx")["summary"]
    assert [summary.cell(1, c).value for c in (1, 2, 3, 4)] == ["file", "status", "pages", "tables"]
    assert (summary.cell(2, 2).value, summary.cell(2, 3).value, summary.cell(2, 4).value) == ("ok", 23, 12)
    import json
    manifest = json.loads((tmp_path / SAMPLE.stem / "manifest.json").read_text("utf-8"))
    assert manifest["workbook"] == {"xlsx": f"{SAMPLE.stem}.xlsx", "warnings": []}
    assert not list((tmp_path / SAMPLE.stem / "tables").glob("*.parquet"))   # csv,xlsx only


def test_write_document_xlsx_only(tmp_path, seed_doc):
    out = write_document(seed_doc, tmp_path, "doc", formats=("xlsx",))
    assert (out / "doc.xlsx").exists() and not list(out.rglob("*.csv"))


CORPUS_EXPECTED = sorted((Path(__file__).parent / "expected" / "corpus").glob("*.toml"))


@pytest.mark.parametrize("path", CORPUS_EXPECTED, ids=[p.stem for p in CORPUS_EXPECTED])
def test_corpus_workbooks_hold_the_hand_checked_cells(corpus, path, tmp_path):
    """Every hand-checked cell of tests/expected/corpus is found on its table's sheet: in the
    row of that name (code, side) and the column whose merged header reads its path."""
    import tomllib
    with open(path, "rb") as fh:
        exp = tomllib.load(fh)
    cells = exp.get("cell", [])
    if not cells:
        pytest.skip(f"{path.name} checks no cells (a text-only PDF or a blank template)")
    doc = yusuan.read(corpus / exp["source"])
    book_path = tmp_path / "b.xlsx"
    write_workbook(doc, book_path)
    book = openpyxl.load_workbook(book_path)
    names = sheet_names(doc)
    wrong = []
    for cell in cells:
        ws = book[names[cell["table"] - 1]]
        level_col, name_col = _col(ws, "级次"), _col(ws, "name")
        first = _first_body_row(ws)
        heads = [ws.cell(HEADER_ROW, c).value for c in range(1, ws.max_column + 1)]
        side = cell.get("side")
        # a sheet shows amounts below their own side's header: 支出/支出用途/金额 → 金额
        table = doc.tables[cell["table"] - 1]
        column = cell["column"]
        for s in sorted(table.sides, key=lambda s: -len(s.label)):
            if s.prefix and column.startswith(s.label + "/"):
                column = column[len(s.label) + 1:]
                break
        cols = [c for c in range(level_col + 1, ws.max_column + 1)
                if _header_path(ws, c, first - HEADER_ROW) == column]
        code_col = (1 + (heads[0] == "收支")) if name_col > 1 + (heads[0] == "收支") else None
        labels_col = heads.index("项目路径") + 1 if "项目路径" in heads else None
        paths = {_header_path(ws, c, first - HEADER_ROW): c for c in range(1, ws.max_column + 1)}
        texts = {paths[k]: v for k, v in cell.get("texts", {}).items()}
        rows = [r for r in range(first, ws.max_row + 1)
                if ws.cell(r, name_col).value == cell["name"]
                and ("labels" not in cell or labels_col is None
                     or ws.cell(r, labels_col).value == cell["labels"])
                and all(ws.cell(r, c).value == v for c, v in texts.items())
                and (not side or ws.cell(r, 1).value == side)
                and ("code" not in cell or code_col is None
                     or (ws.cell(r, code_col).value or "") == cell["code"])]
        if len(cols) != 1 or len(rows) != 1:
            wrong.append((cell, f"{len(rows)} rows, {len(cols)} columns"))
            continue
        value = ws.cell(rows[0], cols[0]).value
        if cell["value"] == "":
            if value is not None:
                wrong.append((cell, f"{value!r} for a blank"))
        elif value is None or Decimal(str(value)) != Decimal(cell["value"]):
            wrong.append((cell, f"value {value!r}"))
    assert not wrong, "\n".join(f"{c['table']} {c['name']} {c['column']} {c['value']!r}: {why}"
                                for c, why in wrong)


def test_a_label_across_two_sides_keeps_its_amount_in_the_tidy_table(corpus):
    # 公开01表 p. 8 prints 当年支出小计 across 功能分类 and 支出用途, with 37,188.34 under 支出用途
    table = yusuan.read(corpus / "js_fayuan_2019_yusuan.pdf").tables[0]
    frame = table.to_frame()
    row = frame[frame.name == "当年支出小计"].iloc[0]
    assert row["金额"] == Decimal("37188.34")


def test_a_number_excel_cannot_hold_is_a_warning_of_the_file(tmp_path):
    big = SAMPLE.read_text("utf-8").replace("534.77", "1234567890123456.77", 1)
    src = tmp_path / "in" / "big.txt"
    src.parent.mkdir()
    src.write_text(big, "utf-8")
    result = CliRunner().invoke(cli.main, ["extract", str(src), "-o", str(tmp_path / "out"),
                                           "--format", "xlsx", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "warning: workbook: " in result.output and "1234567890123456.77" in result.output


def test_asking_for_a_workbook_after_csv_redoes_the_file(tmp_path):
    runner = CliRunner()
    first = runner.invoke(cli.main, ["extract", str(SAMPLE), "-o", str(tmp_path), "--format", "csv"])
    assert first.exit_code == 0 and "ok " in first.output
    again = runner.invoke(cli.main, ["extract", str(SAMPLE), "-o", str(tmp_path), "--format", "csv"])
    assert "current " in again.output                      # same file, same formats: skipped
    xlsx = runner.invoke(cli.main, ["extract", str(SAMPLE), "-o", str(tmp_path), "--format", "xlsx"])
    assert xlsx.exit_code == 0 and "ok " in xlsx.output       # a format not written yet: redone
    assert (tmp_path / SAMPLE.stem / f"{SAMPLE.stem}.xlsx").exists()
