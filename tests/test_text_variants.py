"""The same reference tables through the other shapes a text dump takes."""

from __future__ import annotations

import json

import dumps
import expected_tables
import pytest
import regex as re
from conftest import facts_of

import yusuan
from yusuan.errors import InputError
from yusuan.normalize.writers import write_document


def _facts(path, tmp_path):
    doc = yusuan.read(path)
    out = write_document(doc, tmp_path / "out", path.stem)
    return doc, facts_of(out / "facts.csv")


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8-sig"])
def test_other_encodings_read_the_same(seed_text, expected, write_copy, tmp_path, encoding):
    path = write_copy(f"seed_{encoding}.txt", seed_text, encoding)
    doc, got = _facts(path, tmp_path)
    assert got == expected_tables.facts(expected)
    assert doc.department == "台山市总工会"


def test_crlf_line_endings(seed_text, expected, write_copy, tmp_path):
    path = write_copy("seed_crlf.txt", seed_text.replace("\n", "\r\n"))
    _, got = _facts(path, tmp_path)
    assert got == expected_tables.facts(expected)


def test_page_numbers_removed_pages_still_right(seed_text, expected, write_copy, tmp_path):
    stripped = re.sub(r"(?m)^- \d+ -\n", "", seed_text)
    assert stripped.count("\n") < seed_text.count("\n")
    path = write_copy("seed_no_page_numbers.txt", stripped)
    doc, got = _facts(path, tmp_path)
    assert got == expected_tables.facts(expected)
    assert doc.page_count == 23
    assert [t.pages for t in doc.tables][4] == (11,)


def test_layout_style_dump(expected, write_copy, tmp_path):
    """pdftotext -layout style: aligned columns, form feeds, labels wrapped after the amounts,
    绩效目标 text to the right of the amounts, two-sided rows printing one side only. Its
    header lines are cells joined by spaces, not set over their columns, so it is read by
    the text route (catalogue header trees), not by the PDF engine."""
    path = write_copy("seed_layout.txt", dumps.layout_dump(expected))
    doc = yusuan.read(path, settings=yusuan.Settings(layout_dump_engine=False))
    got = facts_of(write_document(doc, tmp_path / "out", path.stem) / "facts.csv")
    assert doc.reader == "text-layout"
    assert [t.label for t in doc.tables] == [f"表{n}" for n in range(1, 13)]
    assert got == expected_tables.facts(expected)
    texts = [r.texts["绩效目标"] for r in doc.table("表12").rows]
    assert texts == [r.text for r in expected[11].rows]


def test_file_without_tables_warns_and_writes_manifest_only(write_copy, tmp_path):
    path = write_copy("prose.txt", "第一部分 部门概况\n\n一、主要职责\n\n负责全市工会工作。\n")
    doc = yusuan.read(path)
    assert doc.tables == () and "no tables found" in doc.warnings
    out = write_document(doc, tmp_path / "out", "prose")
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json"]
    m = json.loads((out / "manifest.json").read_text("utf-8"))
    assert m["tables_found"] == 0 and m["tables"] == [] and m["warnings"] == ["no tables found"]


def test_undecodable_text_is_a_clear_error(write_copy):
    # Shift-JIS bytes of Japanese text: neither valid UTF-8 nor sensible GB18030
    path = write_copy("sjis.txt", "予算の説明書です。".encode("shift_jis") + bytes(range(0x80, 0x100)))
    with pytest.raises(InputError) as info:
        yusuan.read(path)
    assert "sjis.txt" in str(info.value) or info.value.file


def test_empty_file_is_a_clear_error(write_copy):
    with pytest.raises(InputError, match="empty"):
        yusuan.read(write_copy("empty.txt", b""))


def test_unknown_header_still_written_with_columns_by_position(write_copy, tmp_path):
    text = ("单位：万元单位名称：某某局\n\n表3\n\n部门专项资金分配明细表\n\n"
            "资金名称 第一季度 第二季度 第三季度 第四季度 全年\n\n"
            "合计 10.00 20.00 30.00 40.00 100.00\n\n"
            "一、专项A 5.00 10.00 15.00 20.00 50.00\n\n"
            "二、专项B 5.00 10.00 15.00 20.00 50.00\n\n"
            "注：无。\n")
    doc = yusuan.read(write_copy("unknown.txt", text))
    (t,) = doc.tables
    assert (t.label, t.title, t.kind, t.header_source) == ("表3", "部门专项资金分配明细表", None, "generic")
    # a one-line header whose cells match the rows names the columns as printed
    assert [c.key for c in t.columns] == ["资金名称", "第一季度", "第二季度", "第三季度", "第四季度", "全年"]
    assert [r.name for r in t.rows] == ["合计", "专项A", "专项B"]
    assert str(t.rows[1].values["全年"]) == "50.00"
    out = write_document(doc, tmp_path / "out", "unknown")
    m = json.loads((out / "manifest.json").read_text("utf-8"))
    assert m["tables"][0]["header_source"] == "generic"
    assert any("header not in the catalogue" in w for w in m["tables"][0]["warnings"])


def test_header_of_no_known_shape_gets_positional_names(write_copy):
    text = ("表4\n\n某某补助发放情况表\n\n单位：万元\n\n"
            "项目 补助 标准 人数 金额\n说明 （元/月） （人）\n\n"
            "一、春节慰问 1.00 2.00 3.00\n\n二、夏季送清凉 4.00 5.00 6.00\n")
    (t,) = yusuan.read(write_copy("unknown2.txt", text)).tables
    assert t.header_source == "generic"
    assert [c.key for c in t.columns] == ["项目", "列1", "列2", "列3"]
    assert [str(v) for v in t.rows[1].values.values()] == ["4.00", "5.00", "6.00"]
