"""Header trees of tables without rulings: a header's words joined into labels (the lines of
one wrapped label, a label printed letter-spaced), each label's run of columns (centred over
what it labels, as wide as it printed in a layout dump), and the passes that mend the tree
where a layout dump's coarse lines and half-width CJK mislead centring: labels sharing a
line's columns, groups on lower lines, parents widening over their children, 其中… columns,
subgroups by depth, the stub's header, and leaves in their order. The unruled finder
(extract/unruled.py) builds its synthetic grid's header rows from `header_labels`; blank
tables (extract/blanktables.py) take their leaves from `header_words`."""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

from ..chars import compact
from .gridtable import CODE_HEADER, NAME_HEADER, is_amount_text
from .pdftext import TextLine, Word
from .printwidth import printed_x1
from .words import code_word, single_cjk, unspaced


def heads_a_group(w: Word, lines: list[list[Word]], printed: bool = False) -> bool:
    """Is header word `w` centred over two or more neighbours of a line below it (支出用途
    over 项目名称 | 金额; 预算数 over 人员经费 | 公用经费), the first ending left of its middle
    and the last starting right of it? Then it is a group's label. (With `printed`, its middle
    as it stands or as wide as it printed: a layout dump sets 支出用途 in half its width, from
    its left edge or centred.)"""
    return group_span(w, lines, printed, narrowest=False) is not None


def group_span(w: Word, lines: list[list[Word]], printed: bool = False,
               narrowest: bool = True) -> tuple[float, float] | None:
    """The x-range of the words below that header word `w` is centred over as a group's label
    (heads_a_group), from the first one's left edge to the last one's right: the narrowest
    such range (its own children, not a wider run that happens to be centred on it too), or
    without `narrowest` the first found; None when it heads no group."""
    mids = sorted({(w.x0 + w.x1) / 2, (w.x0 + printed_x1(w)) / 2}) if printed else [(w.x0 + w.x1) / 2]
    best: tuple[float, float] | None = None
    for mid in mids:
        for line in lines:
            if line[0].top <= w.bottom:
                continue
            for a in range(len(line)):
                if line[a].x1 > mid:
                    break
                for b in range(a + 1, len(line)):
                    if line[b].x0 >= mid and abs((line[a].x0 + line[b].x1) / 2 - mid) <= w.size and \
                            (best is None or line[b].x1 - line[a].x0 < best[1] - best[0]):
                        best = line[a].x0, line[b].x1
                        if not narrowest:
                            return best
    return best



@dataclass
class _Label:
    c0: int
    c1: int
    top: float
    bottom: float
    chars: list
    depth: int = 0
    has_children: bool = False


def header_labels(header_lines: list[TextLine], xs: list[float], body: list[Word] = ()) -> list[_Label]:
    """Header words → labels with a column span each: a word labels the run of columns it is
    centred over; words over the same run, one close under the other, are one label wrapped
    (上级补 / 助收入); a label over a wider run is the parent of those inside it."""
    words = sorted(header_words(header_lines, body), key=lambda w: (w.top, w.x0))
    # words side by side on one line label runs that do not overlap (left to right, each
    # taking its best run still free)
    runs: dict[int, tuple[int, int]] = {}
    clash: set[int] = set()
    for w in words:
        same_line = [v for v in words if id(v) in runs and abs(v.top - w.top) < 0.3 * w.size]
        taken = [runs[id(v)] for v in same_line]
        options = _centred_runs(w, xs, words)
        free = [r for r in options if not any(r[0] < t[1] and t[0] < r[1] for t in taken)]
        if not free:
            # every run centred on it is taken by its neighbours on the line: it labels the
            # free column it stands over most (a layout dump's borders are whole characters)
            free = sorted(((c, c + 1) for c in range(len(xs) - 1)
                           if min(w.x1, xs[c + 1]) > max(w.x0, xs[c])
                           and not any(c < t[1] and t[0] < c + 1 for t in taken)),
                          key=lambda r: max(w.x0, xs[r[0]]) - min(w.x1, xs[r[1]]))
        runs[id(w)] = (free or options)[0]
        if not free:
            clash.add(id(w))
            clash.update(id(v) for v in same_line)
    # words of one line that still claim the same columns: the line's words in their order
    # label columns in that order (功能科目编码 | 功能科目名称 | 金额, printed off their
    # columns' centres in a layout dump), each the column nearest its centre
    for line in lines_of(words):
        if not any(id(w) in clash for w in line):
            continue
        for w, r in zip(line, _in_order(line, xs, words)):
            runs[id(w)] = r
    labels: list[_Label] = []
    for w in words:
        c0, c1 = runs[id(w)]
        same = [lab for lab in labels if (lab.c0, lab.c1) == (c0, c1)
                and (-0.3 * w.size <= w.top - lab.bottom <= 0.6 * w.size or abs(w.top - lab.top) < 0.3 * w.size
                     or (_wrapped_across(lab, w, xs, words) and not _centres_a_group(
                         _label_word(lab), w, [v for v in words if abs(v.top - w.top) < 0.3 * w.size])))]
        if same:
            lab = same[-1]
            lab.chars.extend(w.chars)
            lab.bottom = max(lab.bottom, w.bottom)
        else:
            labels.append(_Label(c0, c1, w.top, w.bottom, list(w.chars)))
    _leaves_in_order(labels, len(xs) - 1)
    _share_top_line(labels, xs, body)
    _share_group_lines(labels)
    _widen_parents(labels)
    _of_which_under_group(labels)
    _subgroups_by_depth(labels)
    _name_over_outline(labels, xs, body)
    _stub_over_labels(labels)
    for lab in labels:
        parents = [p for p in labels if p is not lab and p.c0 <= lab.c0 and lab.c1 <= p.c1
                   and ((p.c1 - p.c0) > (lab.c1 - lab.c0) or p.bottom <= lab.top)]
        lab.depth = len(parents)
        for p in parents:
            p.has_children = True
    return labels


