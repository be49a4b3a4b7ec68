"""Columns of an unruled table that the body never prints: found from the header.

Without rulings, amount columns are found from their right-aligned numbers. A column printed
blank in every body row (a 三公 table's one row with 公务用车购置费 blank) has none, so its
region goes to a neighbour, and its header label is glued to the neighbour's
(公务用车购置费 + 公务用车运行维护费 as one column). Its header still prints it: two leaf labels
side by side over one amount column, the body printing under only one of them, are two
columns — the border lies in the gap between them.
"""

from __future__ import annotations

from ..settings import DEFAULT, Settings
from .pdftext import Word
from .printwidth import printed_x1


def _intervals(words: list[Word], gap: float) -> list[tuple[float, float]]:
    """The words' x-projection as disjoint intervals (closer than `gap`: one interval)."""
    out: list[tuple[float, float]] = []
    for w in sorted(words, key=lambda w: w.x0):
        if out and w.x0 - out[-1][1] < gap:
            out[-1] = (out[-1][0], max(out[-1][1], w.x1))
        else:
            out.append((w.x0, w.x1))
    return out


def split_blank_columns(xs: list[float], amount_cols: list[tuple[float, float]],
                        header: list[Word], body: list[Word], settings: Settings = DEFAULT
                        ) -> list[float]:
    """`xs` with a border added wherever an amount column's header holds labels of two
    columns, one of them printed blank. A label letter-spaced into words (金 额) is not two:
    each side must print `settings.blank_column_min_label` characters' width of label."""
    out = list(xs)
    for k in range(len(xs) - 1):
        x0, x1 = xs[k], xs[k + 1]
        if not any(a >= x0 - 1 and b <= x1 + 1 for a, b in amount_cols):
            continue
        inside = [w for w in header if x0 - 1 <= w.x0 and w.x1 <= x1 + 1]
        if not inside:
            continue
        size = max(w.size for w in inside)
        parts = _intervals(inside, settings.blank_column_gap * size)
        wide = settings.blank_column_min_label * size

        def printed(a0: float, a1: float) -> float:
            # the part's width as printed (a layout dump's 购置费 takes half its width)
            return max([a1 - a0] + [printed_x1(w) - w.x0 for w in inside if a0 <= w.x0 and w.x1 <= a1])
        under = [w for w in body if x0 <= (w.x0 + w.x1) / 2 <= x1]
        for (a0, a1), (b0, b1) in zip(parts, parts[1:]):
            if printed(a0, a1) < wide or printed(b0, b1) < wide:
                continue
            if any(w.x0 < a1 and w.x1 > b0 for w in under):
                continue                  # the body prints across the gap: one column
            left = [w for w in under if w.x0 < a1]
            right = [w for w in under if w.x1 > b0]
            if left and right:
                continue                  # both printed: the amounts made their columns
            # the border between the printed side (its numbers may reach past its label,
            # right-aligned) and the blank one
            lo = max([a1] + [w.x1 for w in left])
            hi = min([b0] + [w.x0 for w in right])
            if lo < hi:
                out.append((lo + hi) / 2)
    return sorted(set(out))
