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
    # A dump is a raw reading-order dump (pdftotext without -layout, one cell per line: its
    # tables cannot be rebuilt) when at least `raw_dump_min_lines` lines print a money-shaped
    # amount alone, and they are at least this share of the lines printing one.
    raw_dump_lone_share: float = 0.5
    raw_dump_min_lines: int = 20

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
    # ahead is held in memory; reading overlaps the analysis of the page before. Worker
    # processes that fill the cores (`--jobs` ≥ cores) read without it: no core is left idle.
    prefetch_pages: int = 2

    # A column next to a label column is an attribute of the row (采购组织形式: a few values
    # repeated), not a deeper level of an outline printed in columns, when it holds at least
    # `attribute_min_rows` values of which at most this share are distinct.
    attribute_max_distinct: float = 0.25
    attribute_min_rows: int = 4
    # An unruled amount column the body prints blank in every row is found from its header:
    # two leaf labels over one column, each at least `blank_column_min_label` characters wide
    # (a letter-spaced 金 额 is one label) and at least `blank_column_gap` characters apart.
    blank_column_min_label: int = 2
    blank_column_gap: float = 0.5

    # --- labels ---------------------------------------------------------------------------
    # Longest text (characters) still taken as one line of a wrapped row label rather than prose.
    max_label_fragment: int = 40
    # Width (characters) above which a line inside a table body is treated as free text (a
    # 绩效目标 cell or a note) and never as a row label.
    min_text_line: int = 18

    # --- captions (PDF) ----------------------------------------------------------------
    # Two lines are one title wrapped (2024年部门一般公共预算 / 基本支出预算表) when the second
    # starts at most this share of its type size below the first, and their centres lie
    # within `title_wrap_max_offset` type sizes of each other.
    title_wrap_max_gap: float = 1.0
    title_wrap_max_offset: int = 2

    # --- layout dumps read by the PDF engine (extract/dumpreader.py) ----------------------
    # Read pdftotext -layout dumps with the PDF engine (header trees rebuilt from positions,
    # extract/dumpreader.py); False: the text route (header trees from the catalogue), for
    # dumps whose header lines do not stand over their columns.
    layout_dump_engine: bool = True
    # A dump page is laid out again as characters on a grid, in points: a half-width
    # character is `dump_advance` wide, a wide one `dump_wide_columns` columns, a text line
    # `dump_line_height` high and a blank line `dump_blank_height`, every glyph
    # `dump_font_size`. The engine's thresholds are multiples of the font size, so they mean
    # on a dump what they mean on a PDF (one space is a word gap).
    dump_advance: int = 5
    dump_font_size: int = 10
    dump_line_height: int = 20
    dump_blank_height: int = 4
    # A note's lines more than 1.2 font sizes apart end the note, but for a line whose
    # sentence runs on past its end: it goes on in a line up to this share of a size further
    # (a dump that set the note's lines a blank line apart: 0.2 more).
    note_run_on_extra: float = 0.4
    # pdftotext -layout gives every character one column, whatever its width (a corpus
    # dump's amounts right-align only when counted so); 2 suits dumps padded to a
    # terminal's display width, CJK two columns wide.
    dump_wide_columns: int = 1

    # --- containment (worker processes of a batch, the store) ------------------------------
    # Resident memory (bytes) a worker process may take beyond what it started with; past it
    # the worker is ended and its file fails with "exceeds the memory limit" (a decompression
    # bomb). 0: no limit.
    max_memory: int = 2 * 1024 ** 3
    # Bytes a page's content streams may decode to, where the reader can measure them before
    # decoding (pdfplumber); a page past it is lost (a warning), not its document. 0: no limit.
    max_page_content: int = 256 * 1024 ** 2
    # Seconds between two looks of the worker's watchdog at its memory and its parent.
    memory_check_interval: float = 0.02
    # Seconds `ingest` keeps retrying to open a store another process has open (a duckdb
    # shell, a dashboard) before it gives up.
    store_busy_timeout: int = 60
    # Seconds after which a temporary output folder (.NAME.tmp-*) whose process is gone is
    # left over from a killed run, and removed by the next run into the same folder.
    stale_temp_seconds: int = 300

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

    # --- a Dask cluster (--scheduler; executors.py) ------------------------------------------
    # Seconds to wait for a Dask scheduler to answer before the run gives up.
    scheduler_timeout: int = 30
    # Times a task may lose its worker (it died) before its file fails: 1 = one retry on
    # another worker. Set on the LocalCluster of --scheduler local:N; a scheduler started
    # apart reads distributed.scheduler.allowed-failures from its own Dask config.
    dask_allowed_failures: int = 1
    # Files in flight per worker thread: enough to keep every worker busy, few enough that
    # the client holds few outcomes (and, for ingest, documents) at a time.
    dask_window_per_thread: int = 4

    # --- progress (pageprogress.py) ----------------------------------------------------------
    # Seconds between two reports of the pages read of a file in progress (0..1): often
    # enough to see a long file move, seldom enough to cost nothing.
    progress_interval: float = 0.2

    # --- writing (normalize/writers.py) ------------------------------------------------------
    # Facts written per chunk (one Parquet row group each), so that a long document's facts
    # are never all in memory at once.
    facts_chunk_rows: int = 65536
    # A document's raw tables, typed tables, checks and page texts are held in memory up to
    # these many of each; past that they go to a temporary file in chunks of as many, read
    # back a chunk at a time (model.Spill), so that memory is flat in a long dump's size.
    # Small documents (the corpus: at most ~60 tables) never touch the disk.
    spill_tables: int = 64
    spill_checks: int = 4096
    spill_pages: int = 256

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
