"""Printed amounts → exact `Decimal` (never float).

Accepts thousands separators (13,297.11), negatives (-1.00, −1.00, (1.00)), full-width digits
(５３４．７７); blank and dash-like cells (-, —, /) are null, not zero. Anything else is a
`ParseError` that the caller locates (file, page, table, row, column).
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal, InvalidOperation

from ..errors import ParseError
from ..patterns import AMOUNT, NULL_AMOUNT


def parse_amount(text: str | None) -> Decimal | None:
    if text is None:
        return None
    t = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if t in NULL_AMOUNT:
        return None
    m = AMOUNT.match(t)
    if not m:
        raise ParseError(f"{text!r} is not an amount")
    digits = (m.group("num") or m.group("pnum")).replace(",", "")
    negative = bool(m.group("neg")) or m.group("pnum") is not None
    try:
        value = Decimal(digits)
    except InvalidOperation as e:  # pragma: no cover - the pattern admits only digits
        raise ParseError(f"{text!r} is not an amount") from e
    return -value if negative else value


def format_amount(value: Decimal | None) -> str:
    """Plain positional notation as printed (534.77, 0.00, -1.5): never 1E+3, never rounded."""
    return "" if value is None else format(value, "f")