def _leaves_in_order(labels: list[_Label], n_cols: int) -> None:
    """As many leaves (labels over no other) as columns, but two over one column and none over
    another: the leaves label the columns in their order, left to right. A crowded header's
    labels stand off their columns in a layout dump (公务接待费 | 会议费 set one space apart,
    each a column left of its numbers), but never out of order."""
    def inside(o: _Label, lab: _Label) -> bool:
        return o is not lab and lab.c0 <= o.c0 and o.c1 <= lab.c1 and o.top > lab.bottom

    leaves = [lab for lab in labels if not any(inside(o, lab) for o in labels)]
    if len(leaves) != n_cols or any(lab.c1 - lab.c0 != 1 for lab in leaves) or \
            len({lab.c0 for lab in leaves}) == n_cols:
        return
    for c, lab in enumerate(sorted(leaves, key=lambda o: (min(ch.x0 for ch in o.chars), o.top))):
        lab.c0, lab.c1 = c, c + 1


def _share_top_line(labels: list[_Label], xs: list[float], body: list[Word] = ()) -> None:
    """Labels side by side on the header's top line, each over labels of its own, share out
    the columns under them: each column goes to the nearest (项目 | 国有资本经营预算支出 over
    类 款 项 名称 | 合计 基本支出 项目支出), as a grid's top row is cut between them. A layout
    dump sets them off their columns' centres; a column whose label is centred in all the
    header's rows (合计 left of “三公”经费) goes to none."""
    if not labels:
        return
    head_top = min(lab.top for lab in labels)
    tops = sorted((lab for lab in labels if lab.top - head_top < 1.0), key=lambda lab: lab.c0)
    rest = [lab for lab in labels if lab.top - head_top >= 1.0]
    if len(tops) < 2 or not rest:
        return
    bottom = max(c.bottom for lab in labels for c in lab.chars)
    first_bottom = max(lab.bottom for lab in tops)

    def mid_x(lab: _Label) -> float:
        return (min(c.x0 for c in lab.chars) + max(c.x1 for c in lab.chars)) / 2

    def tall(lab: _Label) -> bool:
        cy = (min(c.top for c in lab.chars) + max(c.bottom for c in lab.chars)) / 2
        return abs(cy - (head_top + bottom) / 2) < abs(cy - (first_bottom + bottom) / 2)

    owner: dict[int, _Label] = {}
    for c in range(len(xs) - 1):
        fixed = [t for t in tops if t.c0 <= c < t.c1]
        if fixed:
            owner[c] = fixed[0]
            continue
        under = [o for o in rest if o.c0 <= c < o.c1]
        if not under:
            continue
        top_under = min(under, key=lambda o: o.top)
        if tall(top_under) and not any(o.top > top_under.bottom and top_under.c0 <= o.c0
                                       and o.c1 <= top_under.c1 for o in rest):
            continue          # a leaf centred in all the header's rows (a group is no leaf)
        centre = (xs[c] + xs[c + 1]) / 2
        owner[c] = min(tops, key=lambda t: abs(mid_x(t) - centre))

    def labels_rows(c: int) -> bool:
        return _prints_labels(c, xs, body)
    # a group over the rows' labels (项目 over 功能分类科目编码 | 名称) beside a group over
    # amounts only (收入预算 over 合计 | 财政拨款收入 …): the amount columns between them are
    # the amounts group's, however far off its centre a layout dump prints its label
    for a, b in zip(tops, tops[1:]):
        acols = sorted(c for c, o in owner.items() if o is a)
        bcols = sorted(c for c, o in owner.items() if o is b)
        if not acols or not bcols or any(labels_rows(c) for c in bcols):
            continue
        named = [c for c in acols if labels_rows(c)]
        move = [c for c in acols if named and c > max(named)]
        if move and move == list(range(move[0], bcols[0])):
            for c in move:
                owner[c] = b
    # a two-sided table (本年收入 | 本年支出, each over a column of the rows' labels): a column
    # goes to the side whose labels stand left of it, however tall its own label is (预算数
    # set in every header row under 本年收入)
    def nearest(c: int) -> _Label:
        return min(tops, key=lambda t: abs(mid_x(t) - (xs[c] + xs[c + 1]) / 2))

    def names_rows(c: int) -> bool:
        # a column of the rows' labels headed, under the top line, by 项目 or …名称
        return labels_rows(c) and any(o.c0 <= c < o.c1 and NAME_HEADER.search(
            compact("".join(ch.text for ch in o.chars))) for o in rest)
    sides = [(c, owner.get(c) or nearest(c)) for c in range(len(xs) - 1) if names_rows(c)]
    if len({id(o) for _, o in sides}) >= 2 and sides[0][0] == 0:
        for c in range(len(xs) - 1):
            left = [o for k, o in sides if k <= c]
            if left:
                owner[c] = left[-1]
    for t in tops:
        cols = sorted(c for c, o in owner.items() if o is t)
        # a label over no column of others' labels keeps its own columns
        if not any(o.c0 <= c < o.c1 for c in cols for o in rest):
            continue
        if cols == list(range(min(cols), max(cols) + 1)):
            t.c0, t.c1 = min(cols), max(cols) + 1


