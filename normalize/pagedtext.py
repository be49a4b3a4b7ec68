"""A document's text read page by page, as the whole text would be read: its lines and the
matches of a pattern over it, without ever joining the pages (a long dump's text is held on
disk, a few pages at a time: see model.Spill)."""

from __future__ import annotations

from typing import Callable, Iterable, Iterator

# Text searched at a time (characters): pages are joined up to this before a search.
CHUNK_CHARS = 1 << 20
# A match ending within this many characters of a chunk's end is searched again with the next
# chunk: the patterns searched this way (a year and 预算/决算, a year printed 2O21) are a few
# characters and spaces long, far shorter.
OVERLAP = 4096


class PagedText:
    """`"\\f".join(pages)` for reading: `lines()` are its `splitlines()`, `finditer` its
    matches, computed page by page."""

    def __init__(self, pages: Iterable[str]) -> None:
        self.pages = pages

    def lines(self) -> Iterator[str]:
        """The whole text's splitlines(): a form feed ends a line, so each page but the last,
        with its form feed, splits on its own."""
        previous = None
        for page in self.pages:
            if previous is not None:
                yield from (previous + "\f").splitlines()
            previous = page
        if previous is not None:
            yield from previous.splitlines()

    def chunks(self, transform: Callable[[str], str] | None = None) -> Iterator[str]:
        """The text in pieces of about CHUNK_CHARS that end at page breaks (each piece after
        the first starts with its form feed), each transformed on its own."""
        held: list[str] = []
        size = 0
        first = True
        for page in self.pages:
            piece = page if first else "\f" + page
            first = False
            held.append(piece)
            size += len(piece)
            if size >= CHUNK_CHARS:
                text = "".join(held)
                yield transform(text) if transform else text
                held, size = [], 0
        if held or first:
            text = "".join(held)
            yield transform(text) if transform else text

    def finditer(self, pattern, transform: Callable[[str], str] | None = None) -> Iterator:
        """pattern.finditer over the whole (transformed) text, left to right, non-overlapping:
        the matches of a chunk that end within OVERLAP of its end are searched again, from
        their start, with the next chunk."""
        chunks = self.chunks(transform)
        left, chunk = "", next(chunks)
        for following in chunks:
            text = left + chunk
            limit = len(text) - OVERLAP
            last, cut = 0, None
            for m in pattern.finditer(text):
                if m.end() > limit:
                    cut = m.start()
                    break
                last = m.end()
                yield m
            left = text[cut if cut is not None else max(last, limit):]
            chunk = following
        yield from pattern.finditer(left + chunk)


def heading(text, n: int) -> list[str]:
    """The first n non-blank lines of a str or a PagedText."""
    lines = text.splitlines() if isinstance(text, str) else text.lines()
    out = []
    for line in lines:
        if line.strip():
            out.append(line)
            if len(out) == n:
                break
    return out


def finditer(pattern, text, transform: Callable[[str], str] | None = None) -> Iterator:
    """pattern.finditer over a str (transformed) or a PagedText."""
    if isinstance(text, str):
        return pattern.finditer(transform(text) if transform else text)
    return text.finditer(pattern, transform)
