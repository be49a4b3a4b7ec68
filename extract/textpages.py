"""A text dump → numbered lines that each know their page.

Dumps mark pages in several ways, all handled here:
1. a form feed (pdftotext writes one between pages): always a page break;
2. in plain dumps (one space between cells), a line that starts with an ASCII space: the
   reference dump's extractor starts every page that way (an ideographic-space indent U+3000
   is ordinary paragraph indentation and does not count);
3. a printed page number (- 10 -, 第3页) ends its page;
4. a running page header (the same line at the top of several pages, e.g. 单位：万元单位名称：X)
   starts a page wherever it appears, so a dump whose page numbers were stripped still breaks.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import regex as re

from ..chars import compact
from ..patterns import PAGE_NUMBER
from ..settings import Settings

PLAIN = "text-plain"
LAYOUT = "text-layout"


@dataclass(frozen=True)
class Line:
    no: int      # 1-based line number in the file
    page: int    # 1-based physical page
    text: str    # trailing whitespace removed, leading whitespace kept

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def detect_style(text: str, settings: Settings) -> str:
    """Layout style (cells aligned by runs of spaces) or plain style (one space between cells).
    A line indented by such a run counts too: a layout dump of a sparse table (a blank
    template, a label column only) prints most cells alone, far from the margin."""
    n = max(2, settings.layout_cell_gap + 1)
    gap = re.compile(r"\S {%d,}\S|^ {%d,}\S" % (n, n))
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        return PLAIN
    aligned = sum(1 for ln in lines if gap.search(ln.rstrip()))
    return LAYOUT if aligned >= settings.layout_line_share * len(lines) else PLAIN


def reading_order(text: str, settings: Settings) -> bool:
    """A raw reading-order dump (pdftotext without -layout): every table cell on a line of its
    own, so most lines printing an amount print that amount alone. Such a dump has lost which
    cells share a row; its tables cannot be rebuilt."""
    lone = with_amount = 0
    for raw in text.splitlines():
        tokens = raw.split()
        if not any(_MONEY.match(t) for t in tokens):
            continue
        with_amount += 1
        lone += len(tokens) == 1
    return lone >= settings.raw_dump_min_lines and lone >= settings.raw_dump_lone_share * with_amount


# an amount shaped like money (a decimal point or thousands separator): page numbers and
# years are not
_MONEY = re.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)$")


def split_pages(text: str, style: str, settings: Settings) -> tuple[list[Line], int]:
    """Number the lines and give each its page; page-number lines are dropped.
    Returns (lines, page count)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    has_form_feeds = "\f" in text
    entries: list[tuple[int, int, str]] = []   # (line no, page, text)
    page, has_content, pending_break = 1, False, False
    for no, raw in enumerate(text.split("\n"), 1):
        for i, part in enumerate(raw.split("\f")):
            if i > 0:
                page, has_content, pending_break = page + 1, False, False
            body = part.rstrip()
            if not body.strip():
                entries.append((no, page, ""))
                continue
            if PAGE_NUMBER.match(body):
                pending_break = True
                continue
            soft = style == PLAIN and not has_form_feeds and body[0] in " \t"
            if (soft or pending_break) and has_content:
                page += 1
            pending_break = False
            has_content = True
            entries.append((no, page, body))
    # a form feed after the last page (pdftotext writes one) does not open a page
    if page > 1 and not any(pg == page and body for _, pg, body in entries):
        entries = [e for e in entries if e[1] != page]
    if not has_form_feeds and settings.running_header_min_pages:
        entries = _break_at_running_headers(entries, settings.running_header_min_pages)
    lines = [Line(no, pg, body) for no, pg, body in entries]
    page_count = max((ln.page for ln in lines), default=1)
    return lines, page_count


def _break_at_running_headers(entries, min_pages: int):
    """Start a new page at every repeat of a line that heads at least `min_pages` pages."""
    firsts: dict[int, str] = {}
    for _, page, body in entries:
        if body and page not in firsts:
            firsts[page] = compact(body)
    counts = Counter(firsts.values())
    headers = {k for k, n in counts.items() if n >= min_pages and len(k) >= 4}
    if not headers:
        return entries
    out, shift, current, seen_on_page = [], 0, None, False
    for no, page, body in entries:
        if page != current:
            current, seen_on_page = page, False
        if body and compact(body) in headers and seen_on_page:
            shift += 1
        if body:
            seen_on_page = True
        out.append((no, page + shift, body))
    return out