def _prints_labels(c: int, xs: list[float], body: list[Word], codes: bool = True) -> bool:
    """Does the body print text (no amount; with `codes`, codes count) in column c?"""
    return any(xs[c] <= (v.x0 + v.x1) / 2 < xs[c + 1] and not is_amount_text(v.text)
               and (codes or not code_word(v)) for v in body)


def _name_over_outline(labels: list[_Label], xs: list[float], body: list[Word]) -> None:
    """The header over the rows' labels (项目名称) heads the columns of labels left of it that
    no header label stands over: an outline's groups (一般公共预算资金 | 小计, 公共财政拨款 …),
    printed in a cell of their own spanning the group's rows, under one header cell."""
    for lab in labels:
        if not NAME_HEADER.search(compact("".join(c.text for c in lab.chars))):
            continue
        while lab.c0 > 0 and _prints_labels(lab.c0 - 1, xs, body, codes=False) and not any(
                o.c0 <= lab.c0 - 1 < o.c1 for o in labels if o is not lab):
            lab.c0 -= 1


def _stub_over_labels(labels: list[_Label]) -> None:
    """The stub's header (项目, 科目) heads the columns of the rows' codes and labels only
    (功能分类科目编码 | 科目名称), never an amount column beside them (本年收入合计): a layout dump
    centres 项目 over its columns as printed, which may reach over the next one's."""
    def text(lab: _Label) -> str:
        return compact("".join(c.text for c in lab.chars))

    def top_under(lab: _Label, c: int) -> _Label | None:
        under = [o for o in labels if o is not lab and o.top > lab.bottom and o.c0 <= c < o.c1]
        return min(under, key=lambda o: o.top) if under else None

    def stub(o: _Label | None) -> bool:
        return o is not None and bool(CODE_HEADER.search(text(o)) or NAME_HEADER.search(text(o)))

    for lab in labels:
        if not re.fullmatch(r"项目|科目", text(lab)) or not any(stub(top_under(lab, c)) for c in range(lab.c0, lab.c1)):
            continue
        # (a column with no label under it is left as it is)
        while lab.c1 - lab.c0 > 1 and (o := top_under(lab, lab.c1 - 1)) is not None and not stub(o):
            lab.c1 -= 1


def _share_group_lines(labels: list[_Label]) -> None:
    """Group labels side by side on a line below the top, each over labels of its own, share
    out the columns from the first one's to the last one's: each goes to the group label
    nearest the column's own label under them (功能分类 | 支出用途 over 功能科目名称 金额 |
    项目名称 金额). A layout dump prints a wide CJK label half its width, so it stands left of
    its cells' centre and centres alone cannot tell whose the column between them is."""
    if not labels:
        return
    head_top = min(lab.top for lab in labels)

    def extent(lab: _Label) -> tuple[float, float]:
        return min(c.x0 for c in lab.chars), max(c.x1 for c in lab.chars)

    def below(lab: _Label) -> list[_Label]:
        return [o for o in labels if o.top > lab.bottom and lab.c0 <= o.c0 and o.c1 <= lab.c1]

    for top in sorted({lab.top for lab in labels if lab.top - head_top >= 1.0}):
        groups = sorted((lab for lab in labels if abs(lab.top - top) < 1.0 and below(lab)),
                        key=lambda lab: lab.c0)
        if len(groups) < 2:
            continue
        owner: dict[int, _Label] = {}
        for c in range(groups[0].c0, groups[-1].c1):
            # (a label level with the groups, wrapped round their line or beside a group's
            # wrapped lines, keeps the columns it labels: 因公出国 / 合计 / （境）费, 公务用车 /
            # 小计 / 购置费)
            if any(all(o is not h for h in groups) and o.c0 <= c < o.c1 and o.top < g.bottom
                   and g.top < o.bottom for o in labels for g in groups):
                continue
            under = [o for o in labels if o.top > top + 1.0 and o.c0 <= c < o.c1]
            if not under:
                continue
            u0, u1 = extent(min(under, key=lambda o: o.top))
            owner[c] = min(groups, key=lambda g: max(0.0, extent(g)[0] - u1, u0 - extent(g)[1]))
        spans = {id(g): [c for c, o in owner.items() if o is g] for g in groups}
        if any(not cols or cols != list(range(min(cols), max(cols) + 1)) for cols in spans.values()):
            continue
        for g in groups:
            g.c0, g.c1 = min(spans[id(g)]), max(spans[id(g)]) + 1


