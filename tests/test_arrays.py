"""Arrow arrays built from their buffers (normalize/arrays.py, issue 12: a 1-page PDF written
without pyarrow importing pandas) are the arrays `pa.array` makes, and every Parquet file of a
document is byte for byte the file the `pa.array` writer wrote: kept here as the reference."""

from __future__ import annotations

import math
import random
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import yusuan
from yusuan.errors import OutputError
from yusuan.normalize import arrays, writers
from yusuan.normalize.frames import Columns

from conftest import CORPUS, SAMPLE

DECIMAL = pa.decimal128(writers.DECIMAL_PRECISION, writers.DECIMAL_SCALE)
ROOT = Path(__file__).resolve().parents[1]


def reference_arrow_table(cols: Columns) -> pa.Table:
    """writers.arrow_table as it was before arrays.array: pa.array for every column."""
    arrays_, fields = [], []
    for n in cols.names:
        values = cols.data[n]
        if n in cols.amounts:
            try:
                arr = pa.array(values, type=DECIMAL)
            except (pa.ArrowInvalid, pa.ArrowTypeError) as e:
                raise OutputError(f"column {n}: an amount needs more than 6 decimals ({e})") from e
        elif n in cols.ints:
            arr = pa.array(values, type=pa.int32())
        elif n in cols.bools:
            arr = pa.array(values, type=pa.bool_())
        elif n in cols.floats:
            arr = pa.array(values, type=pa.float64())
        else:
            arr = pa.array(values, type=pa.string())
        arrays_.append(arr)
        fields.append(pa.field(n, arr.type))
    return pa.Table.from_arrays(arrays_, schema=pa.schema(fields))


def assert_same(values: list, dtype: pa.DataType, built: bool = True) -> None:
    """arrays.array(values) is pa.array(values) (type, nulls, every value; floats by their
    repr, so that NaN and -0.0 count); `built`: laid out from buffers, not handed over."""
    assert (arrays._build(values, dtype) is not None) == built, values
    ours, theirs = arrays.array(values, dtype), pa.array(values, type=dtype)
    assert ours.type == theirs.type and len(ours) == len(theirs)
    assert ours.null_count == theirs.null_count
    assert list(map(repr, ours.to_pylist())) == list(map(repr, theirs.to_pylist()))
    ours.validate(full=True)
    if not pa.types.is_floating(dtype):
        assert ours.equals(theirs)


def assert_same_error(values: list, dtype: pa.DataType) -> None:
    """Values pa.array refuses are pa.array's to refuse: the same error."""
    assert arrays._build(values, dtype) is None
    with pytest.raises(Exception) as theirs:
        pa.array(values, type=dtype)
    with pytest.raises(type(theirs.value)) as ours:
        arrays.array(values, dtype)
    assert str(ours.value) == str(theirs.value)


@pytest.mark.parametrize("values", [
    [], [None], ["a", None, ""], ["收入预算合计", "一般公共预算", None, "😀", "=1+1", "a\x00b"],
    [f"第{i}行" if i % 3 else None for i in range(37)], ["x"] * 9,
])
def test_strings(values):
    assert_same(values, pa.string())


@pytest.mark.parametrize("values", [
    [], [None, None], [0, 1, -1, None], [2 ** 31 - 1, -2 ** 31], list(range(100)) + [None],
])
def test_int32(values):
    assert_same(values, pa.int32())


@pytest.mark.parametrize("values", [
    [], [True], [False, None, True], [i % 3 == 0 for i in range(17)],
    [None if i % 5 == 0 else i % 2 == 0 for i in range(64)],
])
def test_bools(values):
    assert_same(values, pa.bool_())


@pytest.mark.parametrize("values", [
    [], [0.5, None, -0.0, 0.0], [math.nan, math.inf, -math.inf, 1e-300, 0.1 + 0.2],
])
def test_floats(values):
    assert_same(values, pa.float64())


