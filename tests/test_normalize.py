"""Amounts, codes and labels: the typed pieces, on hand-made input."""

from decimal import Decimal

import pytest

from yusuan.errors import ParseError
from yusuan.normalize.amounts import format_amount, parse_amount
from yusuan.normalize.codes import classify
from yusuan.normalize.names import parse_label


@pytest.mark.parametrize("text, value", [
    ("534.77", Decimal("534.77")), ("13,297.11", Decimal("13297.11")),
    ("156,211,123", Decimal("156211123")), ("-1.00", Decimal("-1.00")), ("−2.5", Decimal("-2.5")),
    ("(12.00)", Decimal("-12.00")), ("（3）", Decimal("-3")), ("５３４．７７", Decimal("534.77")),
    ("0", Decimal("0")), ("0.00", Decimal("0.00")), (" 7.10 ", Decimal("7.10")),
])
def test_amounts_exact(text, value):
    got = parse_amount(text)
    assert got == value and isinstance(got, Decimal)
    assert str(got) == str(value)            # the printed scale is kept: 0.00 stays 0.00


@pytest.mark.parametrize("text", [None, "", "-", "—", "－", "--", "/"])
def test_blank_and_dash_are_null_not_zero(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize("text", ["abc", "1.2.3", "12,34", "万元"])
def test_not_an_amount(text):
    with pytest.raises(ParseError):
        parse_amount(text)


def test_format_amount_never_scientific():
    assert format_amount(Decimal("1E+3")) == "1000"
    assert format_amount(Decimal("0.0000001")) == "0.0000001"
    assert format_amount(None) == ""


@pytest.mark.parametrize("code, system, level, parent", [
    ("201", "function", 1, None), ("20129", "function", 2, "201"), ("2080505", "function", 3, "20805"),
    ("301", "economic", 1, None), ("30101", "economic", 2, "301"), ("50101", "economic", 2, "501"),
    ("1234", None, None, None),
])
def test_codes(code, system, level, parent):
    c = classify(code)
    assert (c.system, c.level, c.parent) == (system, level, parent)


def test_code_system_hint_wins():
    assert classify("301", "function").system == "function"


@pytest.mark.parametrize("text, name, code, ordinal, indent, total", [
    ("\u3000\u3000[2012901]行政运行", "行政运行", "2012901", None, 2, False),
    ("[201]一般公共服务支出", "一般公共服务支出", "201", None, 0, False),
    ("\u3000\u3000其中：（一）因公出国（境）支出", "因公出国（境）支出", None, "其中：（一）", 5, False),
    ("\u3000\u3000\u3000\u3000\u3000（二）公务用车购置及运行维护支出", "公务用车购置及运行维护支出", None, "（二）", 5, False),
    ("\u3000\u3000--春节送温暖", "春节送温暖", None, "--", 2, False),
    ("一、预算拨款", "预算拨款", None, "一、", 0, False),
    ("二十四、结转下年", "结转下年", None, "二十四、", 0, False),
    ("1. 一般公共预算资金", "一般公共预算资金", None, "1.", 0, False),
    ("台山市总工会-小计", "台山市总工会-小计", None, None, 0, True),
    ("本年收入合计", "本年收入合计", None, None, 0, True),
    ("2024年专项经费", "2024年专项经费", None, None, 0, False),
    ("201 一般公共服务支出", "一般公共服务支出", "201", None, 0, False),
])
def test_labels(text, name, code, ordinal, indent, total):
    label = parse_label(text)
    assert (label.name, label.code, label.ordinal, label.indent, label.is_total) == \
        (name, code, ordinal, indent, total)