def _of_which_under_group(labels: list[_Label]) -> None:
    """A column labelled 其中：… (of which) is a part of the column left of it, so it belongs to
    that column's group (项目支出 over 小计 | 其中：基本建设资金支出), however far off the group's
    centre a layout dump prints the group's label."""
    for lab in labels:
        if not compact("".join(c.text for c in lab.chars)).startswith("其中"):
            continue
        left = [o for o in labels if o.c1 == lab.c0 and o.c1 - o.c0 == 1]
        groups = [p for o in left for p in labels if p is not o and p.c0 <= o.c0 and o.c1 <= p.c1
                  and p.c1 == lab.c0 and p.bottom <= min(o.top, lab.top)]
        if groups:
            inner = max(groups, key=lambda p: p.top)
            inner.c1 = lab.c1


def _subgroups_by_depth(labels: list[_Label]) -> None:
    """A group under a group (公务用车购置及运行维护费 under “三公”经费) spans only the columns
    whose labels stand in the rows under it. Its children are set in the header's last rows,
    its siblings (因公出国（境）费, 公务接待费) in cells reaching up to its own line, so they are
    centred higher: a leaf's middle goes down the deeper it stands in the tree. A layout dump
    prints a wide group label left of its columns' middle and shorter than it was, so centring
    gives it its siblings' columns too; its edge columns whose labels stand beside its print
    and are centred clearly higher than its deepest children are given back to its parent; a
    group heading the header gives up its edge columns whose labels beside its print are
    centred in all the header's rows. A group lies inside the group it stands under."""
    def mid_y(lab: _Label) -> float:
        return (min(c.top for c in lab.chars) + max(c.bottom for c in lab.chars)) / 2

    if not labels:
        return
    head_top = min(c.top for o in labels for c in o.chars)
    head_bottom = max(c.bottom for o in labels for c in o.chars)
    for g in sorted(labels, key=lambda o: o.top):
        above = [p for p in labels if p is not g and p.bottom <= g.top and p.c0 < g.c1 and g.c0 < p.c1
                 and p.c1 - p.c0 > 1]
        parent = max(above, key=lambda p: p.top) if above else None
        c0, c1 = (max(g.c0, parent.c0), min(g.c1, parent.c1)) if parent else (g.c0, g.c1)
        if c1 - c0 < 2:
            continue

        def first_under(c: int) -> _Label | None:
            under = [o for o in labels if o.top >= g.bottom and o.c0 <= c < o.c1]
            return min(under, key=lambda o: o.top) if under else None

        firsts = {c: first_under(c) for c in range(c0, c1)}
        if any(f is None for f in firsts.values()):
            continue
        # a column under a group of its own under g is g's (基本支出 under 预算数); the leaves
        # right under g set how deep its children stand
        # (or, where every column under g has a group of its own, those groups: 小计 |
        # 公务用车购置费 … under 公务用车购置及运行维护费, each over 预算数 | 决算数)
        leaves = [f for f in firsts.values() if f.c1 - f.c0 == 1]
        groups_only = not leaves
        leaves = leaves or list(firsts.values())
        deepest = max(mid_y(f) for f in leaves)
        size = max(ch.size for ch in g.chars)
        x0, x1 = min(ch.x0 for ch in g.chars), max(ch.x1 for ch in g.chars)

        def beside(c: int) -> bool:
            f = firsts[c]
            fx0, fx1 = min(ch.x0 for ch in f.chars), max(ch.x1 for ch in f.chars)
            if (f.c1 - f.c0 > 1 and not groups_only) or (fx0 < x1 and x0 < fx1):
                return False
            if parent is None:
                # a group heading the header: a leaf centred in all the header's rows rather
                # than in the rows under it, and starting above every label in its other
                # columns (机关运行经费预算数 beside “三公”经费预算数)
                y = mid_y(f)
                others = [o for o in labels if o.top >= g.bottom and o.c0 < c1 and c0 < o.c1
                          and not o.c0 <= c < o.c1]
                return abs(y - (head_top + head_bottom) / 2) < abs(y - (g.bottom + head_bottom) / 2) \
                    and bool(others) and f.top < min(o.top for o in others) - 0.5 * size
            return mid_y(f) < deepest - 1.5 * size

        while c1 - c0 > 2 and beside(c0):
            c0 += 1
        while c1 - c0 > 2 and beside(c1 - 1):
            c1 -= 1
        g.c0, g.c1 = c0, c1


