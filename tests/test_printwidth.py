"""Where a squeezed word printed to (extract/printwidth.py): a layout dump sets every
character 5 pt wide at a size of 10 pt, so a CJK glyph lost 5 pt of its width; a PDF's glyphs
are as printed."""

from yusuan.extract.geometry import Char
from yusuan.extract.pdftext import Word
from yusuan.extract.printwidth import printed_x1


def _word(text: str, x0: float, top: float, advance: float, size: float = 10.0) -> Word:
    chars = tuple(Char(ch, x0 + k * advance, top, x0 + (k + 1) * advance, top + size, size)
                  for k, ch in enumerate(text))
    return Word(text, x0, top, x0 + len(text) * advance, top + size, size, chars)


def test_a_dump_s_cjk_label_printed_twice_as_wide():
    # 支出用途 at column 52: 4 characters of 5 pt from 260 pt; printed 10 pt each
    assert printed_x1(_word("支出用途", 260, 100, 5)) == 300


def test_digits_and_a_pdf_s_glyphs_are_as_printed():
    assert printed_x1(_word("2024", 100, 100, 5)) == 120
    assert printed_x1(_word("支出用途", 260, 100, 10)) == 300


def test_a_label_joined_from_two_lines_ends_where_its_widest_line_does():
    # 因公出国 / （境）费 from column 22 (110 pt), one under the other: 4 characters a line,
    # each printed 10 pt, so 110 + 40 = 150, not the 8 characters' 170
    first, second = _word("因公出国", 110, 100, 5), _word("（境）费", 110, 140, 5)
    joined = Word(first.text + second.text, 110, 100, 130, 150, 10.0, first.chars + second.chars)
    assert printed_x1(joined) == 150
