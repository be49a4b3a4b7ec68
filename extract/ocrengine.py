"""The OCR engine behind the `ocr` extra: RapidOCR on onnxruntime, on the CPU, with the models
its wheel ships (nothing is downloaded at run time).

One engine per process, made on first use (loading the models takes about a second). Its
answer is turned into `Word`s: the recognized text of one detected line piece, with a box and
a confidence per character, in pixels of the image it was given.

`rapidocr` 3.x (PP-OCRv6 small models) is the engine the extra installs; `rapidocr-onnxruntime`
1.4.x (PP-OCRv4) is taken when it is the one installed. See the README (OCR) for how they were
compared.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

INSTALL_HINT = "pip install 'yusuan[ocr]'"


@dataclass(frozen=True)
class Glyph:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float


@dataclass(frozen=True)
class Word:
    """One recognized line piece: its characters in reading order, each with a box."""

    glyphs: tuple[Glyph, ...]
    confidence: float

    @property
    def text(self) -> str:
        return "".join(g.text for g in self.glyphs)


def backend() -> str | None:
    """The OCR package installed ("rapidocr" or "rapidocr_onnxruntime"), or None."""
    import importlib.util
    for name in ("rapidocr", "rapidocr_onnxruntime"):
        try:
            if importlib.util.find_spec(name) is not None:
                return name
        except (ImportError, ValueError):
            continue
    return None


def available() -> bool:
    return backend() is not None


_lock = threading.Lock()
_engines: dict = {}
_timing = threading.local()
# Lines the recognizer scores below this are dropped by RapidOCR itself (its default, 0.5,
# would silently leave a blank cell); yusuan keeps them and reports their confidence.
ENGINE_TEXT_SCORE = 0.2


def last_timing() -> tuple[float, float] | None:
    """(detect, recognize) seconds of this thread's last `recognize`, as the engine said."""
    return getattr(_timing, "value", None)


def _log_level() -> str:
    # RapidOCR logs every call at INFO (and a blank page as a WARNING): quiet unless yusuan
    # itself was asked to be verbose (its logger at INFO)
    return "info" if logging.getLogger("yusuan").isEnabledFor(logging.INFO) else "error"


def engine(name: str | None = None, detect_side: int = 0):
    """The process's engine for `name` (default: the installed backend), made once.
    `detect_side` > 0: the detector sees the page scaled so its longer side is at most that
    many pixels (rapidocr 3.x; 0: RapidOCR's own default, the page as rendered)."""
    name = name or backend()
    if name is None:
        raise ImportError(f"no OCR engine installed ({INSTALL_HINT})")
    key = (name, detect_side if name == "rapidocr" else 0)
    with _lock:
        if key not in _engines:
            level = _log_level()
            if name == "rapidocr":
                from rapidocr import RapidOCR
                params = {"Global.log_level": level, "Global.use_cls": False,
                          "Global.text_score": ENGINE_TEXT_SCORE}
                if detect_side:
                    params.update({"Det.limit_type": "max", "Det.limit_side_len": detect_side})
                _engines[key] = RapidOCR(params=params)
            else:
                from rapidocr_onnxruntime import RapidOCR
                _engines[key] = RapidOCR(use_cls=False, text_score=ENGINE_TEXT_SCORE)
            for logger in ("RapidOCR", "rapidocr", "rapidocr_onnxruntime"):
                logging.getLogger(logger).setLevel(level.upper())
        return _engines[key]


def recognize(image, name: str | None = None, detect_side: int = 0) -> list[Word]:
    """Words of an image (a numpy array, grey or RGB), boxes in its pixels."""
    name = name or backend()
    eng = engine(name, detect_side)
    if name == "rapidocr":
        result = eng(image, return_word_box=True)
        elapse = list(getattr(result, "elapse_list", None) or [])
        _timing.value = (float(elapse[0] or 0.0), float(sum(e or 0.0 for e in elapse[1:]))) if len(elapse) >= 3 else None
        return _words_v3(result)
    result, elapse = eng(image, return_word_box=True)
    elapse = list(elapse or [])
    _timing.value = (float(elapse[0] or 0.0), float(sum(e or 0.0 for e in elapse[1:]))) if len(elapse) >= 3 else None
    return _words_v1(result or [])


def _axis_box(quad) -> tuple[float, float, float, float]:
    xs = [float(p[0]) for p in quad]
    ys = [float(p[1]) for p in quad]
    return min(xs), min(ys), max(xs), max(ys)


def _spread(text: str, box, confidence: float) -> list[Glyph]:
    """A piece of several characters with one box (a number, a Latin word): the box shared
    out along x, in proportion to how wide each character prints (CJK full width, the rest
    about half)."""
    x0, top, x1, bottom = box
    widths = [1.0 if ord(ch) > 0x2E80 else 0.55 for ch in text]
    total = sum(widths) or 1.0
    out, x = [], x0
    for ch, w in zip(text, widths):
        step = (x1 - x0) * w / total
        out.append(Glyph(ch, x, top, x + step, bottom, confidence))
        x += step
    return out


def _words_v3(result) -> list[Word]:
    """rapidocr 3.x: `word_results` holds, per line, (text, score, quad) pieces: one per CJK
    character, one per run of Latin letters or digits."""
    if result is None or result.txts is None:
        return []
    words = []
    per_line = result.word_results or ((),) * len(result.txts)
    for text, score, quad, pieces in zip(result.txts, result.scores, result.boxes, per_line):
        glyphs: list[Glyph] = []
        if pieces and all(p and p[2] is not None for p in pieces):
            for piece_text, piece_score, piece_quad in pieces:
                glyphs += _spread(piece_text, _axis_box(piece_quad), float(piece_score))
        else:
            glyphs = _spread(text, _axis_box(quad), float(score))
        words.append(Word(tuple(glyphs), float(score)))
    return words


def _words_v1(result) -> list[Word]:
    """rapidocr-onnxruntime 1.4: [quad, text, score, char quads, chars, char scores] per line."""
    words = []
    for line in result:
        quad, text, score = line[0], line[1], float(line[2])
        if len(line) >= 6 and line[3] and len(line[4]) == len(line[3]):
            glyphs = []
            for q, ch, s in zip(line[3], line[4], line[5]):
                glyphs += _spread(ch, _axis_box(q), float(s))
        else:
            glyphs = _spread(text, _axis_box(quad), score)
        words.append(Word(tuple(glyphs), score))
    return words
