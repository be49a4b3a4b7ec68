"""Classification codes: 功能分类 (function: 类/款/项 = 3/5/7 digits, 201 / 20101 / 2010101)
and 经济分类 (economic: 类/款 = 3/5 digits, 301 / 30101), with level and parent."""

from __future__ import annotations

from dataclasses import dataclass

FUNCTION = "function"
ECONOMIC = "economic"

_LEVELS = {FUNCTION: {3: 1, 5: 2, 7: 3}, ECONOMIC: {3: 1, 5: 2}}


@dataclass(frozen=True)
class Code:
    code: str
    system: str | None
    level: int | None
    parent: str | None


def classify(code: str, hint: str | None = None) -> Code:
    """The system, level and parent of a code.

    `hint` is the table kind's code system from the catalogue. Without it, the first digit
    decides: 2xx are function classes (201 一般公共服务支出 … 232), 3xx and 5xx economic classes
    (301 工资福利支出; 501 机关工资福利支出 in the government economic classification)."""
    system = hint
    if system is None:
        if code[:1] == "2" and len(code) in (3, 5, 7):
            system = FUNCTION
        elif code[:1] in ("3", "5") and len(code) in (3, 5):
            system = ECONOMIC
    level = _LEVELS.get(system, {}).get(len(code))
    if level is None:
        return Code(code, system, None, None)
    parent = code[: len(code) - 2] if level > 1 else None
    return Code(code, system, level, parent)
