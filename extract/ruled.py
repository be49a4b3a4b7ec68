"""Ruling edges → grids of (possibly merged) cells, with the characters inside each cell.

The steps, after pdfplumber's table finder (edges → intersections → cells) but keeping merged
cells as one cell with a span, which its finder does not:
1. `snap_edges`: horizontal edges at nearly the same y (a 0.5 pt border drawn as a thin
   rectangle gives two) get one y; vertical ones one x.
2. `join_edges`: collinear segments that touch or overlap become one (Word draws each cell
   border separately).
3. `components`: edges that cross or touch form one candidate table.
4. `build_grid`: the distinct x of vertical edges and y of horizontal edges cut the table into
   elementary cells; two neighbours with no ruling between them belong to one merged cell.
5. Characters are placed in the elementary cell under their centre, hence in its merged cell.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from operator import itemgetter

from .geometry import Box, Char, Edge, UnionFind, cluster
from .pdftext import TextLine, cell_text, text_lines


@dataclass(frozen=True)
class RuledSettings:
    snap: float = 1.5        # pt: edges this close are one ruling
    join: float = 2.5        # pt: collinear segments this close are one segment
    touch: float = 2.5       # pt: an h and a v edge this close touch
    min_edge: float = 3.0    # pt: shorter edges are noise (glyph strokes, dots)
    cover: float = 0.5       # share of a cell side a ruling must cover to separate two cells


@dataclass
class GridCell:
    r0: int
    r1: int                  # exclusive
    c0: int
    c1: int                  # exclusive
    box: Box
    chars: list[Char] = field(default_factory=list)
    _lines: list[TextLine] | None = None
    _text: str | None = None
    _single: bool | None = None
    _size: float | None = None

    @property
    def lines(self) -> list[TextLine]:
        if self._lines is None:
            self._lines = text_lines(self.chars)
        return self._lines

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = self._one_line() if self._single_line() else cell_text(self.lines)
        return self._text

    @property
    def text_x0(self) -> float | None:
        if not self.chars:
            return None
        if self._single_line():
            x0 = None            # the leftmost visible character (None: only blanks)
            for c in self.chars:
                if c[0].strip() and (x0 is None or c[1] < x0):
                    x0 = c[1]
            return x0
        return self.lines[0].x0 if self.lines else None

    @property
    def size(self) -> float:
        if self._size is None:
            self._size = max([c[5] for c in self.chars]) if self.chars else 0.0
        return self._size

    def _single_line(self) -> bool:
        """Most cells hold one short line: read it without grouping lines and words."""
        if self._single is None:
            chars = self.chars
            if not chars:
                self._single = False
            else:
                lo = hi = chars[0][2] + chars[0][4]            # twice the centres
                for c in chars:
                    cy2 = c[2] + c[4]
                    if cy2 > hi:
                        hi = cy2
                    if cy2 < lo:
                        lo = cy2
                self._single = hi - lo <= max(self.size, 1.0)
        return self._single

    def _one_line(self) -> str:
        """The text of a one-line cell, as TextLine.text would give it: characters in order,
        a space only where two Latin letters or digits meet across a gap or a space."""
        out: list[str] = []
        prev_latin = False       # the last visible character ends in a Latin letter or digit
        prev_x1 = 0.0
        gap_seen = False
        for c in sorted(self.chars, key=_X0) if len(self.chars) > 1 else self.chars:
            t = c[0]
            if not t.strip():
                gap_seen = True
                continue
            if prev_latin:
                first = t[0]
                if first.isascii() and first.isalnum() and (
                        gap_seen or c[1] - prev_x1 > 0.4 * max(c[5], 1.0)):
                    out.append(" ")
            out.append(t)
            last = t[-1]
            prev_latin, prev_x1, gap_seen = last.isascii() and last.isalnum(), c[3], False
        return "".join(out)


_X0 = itemgetter(1)          # Char.x0


@dataclass
class Grid:
    xs: list[float]
    ys: list[float]
    cells: list[GridCell]
    at: list[list[int]]      # at[r][c] = index into cells of the cell covering elementary (r, c)
    # rebuilt from how the text lines up (unruled.synthetic_grid): its header cells already
    # span what their labels label, so they are not centred again over other columns
    synthetic: bool = False

    @property
    def box(self) -> Box:
        return Box(self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1

    def cell(self, r: int, c: int) -> GridCell:
        return self.cells[self.at[r][c]]

    def row_cells(self, r: int) -> list[GridCell]:
        """The distinct cells covering row r, left to right."""
        seen, out = set(), []
        for c in range(self.n_cols):
            i = self.at[r][c]
            if i not in seen:
                seen.add(i)
                out.append(self.cells[i])
        return out


# ----------------------------------------------------------------------------- steps 1-3

def snap_edges(edges: list[Edge], s: RuledSettings) -> tuple[list[Edge], list[Edge]]:
    hs, vs = [], []
    for e in edges:          # Edge.horizontal and Edge.length, computed once
        w, h = e[2] - e[0], e[3] - e[1]
        if w >= h:
            if w >= s.min_edge:
                hs.append(e)
        elif (h if h > w else w) >= s.min_edge:
            vs.append(e)
    ys = cluster([e.top for e in hs], s.snap)
    xs = cluster([e.x0 for e in vs], s.snap)
    at_y: dict[float, float] = {}        # many edges share a y or an x: each snapped once
    at_x: dict[float, float] = {}
    snapped_h, snapped_v = [], []
    for x0, top, x1, _ in hs:
        y = at_y.get(top)
        if y is None:
            y = at_y[top] = _snap(top, ys)
        snapped_h.append(Edge(x0, y, x1, y))
    for x0, top, _, bottom in vs:
        x = at_x.get(x0)
        if x is None:
            x = at_x[x0] = _snap(x0, xs)
        snapped_v.append(Edge(x, top, x, bottom))
    return snapped_h, snapped_v


def _snap(v: float, anchors: list[float]) -> float:
    """The anchor nearest v (the lower of two equally near)."""
    i = bisect.bisect_left(anchors, v)
    if i == 0:
        return anchors[0]
    if i == len(anchors):
        return anchors[-1]
    lo, hi = anchors[i - 1], anchors[i]
    return hi if abs(hi - v) < abs(lo - v) else lo


def join_edges(edges: list[Edge], horizontal: bool, s: RuledSettings) -> list[Edge]:
    by_line: dict[float, list[Edge]] = {}
    for e in edges:
        by_line.setdefault(e.top if horizontal else e.x0, []).append(e)
    out = []
    for pos, segs in by_line.items():
        segs.sort(key=lambda e: e.x0 if horizontal else e.top)
        a0, a1 = _span(segs[0], horizontal)
        for e in segs[1:]:
            b0, b1 = _span(e, horizontal)
            if b0 <= a1 + s.join:
                a1 = max(a1, b1)
            else:
                out.append(_make(pos, a0, a1, horizontal))
                a0, a1 = b0, b1
        out.append(_make(pos, a0, a1, horizontal))
    return out


def _span(e: Edge, horizontal: bool) -> tuple[float, float]:
    return (e.x0, e.x1) if horizontal else (e.top, e.bottom)


def _make(pos: float, a0: float, a1: float, horizontal: bool) -> Edge:
    return Edge(a0, pos, a1, pos) if horizontal else Edge(pos, a0, pos, a1)


def components(hs: list[Edge], vs: list[Edge], s: RuledSettings) -> list[tuple[list[Edge], list[Edge]]]:
    """Groups of edges connected by crossings or touches."""
    uf = UnionFind(len(hs) + len(vs))
    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if (h.x0 - s.touch <= v.x0 <= h.x1 + s.touch
                    and v.top - s.touch <= h.top <= v.bottom + s.touch):
                uf.union(i, len(hs) + j)
    groups: dict[int, tuple[list[Edge], list[Edge]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(uf.find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(uf.find(len(hs) + j), ([], []))[1].append(v)
    return [g for g in groups.values() if g[0] and g[1]]


# ----------------------------------------------------------------------------- step 4-5

def build_grid(hs: list[Edge], vs: list[Edge], s: RuledSettings) -> Grid | None:
    xs = cluster([v.x0 for v in vs], s.snap)
    ys = cluster([h.top for h in hs], s.snap)
    # a table whose outer border is missing: horizontal rules reach past the last vertical one
    left, right = min(h.x0 for h in hs), max(h.x1 for h in hs)
    if left < xs[0] - 3 * s.snap:
        xs.insert(0, left)
    if right > xs[-1] + 3 * s.snap:
        xs.append(right)
    top, bottom = min(v.top for v in vs), max(v.bottom for v in vs)
    if top < ys[0] - 3 * s.snap:
        ys.insert(0, top)
    if bottom > ys[-1] + 3 * s.snap:
        ys.append(bottom)
    if len(xs) < 2 or len(ys) < 2:
        return None
    v_at: dict[float, list[Edge]] = {}
    for v in vs:
        v_at.setdefault(_snap(v.x0, xs), []).append(v)
    h_at: dict[float, list[Edge]] = {}
    for h in hs:
        h_at.setdefault(_snap(h.top, ys), []).append(h)
    R, C = len(ys) - 1, len(xs) - 1
    # elementary cells joined where no ruling covers `cover` of the side between them; each
    # ruling's reach (its ends widened by `touch`) computed once per line, not per cell side
    touch, cover = s.touch, s.cover
    parent = list(range(R * C))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for c in range(C - 1):
        reach = [(v.top - touch, v.bottom + touch) for v in v_at.get(xs[c + 1], ())]
        for r in range(R):
            a0, a1 = ys[r], ys[r + 1]
            if not _reached(reach, a0, a1, (a1 - a0) * cover):
                join(r * C + c, r * C + c + 1)
    for r in range(R - 1):
        reach = [(h.x0 - touch, h.x1 + touch) for h in h_at.get(ys[r + 1], ())]
        for c in range(C):
            a0, a1 = xs[c], xs[c + 1]
            if not _reached(reach, a0, a1, (a1 - a0) * cover):
                join(r * C + c, (r + 1) * C + c)
    # merged cells in the order their first elementary cell comes, row by row: rows only grow
    # in that order, so a span's first row is where it was met and its last the latest row
    spans: dict[int, list[int]] = {}
    roots = [find(i) for i in range(R * C)]
    i = 0
    for r in range(R):
        for c in range(C):
            sp = spans.get(roots[i])
            if sp is None:
                spans[roots[i]] = [r, r + 1, c, c + 1]
            else:
                sp[1] = r + 1
                if c < sp[2]:
                    sp[2] = c
                if c + 1 > sp[3]:
                    sp[3] = c + 1
            i += 1
    cells, index = [], {}
    for root, (r0, r1, c0, c1) in sorted(spans.items(), key=lambda kv: (kv[1][0], kv[1][2])):
        index[root] = len(cells)
        cells.append(GridCell(r0, r1, c0, c1, Box(xs[c0], ys[r0], xs[c1], ys[r1])))
    at = [[index[roots[r * C + c]] for c in range(C)] for r in range(R)]
    return Grid(xs, ys, cells, at)


def _reached(reach: list[tuple[float, float]], a0: float, a1: float, need: float) -> bool:
    """The rulings of one line (their reach widened by `touch`) overlap [a0, a1] by `need` in
    all: they separate the two cells on either side of that stretch."""
    got = 0.0
    for b0, b1 in reach:
        d = (b1 if b1 < a1 else a1) - (b0 if b0 > a0 else a0)     # min(a1, b1) - max(a0, b0)
        if d > 0.0:
            got += d
    return got >= need


def place_chars(grid: Grid, chars: list[Char]) -> list[Char]:
    """Put each character into its cell; returns the characters outside the grid."""
    outside = []
    xs, ys, at, cells = grid.xs, grid.ys, grid.at, grid.cells
    left, right, top, bottom = xs[0], xs[-1], ys[0], ys[-1]
    last_c, last_r = len(xs) - 2, len(ys) - 2
    bisect_right = bisect.bisect_right
    for ch in chars:
        cx = (ch[1] + ch[3]) / 2
        cy = (ch[2] + ch[4]) / 2
        if not (left <= cx <= right and top <= cy <= bottom):
            outside.append(ch)
            continue
        # cx ≥ xs[0], so the cell index is ≥ 0; only the right and bottom borders need clamping
        c = bisect_right(xs, cx) - 1
        r = bisect_right(ys, cy) - 1
        cells[at[r if r < last_r else last_r][c if c < last_c else last_c]].chars.append(ch)
    return outside


def find_grids(edges: list[Edge], chars: list[Char], s: RuledSettings = RuledSettings()
               ) -> tuple[list[Grid], list[Char]]:
    """Every ruled grid of a page (at least 2 × 2 elementary cells with text in them), and the
    characters that lie outside all of them."""
    hs, vs = snap_edges(edges, s)
    hs, vs = join_edges(hs, True, s), join_edges(vs, False, s)
    grids = []
    rest = list(chars)
    for ghs, gvs in components(hs, vs, s):
        grid = build_grid(ghs, gvs, s)
        if grid is None or grid.n_rows < 1 or grid.n_cols < 2:
            continue
        outside = place_chars(grid, rest)
        if sum(1 for c in grid.cells if c.chars) < 2:
            # a frame or a chart legend, not a table: its characters stay page text
            for cell in grid.cells:
                cell.chars.clear()
            continue
        rest = outside
        grids.append(grid)
    grids.sort(key=lambda g: (g.box.top, g.box.x0))
    return grids, rest