def _widen_parents(labels: list[_Label]) -> None:
    """A parent label reaches over the neighbouring columns whose top label stands lower and
    is a parent itself (项目 over 功能分类科目编码, itself over 类 款 项, and 功能分类科目名称),
    or a leaf set in the rows under it, on the line of its children (功能分类科目编码 over 类
    款 and 项 beside them):
    an inner node of the header tree has a parent when a label of the line above stands
    beside it, though that label is not centred over both (a layout dump's columns are not
    the page's). A leaf set lower (合计 centred in a cell spanning every header row) is no
    child of its neighbour."""
    def children(lab: _Label) -> bool:
        return any(o.top > lab.bottom and lab.c0 <= o.c0 and o.c1 <= lab.c1 for o in labels if o is not lab)

    head_top = min((c.top for o in labels for c in o.chars), default=0.0)
    head_bottom = max((c.bottom for o in labels for c in o.chars), default=0.0)
    last_top = max((c.top for o in labels for c in o.chars), default=0.0)

    def centred_under(lab: _Label, t: _Label) -> bool:
        # a leaf set in the rows under the label, not in all the header's rows: its middle
        # is nearer the middle of the rows under the label (合计 beside 基本支出 under
        # 一般公共预算支出; 项 beside 类 款 under 功能分类科目编码) than the header's middle
        # and it starts on the line of one of the label's children; the label heads the
        # header, or the leaf stands on its last line (a layout dump's lines between are
        # too coarse to tell a grandchild from a child)
        if lab.top > head_top + 1.0 and t.top < last_top - 1.0:
            return False
        # nor is it nearer another parent of the label's line (合计 between 项目 and
        # 政府性基金预算支出 is the nearer one's)
        def gap(a: _Label) -> float:
            ax0, ax1 = min(c.x0 for c in a.chars), max(c.x1 for c in a.chars)
            tx0, tx1 = min(c.x0 for c in t.chars), max(c.x1 for c in t.chars)
            return max(0.0, ax0 - tx1, tx0 - ax1)
        if any(abs(o.top - lab.top) < 1.0 and o is not lab and children(o) and gap(o) < gap(lab)
               for o in labels):
            return False
        cy = (min(c.top for c in t.chars) + max(c.bottom for c in t.chars)) / 2
        return abs(cy - (lab.bottom + head_bottom) / 2) < abs(cy - (head_top + head_bottom) / 2) \
            and any(abs(o.top - t.top) < 1.0 and o.top > lab.bottom and lab.c0 <= o.c0 and o.c1 <= lab.c1
                    for o in labels if o is not lab and o is not t)

    def top_label(c: int, lab: _Label) -> _Label | None:
        # the top label of column c under the line of `lab`; None when a label on that line
        # or between it and the label found claims the column
        over = [o for o in labels if o.c0 <= c < o.c1 and o is not lab]
        below = [o for o in over if o.top > lab.bottom]
        # (a label wrapped round the line of `lab`, 因公出国 / 合计 / （境）费, claims it too)
        if not below or any(o.top <= lab.bottom and (o.top >= lab.top - 1.0 or o.bottom > lab.top + 1.0)
                            for o in over):
            return None
        return min(below, key=lambda o: o.top)

    for lab in sorted(labels, key=lambda o: o.top):
        if not children(lab):
            continue
        for step in (-1, 1):
            while True:
                c = lab.c0 - 1 if step < 0 else lab.c1
                t = top_label(c, lab) if 0 <= c else None
                if t is None or t is lab or t.top <= lab.bottom or not (children(t) or centred_under(lab, t)) \
                        or (t.c1 > lab.c0 if step < 0 else t.c0 < lab.c1):
                    break
                if step < 0:
                    lab.c0 = t.c0
                else:
                    lab.c1 = t.c1


def lines_of(words: list[Word]) -> list[list[Word]]:
    """Words grouped by the line they stand on, each line left to right."""
    out: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        if out and abs(out[-1][0].top - w.top) < 0.3 * w.size:
            out[-1].append(w)
        else:
            out.append([w])
    return [sorted(line, key=lambda w: w.x0) for line in out]


def _in_order(line: list[Word], xs: list[float], words: list[Word]) -> list[tuple[int, int]]:
    """Runs for the words of one line, left to right and apart, as near their centres as
    can be: each word a run centred on it (`_centred_runs`) or a single column, the sum of
    the distances between the word's centre and its run's smallest (a little more for a
    run that is not the word's first choice). Too many words for the columns: each its
    first choice."""
    C = len(xs) - 1
    cands = []
    for w in line:
        mid = (w.x0 + w.x1) / 2
        best = _centred_runs(w, xs, words)
        rs = list(dict.fromkeys(best + [(c, c + 1) for c in range(C)]))
        cands.append([(abs((xs[a] + xs[b]) / 2 - mid) / w.size + (0 if (a, b) == best[0] else 0.5), (a, b))
                      for a, b in rs])
    # cost[k][e]: least cost of the first k words, the last one's run ending at column e
    inf = float("inf")
    cost = [[inf] * (C + 1) for _ in range(len(line) + 1)]
    back: list[list[tuple[int, tuple[int, int]] | None]] = [[None] * (C + 1) for _ in range(len(line) + 1)]
    cost[0][0] = 0.0
    for k, cs in enumerate(cands):
        for e in range(C + 1):
            if cost[k][e] == inf:
                continue
            for c, (a, b) in cs:
                if a >= e and cost[k][e] + c < cost[k + 1][b]:
                    cost[k + 1][b] = cost[k][e] + c
                    back[k + 1][b] = (e, (a, b))
    end = min(range(C + 1), key=lambda e: cost[len(line)][e])
    if cost[len(line)][end] == inf:
        return [_centred_runs(w, xs, words)[0] for w in line]
    out = []
    for k in range(len(line), 0, -1):
        e, r = back[k][end]
        out.append(r)
        end = e
    return out[::-1]


