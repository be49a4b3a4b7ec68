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
    绩效目标 text to the right of the amounts, two-sided rows printing one side only."""
    path = write_copy("seed_layout.txt", dumps.layout_dump(expected))
    doc, got = _facts(path, tmp_path)
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
