"""yusuan: Chinese public-budget disclosures (部门预算 / 部门决算) into clean data.

    >>> import yusuan
    >>> doc = yusuan.read("samples/taishan_2024_yusuan.txt")
    >>> doc.table("表5").to_frame()        # a tidy pandas DataFrame, exact Decimal amounts
    >>> doc.facts()                        # one row per amount cell of every table
"""

from __future__ import annotations

# The one place the version is written (pyproject.toml reads it from here): asking the
# installed metadata for it (importlib.metadata) cost every start 30 ms.
__version__ = "0.1.0"

from .errors import InputError, OutputError, ParseError, YusuanError  # noqa: E402
from .model import Column, Document, Row, Table  # noqa: E402
from .settings import Settings  # noqa: E402


def read(path, settings: Settings | None = None, *, reader: str | None = None,
         password: str | None = None) -> Document:
    """Read one disclosure (a PDF with a text layer, or a text dump) into a typed Document.
    `reader` picks the PDF reader ("pdfium", the default, or "pdfplumber"); `password` opens
    an encrypted PDF. Scanned pages are read by OCR with the `ocr` extra (`settings.ocr`)."""
    from .normalize.document import build_document
    from .extract import read_raw
    s = settings or Settings()
    return build_document(read_raw(path, s, reader=reader, password=password), s)


__all__ = ["read", "Document", "Table", "Row", "Column", "Settings", "YusuanError", "InputError",
           "ParseError", "OutputError", "__version__"]