@pytest.mark.parametrize("values", [
    [], [None], [D("534.77"), None, D("-12.00"), D("0.00")],
    [D("1.2300000"), D("1E+2"), D("-0"), D("-0.000"), D("0E-10"), D("123456.123456")],
    [D("9" * 32), D("-" + "9" * 32), D("9" * 31 + ".999999"), D("1E+31"), D("1.000000000")],
])
def test_decimals(values):
    assert_same(values, DECIMAL)


def test_a_decimal_printed_longer_than_the_precision_is_converted_by_pa_array():
    assert_same([D("9" * 32 + ".999999"), D("1.5")], DECIMAL, built=False)


def test_random_decimals_as_pa_array_makes_or_refuses_them():
    rng = random.Random(12)
    for _ in range(400):
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 45)))
        value = D(f"{rng.choice('+-')}{digits}E{rng.randint(-12, 8)}")
        try:
            pa.array([value], type=DECIMAL)
        except pa.ArrowException:
            assert_same_error([D("1.5"), value], DECIMAL)
        else:
            assert_same([D("1.5"), value, None], DECIMAL,
                        built=len(str(value)) <= writers.DECIMAL_PRECISION)


@pytest.mark.parametrize("values, dtype", [
    ([D("1E-7")], DECIMAL), ([D("1" * 33)], DECIMAL), ([D("NaN")], DECIMAL),
    ([D("Infinity")], DECIMAL), ([D("1." + "0" * 40)], DECIMAL), ([1.5], DECIMAL),
    ([2 ** 31], pa.int32()), ([-2 ** 31 - 1], pa.int32()), ([True], pa.int32()),
    ([1], pa.bool_()), ([0], pa.bool_()), ([1], pa.string()), (["\ud800"], pa.string()),
])
def test_what_pa_array_refuses_it_refuses_itself(values, dtype):
    assert_same_error(values, dtype)


@pytest.mark.parametrize("values, dtype", [
    ([1], DECIMAL), ([1], pa.float64()), ([1.0], pa.int32()), ([b"x", "y"], pa.string()),
])
def test_other_values_are_converted_by_pa_array(values, dtype):
    assert_same(values, dtype, built=False)


def test_an_amount_with_more_decimals_is_still_an_output_error():
    cols = Columns(["value"], {"value": [D("1.0000001")]}, amounts={"value"})
    with pytest.raises(OutputError, match="more than 6 decimals"):
        writers.arrow_table(cols)


def _documents() -> list[Path]:
    pdfs = sorted(CORPUS.glob("*.pdf")) if CORPUS.is_dir() else []
    return [SAMPLE, ROOT / "samples" / "taishan_zonggonghui_2024_yusuan_ruled.pdf"] + pdfs


@pytest.mark.parametrize("path", _documents(), ids=lambda p: p.stem)
def test_parquet_files_are_those_of_the_pa_array_writer(path, tmp_path, monkeypatch):
    """Every Parquet file of a document (tables, facts in chunks, prose, indicators), byte
    for byte, against the same document written with the reference arrow_table."""
    doc = yusuan.read(path)
    new = writers.write_document(doc, tmp_path, "new", ("parquet",), "v")
    monkeypatch.setattr(writers, "arrow_table", reference_arrow_table)
    old = writers.write_document(doc, tmp_path, "old", ("parquet",), "v")
    files = sorted(p.relative_to(old) for p in old.rglob("*.parquet"))
    assert files and files == sorted(p.relative_to(new) for p in new.rglob("*.parquet"))
    for f in files:
        assert (new / f).read_bytes() == (old / f).read_bytes(), f
        assert pq.read_table(new / f).equals(pq.read_table(old / f))


def test_writing_parquet_imports_no_pandas(tmp_path):
    """A fresh process reads and writes CSV and Parquet without pandas in its modules."""
    code = ("import sys, yusuan; from pathlib import Path; "
            "from yusuan.normalize.writers import write_document; "
            f"doc = yusuan.read({str(SAMPLE)!r}); "
            f"write_document(doc, Path({str(tmp_path)!r}), 'out'); "
            "assert 'pyarrow' in sys.modules; print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    assert list((tmp_path / "out").rglob("*.parquet"))