def header_words(header_lines: list[TextLine], body: list[Word] = ()) -> list[Word]:
    """Header words with the lines of one wrapped label joined (决算数为调 / 整预算数%, 因公出 /
    国（境） / 费), and a label printed letter-spaced on its line (金   额, 备 注) one word.
    A line goes on a label when it is the next line, stands alone under it (the only word of
    its line over the label, the label the only word of its line over it), starts or centres
    where it does, and is no longer than it by more than a character (a wrapped label fills
    its first line, but for a bracket it may not end it with: 因公出 / 国（境）; a child
    under a parent, longer, is no wrap). Joined before
    the labels' columns are chosen, since a layout dump sets a wrapped line as far below as
    a child (every text line is a line of its own)."""
    out: list[Word] = []
    placed: list[tuple[int, Word, int]] = []     # (line, word as printed, index in out)
    for i, ln in enumerate(header_lines):
        row = _spaced_joined(ln.words, body, [w for h in header_lines[:i] for w in h.words])
        for w in row:
            tol = 0.6 * w.size
            # the nearest line above printing over this word: the line just above, or one
            # further when the line between prints nothing here (a wrapped label set level
            # with another cell's centred label: 决算数为调 / 项目 预算数 … / 整预算数%)
            above = [(j, v, k) for j, v, k in placed if v.x0 < w.x1 and w.x0 < v.x1]
            j = max((j for j, _, _ in above), default=None)
            if j is not None and i - j <= 2 and ln.top - header_lines[j].bottom <= 3.2 * ln.size:
                over = [(v, k) for jj, v, k in above if jj == j]
                if len(over) == 1:
                    v, k = over[0]
                    # (the words under it as wide as it printed: 财政拨款收入 over 项目 | 预算数
                    # is a group, not 财政拨款收入项目; but no further than the next word of its
                    # line, whose the words under it are: 一般公共 | 政府性基 over 预算财政 |
                    # 金预算财)
                    v_end = min([printed_x1(v)] + [u.x0 for jj, u, _ in placed if jj == j and u.x0 > v.x0])
                    under = [u for u in row if u.x0 < v_end and v.x0 < u.x1]
                    aligned = (abs(v.x0 - w.x0) <= tol
                               or abs((v.x0 + v.x1) - (w.x0 + w.x1)) / 2 <= tol)
                    # (a group's label may wrap too: round a line of other cells' labels set
                    # level with its middle, its tail centred over the same group, 因公出国 /
                    # 合计 … / （境）费 over 预算数 | 决算数)
                    lower = [list(h.words) for h in header_lines[i + 1:]]
                    if under == [w] and aligned and len(w.text) <= len(v.text) + 1 \
                            and not _centres_a_group(v, w, row, [u for jj, u, _ in placed if jj == j]) \
                            and not _spread(out[k]) \
                            and (not heads_a_group(v, lower) or (i - j == 2 and heads_a_group(w, lower))):
                        lab = out[k]
                        out[k] = Word(lab.text + w.text, min(lab.x0, w.x0), lab.top,
                                      max(lab.x1, w.x1), w.bottom, max(lab.size, w.size),
                                      lab.chars + w.chars)
                        placed.append((i, w, k))
                        continue
            out.append(w)
            placed.append((i, w, len(out) - 1))
    return out


def _spread(w: Word) -> bool:
    """A label printed letter-spaced across its cell (收        入): never a wrapped line."""
    return any(b.x0 - a.x1 > w.size for a, b in zip(w.chars, w.chars[1:]))


def _label_word(lab: "_Label") -> Word:
    cs = lab.chars
    return Word("".join(c.text for c in cs), min(c.x0 for c in cs), lab.top, max(c.x1 for c in cs),
                lab.bottom, max(c.size for c in cs), tuple(cs))


def _centres_a_group(v: Word, w: Word, row: list[Word], beside: list[Word] = ()) -> bool:
    """Is `v` centred over `w` and neighbours of its line together (小计 基本支出 项目支出
    under 一般公共预算支出): then it is their parent, though `w` alone stands under it. Not
    over words reaching under a word `beside` it on its own line: those are that word's (一般公共
    over 预算财政 only, 金预算财 under 政府性基 beside it)."""
    row = sorted(row, key=lambda u: u.x0)
    k = row.index(w)
    mid = (v.x0 + v.x1) / 2
    for a in range(k + 1):
        for b in range(k + 1, len(row) + 1):
            if b - a >= 2 and abs((row[a].x0 + row[b - 1].x1) / 2 - mid) <= w.size and not any(
                    u is not v and u.x0 < row[b - 1].x1 and row[a].x0 < u.x1 for u in beside):
                return True
    return False


