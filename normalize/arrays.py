"""Arrow arrays of plain Python values, assembled from their buffers.

`pa.array(list)` asks pyarrow's pandas shim whether the list is a pandas object before it
converts anything, and the first such question in a process imports pandas: 0.25-0.45 s, the
better part of a 1-page PDF's run with the default formats (issue 12). Nothing yusuan writes
needs pandas, so `array` lays out the Arrow buffers itself (validity bitmap, offsets, values)
and hands them to the public `pa.Array.from_buffers`, for the five types of its outputs: the
array `pa.array(values, type)` makes, without the question.

Only plain values are laid out so: None, and str, int, bool, float or Decimal each for its own
type. Any other value, and any value that `pa.array` might refuse or convert in a way of its
own (an int beyond int32, a Decimal needing more decimals than the type's scale or more
digits than its precision, NaN or an infinite Decimal, strings past int32 offsets), sends the
whole list to `pa.array` itself, which converts or raises exactly as before.
`tests/test_arrays.py` compares the two on every kind of value and on the corpus' outputs.
"""

from __future__ import annotations

import struct
import sys
from decimal import Decimal
from itertools import accumulate

import pyarrow as pa

_ORDER = sys.byteorder             # Arrow's buffers are in the machine's byte order
_NONE = type(None)
# the Python type laid out for each Arrow type (by type id: a decimal128's precision and scale
# are its own); struct's "=i" and "=d" are 4 and 8 bytes in the machine's order
_PLAIN = {pa.string().id: str, pa.int32().id: int, pa.bool_().id: bool, pa.float64().id: float,
          pa.decimal128(1).id: Decimal}
_KINDS = {t: {t, _NONE} for t in _PLAIN.values()}
# what a null slot holds in the values buffer (Arrow leaves it unspecified; pa.array zeroes it)
_EMPTY = {str: "", int: 0, bool: False, float: 0.0, Decimal: Decimal(0)}


def array(values: list, dtype: pa.DataType) -> pa.Array:
    """pa.array(values, type=dtype), for a list of plain values without asking pandas."""
    built = _build(values, dtype)
    return built if built is not None else pa.array(values, type=dtype)


def _build(values: list, dtype: pa.DataType) -> pa.Array | None:
    """The array from its buffers, or None for pa.array to decide."""
    plain = _PLAIN.get(dtype.id)
    if plain is None:
        return None
    # every value of its type (str.encode checks strings itself: a TypeError below)
    if plain is not str and not set(map(type, values)) <= _KINDS[plain]:
        return None
    n = len(values)
    nulls = values.count(None)
    if nulls:
        validity = pa.py_buffer(_bits([v is not None for v in values]))
        values = [_EMPTY[plain] if v is None else v for v in values]
    else:
        validity = None
    try:
        if plain is str:
            data = list(map(str.encode, values))
            offsets = struct.pack(f"={n + 1}i", *accumulate(map(len, data), initial=0))
            buffers = [validity, pa.py_buffer(offsets), pa.py_buffer(b"".join(data))]
        elif plain is int:
            buffers = [validity, pa.py_buffer(struct.pack(f"={n}i", *values))]
        elif plain is bool:
            buffers = [validity, pa.py_buffer(_bits(values))]
        elif plain is float:
            buffers = [validity, pa.py_buffer(struct.pack(f"={n}d", *values))]
        else:
            buffers = [validity, pa.py_buffer(_decimals(values, dtype.precision, dtype.scale))]
    # past int32 (a value, or offsets past 2 GiB of text: struct.error), a value that is not
    # a str, a lone surrogate (UnicodeEncodeError), a decimal of _decimals' ValueError
    except (struct.error, TypeError, ValueError, OverflowError):
        return None
    return pa.Array.from_buffers(dtype, n, buffers, null_count=nulls)


def _bits(flags: list[bool]) -> bytes:
    """Arrow's bitmap: bit i (least significant first within each byte) is flags[i]."""
    text = "".join(["1" if f else "0" for f in reversed(flags)]) or "0"
    return int(text, 2).to_bytes((len(flags) + 7) // 8, "little")


def _decimals(values: list, precision: int, scale: int) -> bytes:
    """16 bytes per value: the value times 10**scale as a two's-complement integer.
    ValueError where pa.array might decide otherwise: a value printed with more characters
    than the precision has digits (Arrow reads a Decimal from its text, and refuses one of
    more digits; every digit is a character, so the screen is safe, if wider than needed),
    a value needing more decimals than the scale or more digits than the precision once
    scaled; NaN and infinities (as_integer_ratio raises ValueError or OverflowError)."""
    if max(map(len, map(str, values)), default=0) > precision:
        raise ValueError("a long decimal")
    factor, limit = 10 ** scale, 10 ** precision
    out = []
    for v in values:
        num, den = v.as_integer_ratio()
        q, r = divmod(num * factor, den)
        if r or not -limit < q < limit:
            raise ValueError("pa.array decides")
        out.append(q.to_bytes(16, _ORDER, signed=True))
    return b"".join(out)
