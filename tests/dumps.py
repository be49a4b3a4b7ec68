"""Make text dumps of the hand-written reference tables in the other common style:
`pdftotext -layout` output (cells aligned in character columns, pages split by form feeds,
long labels wrapped onto the next line, 绩效目标 text to the right of the amounts).

Test code only. It draws from tests/expected/*.txt, never from yusuan's output."""

from __future__ import annotations

from expected_tables import Table

LABEL_WIDTH = 12          # characters of a label cell before it wraps
TEXT_WIDTH = 24           # characters of a 绩效目标 line
AMOUNT_WIDTH = 12


def _wrap(text: str, width: int) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)] or [""]


def _indent(row) -> str:
    """Labels without codes show their depth by position (行政经费 / 其中：（一） / 1.…)."""
    if row.code or row.level <= 1:
        return ""
    return " " * (2 if (row.ordinal or "").startswith("其中") else 5 if row.level == 2 else 8)


def _label(row, code_column: bool = False) -> str:
    """As printed: a code without a column of its own is printed in brackets ([2012901]行政运行)."""
    code = f"[{row.code}]" if row.code and not code_column else ""
    return _indent(row) + (row.ordinal or "") + code + row.name


def _header_lines(t: Table) -> list[str]:
    """Group labels on one line, leaves on the next (the way -layout prints merged headers)."""
    top, low = [], []
    seen = set()
    for path, _ in t.header:
        parts = path.split("/")
        if len(parts) == 1:
            top.append(parts[0])
        else:
            if parts[0] not in seen:
                top.append(parts[0])
                seen.add(parts[0])
            low.append("/".join(parts[1:]).replace("/", ""))
    return ["    ".join(top), "        " + "    ".join(low)]


def _one_sided_lines(t: Table, rows) -> list[str]:
    has_code = any(role == "code" for _, role in t.header)
    out = []
    for r in rows:
        label_lines = _wrap(_label(r, has_code), LABEL_WIDTH)
        text_lines = _wrap(r.text, TEXT_WIDTH) if r.text else []
        code = (r.code or "").ljust(9) if has_code else ""
        amounts = "".join(a.rjust(AMOUNT_WIDTH) for a in r.amounts)
        first = code + label_lines[0].ljust(LABEL_WIDTH + 4) + amounts
        if text_lines:
            first += "    " + text_lines[0]
        out.append(first)
        n = max(len(label_lines), len(text_lines))
        for k in range(1, n):
            line = " " * len(code) + (label_lines[k] if k < len(label_lines) else "").ljust(LABEL_WIDTH + 4)
            if k < len(text_lines):
                line = line.ljust(len(first) - len(text_lines[0])) + text_lines[k]
            out.append(line.rstrip())
    return out


def _two_sided_lines(t: Table, rows) -> list[str]:
    left = [r for r in rows if r.side == t.sides[0]]
    right = [r for r in rows if r.side == t.sides[1]]
    out = []
    for k in range(max(len(left), len(right))):
        line = ""
        if k < len(left):
            line += _label(left[k]).ljust(20) + "".join(a.rjust(AMOUNT_WIDTH) for a in left[k].amounts)
        line = line.ljust(20 + AMOUNT_WIDTH + 4)
        if k < len(right):
            line += _label(right[k]).ljust(20) + "".join(a.rjust(AMOUNT_WIDTH) for a in right[k].amounts)
        out.append(line.rstrip())
    return out


def layout_dump(tables: list[Table], pages: int = 23, department: str = "台山市总工会") -> str:
    """The reference tables on their own pages, prose pages around them, form feeds between."""
    by_page: dict[int, list[str]] = {p: [] for p in range(1, pages + 1)}
    for p in range(1, pages + 1):
        by_page[p].append(f"      第{p}页的说明文字，本部门预算情况说明。")
    for t in tables:
        for i, page in enumerate(t.pages):
            lines = by_page[page] = []
            rows = [r for r in t.rows if r.page == page]
            if i == 0:
                lines += [f"{t.label}", "", f"                 {t.title}",
                          f"单位名称：{department}                              单位：{t.unit}"]
            lines += _header_lines(t)
            lines += _two_sided_lines(t, rows) if t.sides else _one_sided_lines(t, rows)
            if i == len(t.pages) - 1 and t.note:
                note = t.note.split("\n")
                lines += ["注：" + note[0]] + ["      " + n for n in note[1:]]
    return "\f".join("\n".join(by_page[p]) + "\n" for p in range(1, pages + 1))


def grid_dump(pdf_path, advance: float, wide: int = 2, reader: str = "pdfplumber") -> str:
    """A layout dump of a PDF made the way pdftotext -layout makes one, from the characters
    yusuan's own reader measures: each text line of a page is one line of the dump; a word
    (characters closer than a quarter of their size) starts at column round(x0 / advance),
    at least one column after the word before, and its characters follow one another, a
    wide one taking `wide` columns; a vertical gap of more than a row leaves blank lines;
    pages are split by form feeds.

    Test code: it lays out what the PDF prints, whatever yusuan then makes of it."""
    import unicodedata

    from yusuan.extract.pdfreaders import open_pages
    from yusuan.extract.pdftext import group_lines
    from yusuan.extract.source import open_source

    pages = []
    for geom in open_pages(open_source(pdf_path), reader):
        out: list[str] = []
        prev_top = None
        for line in group_lines(geom.chars):
            top = min(c.top for c in line)
            size = max(c.size for c in line)
            if prev_top is not None:
                out += [""] * max(0, int((top - prev_top) // (1.75 * size)) - 1)
            prev_top = top
            text, col, prev = "", 0, None
            for c in line:
                if not c.text.strip():
                    prev = None
                    continue
                if prev is None or c.x0 - prev.x1 > 0.25 * c.size:
                    at = max(round(c.x0 / advance), col + 1 if text else 0)
                    text += " " * (at - col)
                    col = at
                text += c.text
                col += wide if unicodedata.east_asian_width(c.text) in ("W", "F") else 1
                prev = c
            out.append(text.rstrip())
        pages.append("\n".join(out) + "\n")
    return "\f".join(pages)
