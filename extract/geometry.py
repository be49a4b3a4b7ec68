"""Page geometry as small frozen records, and pure helpers over them.

One coordinate convention everywhere: points, origin at the top-left of the page, x to the
right, `top` < `bottom` downwards (pdfplumber's). Readers convert at their boundary.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, NamedTuple, Sequence


class Char(NamedTuple):
    """One printed character. (A named tuple: pages hold thousands, built in a hot loop.)"""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float           # font size in points

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


class Edge(NamedTuple):
    """A ruling segment: horizontal (top == bottom) or vertical (x0 == x1), after snapping."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)

    @property
    def length(self) -> float:
        return max(self.x1 - self.x0, self.bottom - self.top)


@dataclass(frozen=True)
class Box:
    x0: float
    top: float
    x1: float
    bottom: float

    def contains(self, x: float, y: float, tol: float = 0.0) -> bool:
        return self.x0 - tol <= x <= self.x1 + tol and self.top - tol <= y <= self.bottom + tol


@dataclass(frozen=True)
class PageGeom:
    """What the table geometry needs of one page, whatever read it."""

    number: int           # 1-based
    width: float
    height: float
    chars: tuple[Char, ...]
    edges: tuple[Edge, ...]
    error: str | None = None   # why the reader could not read this page (it is then empty)


def cluster(values: Iterable[float], tol: float) -> list[float]:
    """Sorted values merged where consecutive ones lie within `tol`; each cluster → its mean."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


def nearest(value: float, anchors: Sequence[float]) -> int:
    return min(range(len(anchors)), key=lambda i: abs(anchors[i] - value))


def overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    """Length of the overlap of [a0, a1] and [b0, b1] (0 when apart)."""
    return max(0.0, min(a1, b1) - max(a0, b0))


class UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)
