"""Ruling lines of a page image (a scan): how far the page is rotated, and the long horizontal
and vertical runs of dark pixels that are a table's borders.

The PDF readers get rulings from drawn paths; a scan has only pixels. A printed border is a run
of dark pixels far longer than any stroke of a character, so runs longer than
`Settings.ocr_min_ruling` (points) are rulings, and the table engine (`ruled.find_grids`)
snaps, joins and cuts them into cells as it does drawn ones. A scan is rarely straight: a
rotation of half a degree moves the end of a 700 px line by 6 px, which breaks it into
short runs, so the rotation is measured first (`skew_angle`) and the image turned back.

Everything here is numpy over a boolean "ink" image (True = dark), in pixels; the reader
converts to points.
"""

from __future__ import annotations

import numpy as np

from .geometry import Edge


def ink(gray: np.ndarray, threshold: int | None = None) -> np.ndarray:
    """Dark pixels of a grayscale image (uint8, 0 = black). The threshold sits between the
    paper and the ink: Otsu's, found from the histogram, so a grey scan or a dark one is
    split as well as a clean one."""
    if threshold is None:
        threshold = otsu(gray)
    return gray < threshold


def otsu(gray: np.ndarray) -> int:
    hist = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    if total == 0:
        return 128
    levels = np.arange(256)
    w0 = np.cumsum(hist)
    m0 = np.cumsum(hist * levels)
    w1 = total - w0
    mean_all = m0[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean_all * w0 / total - m0) ** 2 / (w0 * w1)
    between = np.nan_to_num(between)
    return int(np.argmax(between)) + 1


def skew_angle(dark: np.ndarray, max_degrees: float = 2.0, step: float = 0.05,
               sample: int = 200_000) -> float:
    """The page's rotation in degrees (positive: the page's content turned clockwise in the
    image, i.e. a horizontal line falls to the right), within ±max_degrees.

    Text lines and rulings are horizontal on the page: sheared by the right angle, the dark
    pixels pile up in few rows, so the row histogram is most peaked (largest sum of squares)
    at the page's rotation. A sample of the dark pixels is enough."""
    ys, xs = np.nonzero(dark)
    if len(ys) < 100:
        return 0.0
    if len(ys) > sample:
        pick = np.random.default_rng(0).choice(len(ys), sample, replace=False)
        ys, xs = ys[pick], xs[pick]
    ys = ys.astype(np.float64)
    xs = xs.astype(np.float64) - dark.shape[1] / 2

    def score(angle: float) -> float:
        shifted = ys - xs * np.tan(np.radians(angle))
        hist = np.bincount(np.clip(np.round(shifted).astype(np.int64) + dark.shape[1], 0, None))
        return float(np.dot(hist, hist))

    def peak(angles) -> float:
        # a short line fits several nearby angles equally (its pixels stay in their rows):
        # the middle of the angles that score best, not the first
        scores = np.array([score(a) for a in angles])
        return float(np.mean(angles[scores >= scores.max() * (1 - 1e-9)]))

    best = peak(np.arange(-max_degrees, max_degrees + step / 2, step * 4))
    return peak(np.arange(best - step * 4, best + step * 4 + step / 2, step / 2))


def runs(dark: np.ndarray, min_length: int, max_gap: int) -> list[tuple[int, int, int]]:
    """(row, start, end) of each run of dark pixels along the rows at least `min_length`
    long, gaps of up to `max_gap` pixels bridged (a scanned line is speckled and broken)."""
    h, w = dark.shape
    padded = np.zeros((h, w + 2), dtype=np.int8)
    padded[:, 1:-1] = dark
    d = np.diff(padded, axis=1)
    rows_s, starts = np.nonzero(d == 1)
    rows_e, ends = np.nonzero(d == -1)        # same order: each start has its end
    out: list[tuple[int, int, int]] = []
    if len(starts) == 0:
        return out
    # bridge small gaps: a run whose start is within max_gap of the end before, same row
    new = np.ones(len(starts), dtype=bool)
    new[1:] = (rows_s[1:] != rows_e[:-1]) | (starts[1:] - ends[:-1] > max_gap)
    group = np.cumsum(new) - 1
    first = np.nonzero(new)[0]
    last = np.append(first[1:] - 1, len(starts) - 1)
    g_rows, g_start, g_end = rows_s[first], starts[first], ends[last]
    long_ = (g_end - g_start) >= min_length
    del group
    return list(zip(g_rows[long_].tolist(), g_start[long_].tolist(), g_end[long_].tolist()))


