"""Every threshold yusuan uses, in one validated object.

Pass a `Settings` inward instead of scattering magic numbers: the text path, the PDF geometry
and the catalogue matcher all read from it, and a user can override any of them
(`yusuan.read(path, settings=Settings(title_min_similarity=0.6))`). Units are stated per field.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class Settings:
    # --- text dumps -----------------------------------------------------------------------
    # A dump is "layout style" (pdftotext -layout: cells aligned by runs of spaces) when at
    # least this share of its non-blank lines hold a run of `layout_cell_gap` spaces between
    # two printed characters. Plain dumps separate cells by one space and lose positions.
    layout_line_share: float = 0.25
    # Spaces (characters) that separate two cells in a layout-style line.
    layout_cell_gap: int = 2
    # A line repeated at the start of at least this many pages is a running page header, and
    # its appearance starts a new page even where the dump lost the page break.
    running_header_min_pages: int = 3

    # --- catalogue matching ---------------------------------------------------------------
    # Title similarity (0..1, character-bigram Dice) needed to call a line a known table title
    # when no 表N label announces it.
    title_min_similarity: float = 0.82
    # Title similarity needed to give a labelled table a kind from the catalogue.
    kind_min_similarity: float = 0.6
    # Header similarity (0..1, multiset character overlap) needed to take a catalogue header
    # tree for a table whose header positions are unknown (plain text dumps).
    header_min_similarity: float = 0.8

    # --- PDF reading ----------------------------------------------------------------------
    # Pages the PDFium reader may read ahead in a thread of its own (0: no thread). Each page
    # ahead is held in memory; reading overlaps the analysis of the page before.
    prefetch_pages: int = 2

    # A column next to a label column is an attribute of the row (采购组织形式: a few values
    # repeated), not a deeper level of an outline printed in columns, when it holds at least
    # `attribute_min_rows` values of which at most this share are distinct.
    attribute_max_distinct: float = 0.25
    attribute_min_rows: int = 4

    # --- labels ---------------------------------------------------------------------------
    # Longest text (characters) still taken as one line of a wrapped row label rather than prose.
    max_label_fragment: int = 40
    # Width (characters) above which a line inside a table body is treated as free text (a
    # 绩效目标 cell or a note) and never as a row label.
    min_text_line: int = 18

    # --- OCR (scanned pages; the `ocr` extra) ----------------------------------------------
    # Which pages are read by OCR: auto (pages without a text layer, when the extra is
    # installed), always (every page: a text layer that is garbage), never.
    ocr: str = "auto"
    # Resolution a page is rendered at for OCR (dots per inch): see the README's OCR figures.
    ocr_dpi: int = 150
    # The text detector sees the page scaled to at most this many pixels on its longer side
    # (0: as rendered). Detection is about a third of the OCR time; see the README for 1280.
    ocr_detect_side: int = 1280
    # Largest rotation of a scan measured and undone (degrees).
    ocr_max_skew: int = 2
    # A run of dark pixels at least this long (points) is a ruling, not a stroke of a glyph.
    ocr_min_ruling: int = 8
    # ... unless it lies inside recognized text (a stroke of a large title glyph), where only
    # a run at least this long (points) is a ruling.
    ocr_long_ruling: int = 48
    # A recognized piece of text (a detected line) less sure than this (0..1) is dropped as
    # noise (a speck, a smudge); the characters of a piece kept are all kept.
    ocr_min_text_score: float = 0.3
    # An OCR'd amount whose confidence (0..1, its least sure character) is below this is
    # counted and drawn as low-confidence: check it by eye unless a passing check covers it.
    ocr_min_confidence: float = 0.9

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, float) and not 0.0 <= value <= 1.0:
                raise ValueError(f"Settings.{f.name} must be within 0..1, got {value!r}")
            if isinstance(value, int) and value < 0:
                raise ValueError(f"Settings.{f.name} must not be negative, got {value!r}")
        if self.ocr not in ("auto", "always", "never"):
            raise ValueError(f"Settings.ocr must be auto, always or never, got {self.ocr!r}")

    def with_(self, **changes) -> "Settings":
        """A copy with some values changed (validated again)."""
        return replace(self, **changes)


DEFAULT = Settings()
