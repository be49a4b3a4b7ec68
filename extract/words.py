"""A line's words as a table's cells: codes (2080505, or 05 of 208 | 05 | 05), labels printed
letter-spaced (收 入 总 计) joined into one word, and totals spelled out a character at a time
at uneven gaps. Shared by the unruled finder (extract/unruled.py) and the header tree
(extract/headertree.py)."""

from __future__ import annotations

from ..patterns import CODE, CODE_PART, TOTAL
from .gridtable import is_amount_text
from .pdftext import Word


def code_word(w: Word) -> bool:
    return bool(CODE.match(w.text) or CODE_PART.match(w.text))


def single_cjk(w: Word) -> bool:
    return len(w.text) == 1 and ord(w.text) >= 0x2E80


def unspaced(words: tuple[Word, ...]) -> list[Word]:
    """A label printed letter-spaced (收 入 总 计, 1. 一 般 公 共预算) as one word: a run of
    single characters set at an even pitch, at most four characters apart. Its pieces are
    one label, and only its first starts a column."""
    out: list[Word] = []
    run: list[Word] = []

    def close():
        if sum(1 for w in run if single_cjk(w)) >= 2:
            out.append(Word("".join(w.text for w in run), run[0].x0, min(w.top for w in run),
                            run[-1].x1, max(w.bottom for w in run), max(w.size for w in run),
                            tuple(c for w in run for c in w.chars)))
        else:
            out.extend(run)
        run.clear()

    words = list(words)
    total_at = spelled_totals(words)
    for n, w in enumerate(words):
        if run:
            gap = w.x0 - run[-1].x1
            pitch = run[1].x0 - run[0].x1 if len(run) > 1 else gap
            even = abs(gap - pitch) <= 0.5 * w.size and gap <= 4 * w.size
            if (even or n in total_at) and (single_cjk(w) or single_cjk(run[-1])) \
                    and not is_amount_text(w.text) and not is_amount_text(run[-1].text):
                run.append(w)
                continue
            close()
        run.append(w)
    close()
    return out


def spelled_totals(words: list[Word]) -> set[int]:
    """Indexes of the words that go on a total's label spelled out one character at a time at
    uneven gaps (收    入       总   计 before its amount): single characters, none more than
    eight characters apart, that together spell a total (…总计, …合计)."""
    out: set[int] = set()
    k = 0
    while k < len(words):
        j = k
        while j + 1 < len(words) and single_cjk(words[j + 1]) and single_cjk(words[j]) \
                and words[j + 1].x0 - words[j].x1 <= 8 * words[j].size:
            j += 1
        if j > k and TOTAL.search("".join(w.text for w in words[k:j + 1])) and j - k + 1 <= 6:
            out.update(range(k + 1, j + 1))
        k = j + 1
    return out


__all__ = ["code_word", "single_cjk", "unspaced", "spelled_totals"]