def _under_two(a: Word, b: Word, above: list[Word]) -> bool:
    """Do `a` and `b` stand under two different words of the nearest header line above that
    prints over either of them?"""
    over = [v for v in above if (v.x0 < a.x1 and a.x0 < v.x1) or (v.x0 < b.x1 and b.x0 < v.x1)]
    if not over:
        return False
    top = max(v.top for v in over)
    line = [v for v in over if abs(v.top - top) < 0.3 * v.size]
    ua = {id(v) for v in line if v.x0 < a.x1 and a.x0 < v.x1}
    ub = {id(v) for v in line if v.x0 < b.x1 and b.x0 < v.x1}
    return bool(ua) and bool(ub) and not (ua & ub)


def _spaced_joined(words: tuple[Word, ...], body: list[Word] = (), above: list[Word] = ()) -> list[Word]:
    """Single characters of one label set apart on a header line (金   额, 项     目, 备 注):
    single CJK characters at most four characters apart and evenly, that stand over the same
    printed cell of the body (an amount column, a long label), or one of them over none. 类 款 项 over the
    three code columns (201 06 01) are three labels."""
    ws = list(words)
    out: list[Word] = []

    # 收   入   总   计 is one cell of the body
    cells = [u for line in lines_of(list(body)) for u in unspaced(tuple(line))]

    def over(w: Word) -> set[int]:
        return {k for k, v in enumerate(cells) if v.x0 < w.x1 and w.x0 < v.x1}

    k = 0
    while k < len(ws):
        run = [ws[k]]
        while k + len(run) < len(ws):
            nxt = ws[k + len(run)]
            gap = nxt.x0 - run[-1].x1
            if not (single_cjk(run[-1]) and single_cjk(nxt) and 0 < gap <= 4 * nxt.size):
                break
            if len(run) > 1 and abs(gap - (run[1].x0 - run[0].x1)) > 0.5 * nxt.size:
                break
            a, b = over(run[-1]), over(nxt)
            if a and b and not (a & b):
                break
            if _under_two(run[-1], nxt, above):
                break                        # 本年收入合 财政拨款收 over 计 入: two wrapped tails
            if CODE_HEADER.match(run[-1].text) and CODE_HEADER.match(nxt.text):
                break                        # 类 款 项: the code's parts, each a column
            # a letter-spaced label's gaps are narrower than those that part it from its
            # neighbours (项   目       决   算: 项目 | 决算, never 目决)
            before = run[0].x0 - ws[k - 1].x1 if k else float("inf")
            after_i = k + len(run) + 1
            after = ws[after_i].x0 - nxt.x1 if after_i < len(ws) else float("inf")
            if gap > before or gap > after:
                break
            run.append(nxt)
        if len(run) > 1:
            out.append(Word("".join(w.text for w in run), run[0].x0, min(w.top for w in run),
                            run[-1].x1, max(w.bottom for w in run), max(w.size for w in run),
                            tuple(c for w in run for c in w.chars)))
        else:
            out.append(run[0])
        k += len(run)
    return out


def _wrapped_across(lab: "_Label", w: Word, xs: list[float], words: list[Word]) -> bool:
    """A label wrapped onto a line printed further down because other cells' lines come
    between (a layout dump gives every text line a line of its own: 一般公共 / 科目编码 … /
    预算): nothing is printed over its columns in between, and it is at most a line away."""
    if not 0 < w.top - lab.bottom <= 3.2 * w.size or _spread(_label_word(lab)):
        return False
    if heads_a_group(_label_word(lab), lines_of([v for v in words if v.top > w.top]), printed=True):
        return False           # 预算数 centred over 人员经费 | 公用经费: a group, not 预算数基本支出
    # a wrapped label's lines share their centre (or left edge): one stands within the other
    last = [c for c in lab.chars if c.top >= lab.bottom - w.size] or lab.chars
    a0, a1 = min(c.x0 for c in last), max(c.x1 for c in last)
    if not (a0 - 1 <= (w.x0 + w.x1) / 2 <= a1 + 1 or w.x0 - 1 <= (a0 + a1) / 2 <= w.x1 + 1):
        return False
    x0, x1 = xs[lab.c0], xs[lab.c1]
    if any(lab.bottom <= v.top < w.top and x0 <= (v.x0 + v.x1) / 2 <= x1 for v in words if v is not w):
        return False
    # a line of group labels over a line of their columns' labels (功能分类 支出用途 over
    # 功能科目名称 金额 项目名称 金额): the word under this label is its child, as the words
    # under its neighbours are theirs, not its second line. A line of second lines (一般公共
    # 政府性基 over 预算 金预算) prints nothing between them that stands under none of them.
    ids = {id(c) for c in lab.chars}
    top_line = [v for v in words if abs(v.top - lab.top) < 0.3 * v.size]
    beside = [v for v in top_line if not any(id(c) in ids for c in v.chars)]
    row = [u for u in words if u is not w and abs(u.top - w.top) < 0.3 * w.size]
    lo, hi = min(v.x0 for v in top_line), max(v.x1 for v in top_line)
    return not (any(u.x0 < v.x1 and v.x0 < u.x1 for v in beside for u in row)
                and any(lo < u.x0 and u.x1 < hi and not any(u.x0 < v.x1 and v.x0 < u.x1 for v in top_line)
                        for u in row))