def line_edges(dark: np.ndarray, min_length: int, max_gap: int = 3, max_thickness: int = 8,
               text: np.ndarray | None = None, long_length: int | None = None
               ) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """Horizontal and vertical rulings in pixels: (position, start, end) each. Runs in
    neighbouring rows that overlap are one line (a border several pixels thick), placed at
    their middle; a band thicker than `max_thickness` is a filled area or a stamp, not a
    ruling. `text` (True inside recognized text): a run mostly inside text is a stroke of a
    glyph (一 in a large title is a long dark run), unless it is `long_length` or longer."""
    horizontal = runs(dark, min_length, max_gap)
    vertical = runs(np.ascontiguousarray(dark.T), min_length, max_gap)
    if text is not None:
        horizontal = _outside(horizontal, text, long_length)
        vertical = _outside(vertical, np.ascontiguousarray(text.T), long_length)
    return _bands(horizontal, max_thickness), _bands(vertical, max_thickness)


def _outside(found, text: np.ndarray, long_length: int | None):
    if not found:
        return found
    inside = np.zeros((text.shape[0], text.shape[1] + 1), dtype=np.int32)
    np.cumsum(text, axis=1, out=inside[:, 1:])
    out = []
    for row, s, e in found:
        if long_length is not None and e - s >= long_length:
            out.append((row, s, e))
        elif inside[row, e] - inside[row, s] < 0.5 * (e - s):
            out.append((row, s, e))
    return out


def text_mask(shape, boxes) -> np.ndarray:
    """True inside the given (x0, top, x1, bottom) pixel boxes."""
    mask = np.zeros(shape, dtype=bool)
    h, w = shape
    for x0, top, x1, bottom in boxes:
        a, b = max(0, int(top)), min(h, int(bottom) + 1)
        c, d = max(0, int(x0)), min(w, int(x1) + 1)
        if a < b and c < d:
            mask[a:b, c:d] = True
    return mask


def _bands(found: list[tuple[int, int, int]], max_thickness: int) -> list[tuple[float, float, float]]:
    found.sort()
    open_: list[list] = []          # [first row, last row, start, end]
    done: list[list] = []
    for row, s, e in found:
        still = []
        merged = None
        for band in open_:
            if band[1] < row - 1:
                done.append(band)
                continue
            still.append(band)
            if merged is None and min(e, band[3]) - max(s, band[2]) > 0.5 * min(e - s, band[3] - band[2]):
                merged = band
        open_ = still
        if merged is not None:
            merged[1] = row
            merged[2], merged[3] = min(merged[2], s), max(merged[3], e)
        else:
            open_.append([row, row, s, e])
    done += open_
    return [((b[0] + b[1]) / 2, float(b[2]), float(b[3])) for b in done
            if b[1] - b[0] + 1 <= max_thickness]


def page_edges(dark: np.ndarray, scale: float, min_length_pt: float, text: np.ndarray | None = None,
               long_length_pt: float | None = None) -> tuple[Edge, ...]:
    """The rulings of an ink image as page `Edge`s in points (`scale` = points per pixel)."""
    min_px = max(4, int(round(min_length_pt / scale)))
    long_px = None if long_length_pt is None else int(round(long_length_pt / scale))
    horizontal, vertical = line_edges(dark, min_px, text=text, long_length=long_px)
    edges = [Edge(s * scale, y * scale, e * scale, y * scale) for y, s, e in horizontal]
    edges += [Edge(x * scale, s * scale, x * scale, e * scale) for x, s, e in vertical]
    return tuple(edges)


def erase_lines(dark: np.ndarray, min_length: int, max_gap: int = 3) -> np.ndarray:
    """The ink image without its long runs (rulings), to measure the ink of text alone."""
    out = dark.copy()
    for row, s, e in runs(dark, min_length, max_gap):
        out[row, s:e] = False
    for col, s, e in runs(np.ascontiguousarray(dark.T), min_length, max_gap):
        out[s:e, col] = False
    return out
