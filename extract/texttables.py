"""Numbered lines of a text dump → the tables printed in it (raw: cells as printed).

The steps, each a small function below:
1. `find_starts`: a table starts at its label (表5, 公开05表) with the title on the same or the
   next line, or at a line that reads as a catalogue title standing alone (Shanghai prints
   2024年部门财务收支预算总表 with no label).
2. `cut_table`: from its start, a table takes its key：value lines (单位：万元, 单位名称：X,
   including those printed above the label at the top of its page), its header lines (up to
   the first line that prints an amount), its body, and its note (注：…), which ends it. A
   page break inside the body continues the table when the new page repeats the header (the
   repeat is dropped) or goes straight on with rows (Shanghai); a section heading, the next
   table, or a page of prose ends it.
3. `build_table`: the catalogue names the kind from the title and the header tree from the
   header fragments; `RowAssembler` turns the body into rows aligned to that header.
Starts that turn out to have neither header nor rows nor note (a table of contents entry
that looks like a title) are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Container, Iterable, Iterator

from .. import pageprogress
from ..catalogue import Catalogue
from ..chars import compact, key, squeeze
from ..model import AMOUNT, CODE, NAME, Column, RawTable
from ..patterns import (BRACKET_CODE, EMPTY_TABLE_NOTE, ENTITY_KEYS, LABEL, LABEL_AND_TITLE, META_KEY,
                        NOTE, ORDINAL, SECTION_HEADING, TITLE_QUALIFIER, UNIT_VALUE)
from ..settings import Settings
from .textcells import leading_codes, split_cells
from .textpages import Line
from .textstream import LineWindow
from .textrows import RowAssembler


@dataclass
class Meta:
    unit: str | None = None
    entity: str | None = None


def read_meta(text: str) -> Meta | None:
    """单位：万元单位名称：台山市总工会 → Meta(万元, 台山市总工会); None if not such a line."""
    matches = list(META_KEY.finditer(text))
    if not matches or len(compact(text)) > 80:
        return None
    # the line must be made of key：value pairs (prose that mentions 单位： is not)
    if compact(text[:matches[0].start()]):
        return None
    meta = Meta()
    for m, nxt in zip(matches, matches[1:] + [None]):
        value = squeeze(text[m.end(): nxt.start() if nxt else len(text)])
        unit = UNIT_VALUE.match(compact(value))
        if unit:
            meta.unit = unit.group("unit")
        elif value and m.group("key") in ENTITY_KEYS and meta.entity is None:
            meta.entity = value
    return meta if (meta.unit or meta.entity) else None


# Standard titles have at most this many characters (without spaces). A longer line right
# after a label (a title with a long parenthesis, or a hostile one) is still its title, up to
# LONG_TITLE_CHARS: kept whole, with a warning, never dropped.
TITLE_CHARS = 60
LONG_TITLE_CHARS = 400


@dataclass
class Cut:
    label: str | None
    title: str
    start: int                                   # index of the label/title line
    meta: list[Line] = field(default_factory=list)
    header: list[Line] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    note: list[Line] = field(default_factory=list)
    end: int = 0                                 # index after the last line used


class TextTableFinder:
    """`lines`: a list, or a stream of lines (a dump read line by line: see textstream.py),
    which the finder reads only as far as it looks and lets go table by table."""

    def __init__(self, lines: Iterable[Line], style: str, catalogue: Catalogue, settings: Settings):
        self.lines = LineWindow(lines)
        self.style = style
        self.catalogue = catalogue
        self.settings = settings

    # ------------------------------------------------------------------ step 1
    def find_starts(self) -> list[tuple[int, str | None, str, int]]:
        """(index of the first line, label, title, index of the title line)."""
        return list(self.iter_starts())

    def iter_starts(self) -> Iterator[tuple[int, str | None, str, int]]:
        """find_starts, each start as soon as it is known (its title lines read)."""
        starts: list = []
        skip_until = -1
        for i, ln in enumerate(self.lines):
            if i <= skip_until or ln.blank:
                continue
            text = ln.text.strip()
            c = compact(text)
            if LABEL.match(c):
                j, title = self._title_after(i)
                starts.append((i, c, title, j))
                skip_until = j
            elif (m := LABEL_AND_TITLE.match(text)) and self._titleish(m.group("title")):
                starts.append((i, compact(m.group("label")), squeeze(m.group("title")), i))
            elif self._titleish(text) and self.catalogue.is_title(text, self.settings):
                starts.append((i, None, squeeze(text), i))
            if starts and starts[-1][0] == i and starts[-1][2]:
                starts[-1] = self._second_line(starts[-1])
                skip_until = max(skip_until, starts[-1][3])
            if starts and starts[-1][0] == i:
                yield starts[-1]           # found on this line
                del starts[:-1]            # only the last is looked at again

    def _second_line(self, start):
        """A title's second line in brackets (（功能分类）) belongs to it."""
        first, label, title, at = start
        for j in range(at + 1, self.lines.upto(at + 3)):
            ln = self.lines[j]
            if ln.blank:
                continue
            c = compact(ln.text)
            if TITLE_QUALIFIER.match(c) and not META_KEY.search(c) and "续" not in c:
                return first, label, title + c, j
            break
        return start

    def _title_after(self, i: int) -> tuple[int, str]:
        """The title printed after a label: the next non-blank line that is not a key：value line."""
        for j in range(i + 1, self.lines.upto(i + 8)):
            ln = self.lines[j]
            if ln.blank or read_meta(ln.text):
                continue
            if self._titleish(ln.text.strip(), LONG_TITLE_CHARS):   # the label announces it
                return j, squeeze(ln.text)
            break
        return i, ""

    def _titleish(self, text: str, longest: int = None) -> bool:
        c = compact(text)
        return 4 <= len(c) <= (longest or TITLE_CHARS) and "表" in c and not any(
            cell.is_amount for cell in split_cells(text, self.style, self.settings.layout_cell_gap))

    # ------------------------------------------------------------------ step 2
    def cut(self, start, end_limit: int, claimed: Container[int]) -> Cut:
        first, label, title, title_at = start
        cut = Cut(label, title, first)
        lines = self.lines
        # key：value lines printed above the label on the same page
        page = lines[first].page
        for j in range(first - 1, -1, -1):
            if lines[j].page != page or j in claimed:
                break
            if read_meta(lines[j].text):
                cut.meta.append(lines[j])
        i = title_at + 1
        header_keys: set[str] = set()
        in_body = False
        current_page = lines[first].page
        page_start = False
        while i < end_limit:
            ln = lines[i]
            if ln.blank:
                i += 1
                continue
            text = ln.text.strip()
            if ln.page != current_page:
                current_page, page_start = ln.page, True
            if read_meta(text):
                cut.meta.append(ln)
                i += 1
                continue
            if NOTE.match(text) or (EMPTY_TABLE_NOTE.match(compact(text)) and not self._has_amount(ln)):
                i = self._take_note(i, end_limit, cut)
                break
            if SECTION_HEADING.match(text):
                break
            if page_start and in_body:
                page_start = False
                if key(text) in header_keys:
                    while i < end_limit and (lines[i].blank or key(lines[i].text) in header_keys
                                             or read_meta(lines[i].text)):
                        i += 1
                    continue
                if not self._looks_like_row(ln):
                    break
            page_start = False
            if not in_body:
                if self._has_amount(ln):
                    in_body = True
                    # trailing header lines that start a row are the wrapped start of row 1
                    while cut.header and self._starts_row(cut.header[-1]):
                        cut.body.insert(0, cut.header.pop())
                    header_keys = {key(h.text) for h in cut.header}
                    cut.body.append(ln)
                else:
                    cut.header.append(ln)
                i += 1
                continue
            if (not self._has_amount(ln) and len(compact(text)) > self.settings.max_label_fragment
                    and not self._has_text_column(cut)):
                break
            cut.body.append(ln)
            i += 1
        cut.end = i
        return cut

    def _take_note(self, i: int, end_limit: int, cut: Cut) -> int:
        """The note line and its continuation lines (indented or numbered, same page)."""
        lines = self.lines
        cut.note.append(lines[i])
        page = lines[i].page
        i += 1
        while i < end_limit:
            ln = lines[i]
            if ln.blank:
                i += 1
                continue
            if ln.page != page or not (ln.text[:1] in " \u3000\t" or ORDINAL.match(ln.text).group("ordinal")):
                break
            if read_meta(ln.text) or LABEL.match(compact(ln.text)) or SECTION_HEADING.match(ln.text.strip()):
                break
            cut.note.append(ln)
            i += 1
        return i

    def _cells(self, ln: Line):
        return split_cells(ln.text, self.style, self.settings.layout_cell_gap)

    def _has_amount(self, ln: Line) -> bool:
        cells = self._cells(ln)
        n = leading_codes(cells)
        return any(c.is_amount for c in cells[n:]) or (n == 0 and any(c.is_amount for c in cells))

    def _starts_row(self, ln: Line) -> bool:
        text = ln.text.lstrip(" \t")
        cells = self._cells(ln)
        return bool(leading_codes(cells) or BRACKET_CODE.match(text) or text.startswith("\u3000")
                    or ORDINAL.match(text).group("ordinal"))

    def _looks_like_row(self, ln: Line) -> bool:
        return self._has_amount(ln) or self._starts_row(ln)

    def _has_text_column(self, cut: Cut) -> bool:
        kind = self.catalogue.match_title(cut.title, self.settings)
        return any(c.role == "text" for h in self.catalogue.headers
                   if kind and h.kind == kind.id for c in h.columns)

    # ------------------------------------------------------------------ step 3
    def build(self, cut: Cut) -> RawTable | None:
        if not cut.header and not cut.body and not cut.note:
            return None
        warnings: list[str] = []
        kind = self.catalogue.match_title(cut.title, self.settings) if cut.title else None
        if cut.label and not cut.title:
            warnings.append("no title found after the label")
        elif len(compact(cut.title)) > TITLE_CHARS:
            warnings.append(f"a title of {len(compact(cut.title))} characters (standard titles "
                            f"have at most {TITLE_CHARS}): kept whole in the manifest, cut in "
                            "file names")
            if kind is None:          # a standard title followed by a long parenthesis
                kind = self.catalogue.match_title(re.split(r"[（(]", cut.title)[0], self.settings)
        header_text = "".join(ln.text for ln in cut.header)
        count = self._amount_count(cut.body)
        variant, score = self.catalogue.match_header(header_text, count or None,
                                                     kind.id if kind else None, self.settings)
        if variant is None and not count:
            # an empty table: any header of its kind, else none at all
            variant = next((h for h in self.catalogue.headers if kind and h.kind == kind.id), None)
        if variant is not None:
            columns, source = variant.columns, "catalogue"
            if kind is None:
                kind = self.catalogue.kind(variant.kind)
        else:
            columns, source = self._generic_columns(cut, count), "generic"
            warnings.append(f"header not in the catalogue (best match {score:.2f}); "
                            "columns named by position")
        code_system = kind.code_system if kind else None
        assembler = RowAssembler(columns, self.style, self.settings, code_system)
        rows = assembler.assemble(cut.body) if cut.body else []
        warnings += assembler.warnings
        meta = [read_meta(ln.text) for ln in cut.meta]
        unit = next((m.unit for m in meta if m and m.unit), None)
        entity = next((m.entity for m in meta if m and m.entity), None)
        note = None
        if cut.note:
            first = NOTE.sub("", cut.note[0].text.strip())
            note = "\n".join([first] + [ln.text.strip(" \u3000\t") for ln in cut.note[1:]])
        used = [self.lines[cut.start]] + cut.header + cut.body + cut.note
        pages = tuple(sorted({ln.page for ln in used}))
        return RawTable(label=cut.label, title=cut.title, columns=tuple(columns), rows=tuple(rows),
                        pages=pages, unit=unit, entity=entity, kind=kind.id if kind else None,
                        note=note, header_lines=tuple(squeeze(ln.text) for ln in cut.header),
                        header_source=source, warnings=tuple(warnings))

    def _amount_count(self, body: list[Line]) -> int:
        """How many amounts a full body line prints (the most any line prints). Lines of
        amounts only right under a line ending in amounts are counted with it: a dump
        re-wrapped at a fixed width moves a row's last amounts onto the next line."""
        best = run = 0
        prev: Line | None = None
        for ln in body:
            cells = self._cells(ln)
            n = leading_codes(cells)
            amounts = sum(1 for c in cells[n:] if c.is_amount)
            tail = (prev is not None and ln.no == prev.no + 1 and run and cells
                    and all(c.is_amount for c in cells))
            run = run + amounts if tail else (amounts if cells and cells[-1].is_amount else 0)
            best = max(best, run, amounts)
            prev = ln
        return best

    def _generic_columns(self, cut: Cut, count: int) -> list[Column]:
        """No catalogue header fits: a one-line header whose cells match the body is used as it
        is; otherwise 项目 plus 列1…列n."""
        has_codes = any(leading_codes(self._cells(ln)) for ln in cut.body)
        if len(cut.header) == 1:
            cells = [c.text for c in self._cells(cut.header[0])]
            labels = len(cells) - count
            if labels in (1, 2) and count:
                cols = [Column((cells[0],), CODE if labels == 2 else NAME)]
                if labels == 2:
                    cols.append(Column((cells[1],), NAME))
                cols += [Column((t,), AMOUNT) for t in cells[labels:]]
                if len({c.path for c in cols}) == len(cols):
                    return cols
        cols = [Column(("编码",), CODE)] if has_codes else []
        cols.append(Column(("项目",), NAME))
        cols += [Column((f"列{j}",), AMOUNT) for j in range(1, count + 1)]
        return cols

    def _unread(self, cut: Cut, e: Exception) -> RawTable:
        """A table whose lines could not be read: reported by label, title and page, without
        rows."""
        page = self.lines[cut.start].page
        name = " ".join(p for p in (cut.label, cut.title) if p) or "without a title"
        return RawTable(label=cut.label, title=cut.title, columns=(), rows=(), pages=(page,),
                        warnings=(f"page {page}: table {name} could not be read "
                                  f"({type(e).__name__}: {e}); its rows are left out",))

    # ------------------------------------------------------------------ all
    def tables(self, out=None) -> list[RawTable]:
        """Every table, cut from its start to the next start. A table's lines are let go once
        it is built: what came before a start is never looked at again, but for the
        key：value lines above it on its page, which a table before would have claimed.
        `out`: where the tables go as they are built (a list, or a model.Spill), returned."""
        out = [] if out is None else out
        claimed = 0                    # lines before this are a table's (or before one)
        previous = None
        for start in self.iter_starts():
            if previous is not None:
                claimed = self._table(previous, start[0], claimed, out)
            previous = start
        if previous is not None:
            self._table(previous, len(self.lines), claimed, out)
        return out

    def _table(self, start, limit: int, claimed: int, out: list[RawTable]) -> int:
        """Cut and build the table of `start` (up to line `limit`) into `out`; returns the
        index after its last line."""
        pageprogress.page(self.lines[start[0]].page)
        cut = self.cut(start, limit, range(claimed))
        try:
            table = self.build(cut)
        except Exception as e:   # noqa: BLE001 - one table must not fail the document
            table = self._unread(cut, e)
        if table is not None:
            out.append(table)
        self.lines.release(start[0])
        return cut.end
