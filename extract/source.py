"""Open an input file: read its bytes once, fingerprint it, tell PDF from text, decode text.

Every failure here is an `InputError` naming the file and what to try.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

TEXT_SUFFIXES = (".txt", ".text")
PDF_SUFFIXES = (".pdf",)
SUFFIXES = TEXT_SUFFIXES + PDF_SUFFIXES


@dataclass(frozen=True)
class Source:
    """An input file, fingerprinted. Its bytes are not held: a PDF is read page by page from
    disk, so memory does not grow with the file."""

    path: Path
    sha256: str
    size: int
    head: bytes              # the first KiB, to tell a PDF from text

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def is_pdf(self) -> bool:
        """PDF by content (%PDF- in the first KiB), else by suffix."""
        return b"%PDF-" in self.head or self.path.suffix.lower() in PDF_SUFFIXES

    def read_bytes(self) -> bytes:
        try:
            return self.path.read_bytes()
        except OSError as e:
            raise InputError(f"cannot be read: {e.strerror or e}", file=self.name) from e


def open_source(path: str | Path, chunk: int = 1 << 20) -> Source:
    p = Path(path)
    try:
        p.stat()
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise InputError("is a symlink loop", file=str(p)) from e
        if p.is_symlink():
            raise InputError(f"is a broken symlink (to {os.readlink(p)})", file=str(p)) from e
        if e.errno == errno.ENOENT:
            raise InputError("no such file", file=str(p)) from e
        raise InputError(f"cannot be read: {e.strerror or e}", file=str(p)) from e
    if p.is_dir():
        raise InputError("is a directory", file=str(p))
    digest, size, head = hashlib.sha256(), 0, b""
    try:
        with open(p, "rb") as fh:
            while block := fh.read(chunk):
                if not head:
                    head = block[:1024]
                digest.update(block)
                size += len(block)
    except OSError as e:
        raise InputError(f"cannot be read: {e.strerror or e}", file=str(p),
                         hint="check its permissions") from e
    if size == 0 or (size <= 1024 and not head.strip()):
        raise InputError("is empty", file=str(p))
    return Source(p, digest.hexdigest(), size, head)


def decode_text(source: Source) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (a superset of GBK/GB2312).

    GB18030 accepts many byte strings, so a decode that yields control characters or almost no
    Chinese is refused rather than returned as mojibake."""
    data = source.read_bytes()
    if not data.strip():
        raise InputError("is empty", file=source.name)
    if data.startswith(codecs.BOM_UTF8):
        return _checked(data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict"), source, "UTF-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _checked(data.decode("utf-16"), source, "UTF-16")
        except UnicodeDecodeError as e:
            raise InputError(f"has a UTF-16 byte-order mark but does not decode ({e.reason})",
                             file=source.name) from e
    if b"\x00" in data[:4096]:
        raise InputError("looks binary (NUL bytes), not a text dump", file=source.name,
                         hint="pass a .txt dump or a .pdf")
    try:
        return _checked(data.decode("utf-8"), source, "UTF-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as e:
        raise InputError("is neither UTF-8 nor GB18030/GBK text", file=source.name,
                         hint="convert it first, e.g. iconv -f BIG5 -t UTF-8") from e
    return _checked(text, source, "GB18030")


def _checked(text: str, source: Source, encoding: str) -> str:
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    if bad > max(8, len(text) // 200):
        raise InputError(f"decodes as {encoding} but holds {bad} control characters; "
                         "it does not look like a text dump", file=source.name,
                         hint="is it really text? PDFs must end in .pdf")
    return text