def _centred_runs(w: Word, xs: list[float], others: list[Word] = ()) -> list[tuple[int, int]]:
    """The runs of columns a header word may label, best first. Header labels are centred
    over what they label, but a label centred over three columns is also centred over the
    middle one; so of the runs centred on the word and wide enough to hold it, the widest
    whose every column has something printed a row under the word (its children) comes
    first, then the narrower ones. A label is also taken as wide as it printed
    (`printed_x1`): a layout dump may set a CJK label from its left edge at half its width, or
    centre it at that width; the runs it heads either way are its candidates, widest first."""
    parents, rest = _runs_centred(w, xs, others, w.x1)
    if printed_x1(w) > w.x1:
        wide, _ = _runs_centred(w, xs, others, printed_x1(w), wide=True)
        parents = sorted(set(parents) | set(wide), key=lambda r: r[0] - r[1])
        rest = [r for r in rest if r not in parents]
    return parents + rest


def _runs_centred(w: Word, xs: list[float], others, x1: float, wide: bool = False) -> tuple[list, list]:
    """`_centred_runs` for the word reaching to x1: (the runs it heads, the others)."""
    mid = (w.x0 + x1) / 2
    C = len(xs) - 1
    tol = max(3.0, 0.75 * w.size)
    runs = [(a, b) for a in range(C) for b in range(a + 1, C + 1)
            if abs((xs[a] + xs[b]) / 2 - mid) <= tol and xs[a] <= w.x0 + tol and xs[b] >= x1 - tol]
    if not runs:
        centre = max(0, min(C - 1, sum(1 for x in xs[1:-1] if x <= mid)))
        return [], [(centre, centre + 1)]

    def col(v: Word) -> int:
        return sum(1 for x in xs[1:-1] if x <= (v.x0 + v.x1) / 2)

    # a child sits a row lower: a cell's padding and more below the label (a tall neighbour,
    # centred in a cell spanning the header's rows, starts about level with it)
    below = {col(v) for v in others if v.top >= w.bottom + 0.9 * w.size}

    def tall_leaf(c: int) -> bool:
        # the column's label under the word is a leaf centred in a cell of all the header's
        # rows (合计 beside “三公”经费's children), not in the rows under the word: no child
        under = sorted((v for v in others if col(v) == c and v.top >= w.bottom + 0.9 * w.size),
                       key=lambda v: v.top)
        if len(under) != 1 or not others:
            return False
        v = under[0]
        top, bottom = min(o.top for o in others), max(o.bottom for o in others)
        cy = (v.top + v.bottom) / 2
        # taken as wide as it printed, the word is centred on more of its neighbours: only a
        # leaf clearly centred in all the header's rows is one (a dump's blank lines are thin)
        margin = 0.25 * w.size if wide else 0.0
        return abs(cy - (top + bottom) / 2) + margin < abs(cy - (w.bottom + bottom) / 2)

    if wide:
        # as wide as it printed, the word is centred on its neighbours' tall leaves too
        # (机关运行经费预算数 beside “三公”经费预算数): they are not its columns
        def trimmed(r: tuple[int, int]) -> tuple[int, int]:
            a, b = r
            while b - a > 1 and tall_leaf(a):
                a += 1
            while b - a > 1 and tall_leaf(b - 1):
                b -= 1
            return a, b
        runs = list(dict.fromkeys(trimmed(r) for r in runs))
    # a label's children stand under it: a word level with it though on another line (a
    # sibling centred in a tall cell: 因公出国（境）费 wrapped round 合计's line) is no child
    level = [v for v in others if v is not w and v.top < w.bottom and w.top < v.bottom
             and abs(v.top - w.top) >= 0.3 * w.size]

    def heads(r: tuple[int, int]) -> bool:
        a, b = xs[r[0]], xs[r[1]]
        return not any(v.x0 < b and a < v.x1 for v in level)

    parents = [r for r in sorted(runs, key=lambda r: r[0] - r[1])
               if r[1] - r[0] > 1 and all(c in below for c in range(*r))
               and not tall_leaf(r[0]) and not tall_leaf(r[1] - 1) and heads(r)]
    singles = sorted((r for r in runs if r not in parents), key=lambda r: r[1] - r[0])
    # a label without children that fits the column under its centre labels that column,
    # even when it is off its centre (a layout dump's columns are whole characters wide)
    home = col(w)
    if xs[home] <= w.x0 + tol and xs[home + 1] >= w.x1 - tol:
        singles = [(home, home + 1)] + [r for r in singles if r != (home, home + 1)]
    inside = [c for c in range(C) if xs[c] <= w.x0 and w.x1 <= xs[c + 1]]
    if not parents and inside and singles and singles[0][1] - singles[0][0] > 1:
        # a leaf printed inside one column labels that column, though not centred on it: a
        # label column's borders are set by its left-aligned labels (采购品目大类 | 专项名称 …)
        return [], [(inside[0], inside[0] + 1)] + singles
    return parents, singles


__all__ = ["group_span", "header_labels", "header_words", "heads_a_group", "lines_of"]
