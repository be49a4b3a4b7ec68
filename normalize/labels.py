"""The printed labels of a document's tables as a sequence: a label it skips is a table that
was not found (公开01表, 公开02表, 公开04表 → 公开03表 is missing), and the document says so.

Labels are grouped by how they are printed (公开NN表, 表N, 表N with Chinese numerals, 附表N,
表N-M under the same N); within a group every number between the lowest and the highest is
expected once.
"""

from __future__ import annotations

import regex as re

from ..chars import compact
from ..model import Table

_LABEL = re.compile(r"^(?P<pre>附表|附件|表|公开)(?P<num>\d{1,2}|[一二三四五六七八九十]{1,3})"
                    r"(?:[-－—](?P<sub>\d{1,2}))?(?P<post>表?)$")
_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九", 1)}


def chinese_number(text: str) -> int | None:
    """一 … 九十九 → 1 … 99 (十 = 10, 十二 = 12, 二十 = 20, 二十三 = 23)."""
    if not text:
        return None
    if "十" not in text:
        return _DIGITS.get(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    t = _DIGITS.get(tens, None) if tens else 1
    o = _DIGITS.get(ones, None) if ones else 0
    return None if t is None or o is None else 10 * t + o


def _parse(label: str):
    """(group, number, how to print number n) of a label, or None."""
    m = _LABEL.match(compact(label))
    if not m:
        return None
    num, sub = m.group("num"), m.group("sub")
    pre, post = m.group("pre"), m.group("post")
    if sub is not None:               # 表1-2: numbered within 表1-
        width = len(sub)
        return (pre, num, "sub", post), int(sub), \
            lambda n: f"{pre}{num}-{n:0{width}d}{post}"
    if num.isdigit():
        width = len(num) if num.startswith("0") else 1
        return (pre, "digits", post), int(num), lambda n: f"{pre}{n:0{width}d}{post}"
    n = chinese_number(num)
    if n is None:
        return None
    return (pre, "chinese", post), n, lambda k: f"{pre}{_chinese(k)}{post}"


def _chinese(n: int) -> str:
    digits = " 一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def missing_labels(tables) -> list[str]:
    """One warning per gap in a sequence of printed labels, naming the labels missing and the
    tables either side (label and page)."""
    groups: dict[tuple, list[tuple[int, Table, object]]] = {}
    for t in tables:
        parsed = _parse(t.label) if t.label else None
        if parsed:
            group, n, fmt = parsed
            groups.setdefault(group, []).append((n, t, fmt))
    out = []
    for found in groups.values():
        if len(found) < 2:
            continue
        found.sort(key=lambda x: (x[0], x[1].no))
        for (a, ta, fmt), (b, tb, _) in zip(found, found[1:]):
            if b - a <= 1:
                continue
            gone = [fmt(n) for n in range(a + 1, b)]
            names = gone[0] if len(gone) == 1 else f"{gone[0]} … {gone[-1]} ({len(gone)} labels)"
            out.append(f"{names} missing: the printed labels skip from {ta.label} "
                       f"(page {_first(ta)}) to {tb.label} (page {_first(tb)}); a table there was "
                       "not found")
    return out


def _first(t: Table) -> str:
    return str(t.pages[0]) if t.pages else "?"
