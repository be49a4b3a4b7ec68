"""A printed row label → indentation, code, ordinal and clean name.

    "　　[2012901]行政运行"        → indent 4, code 2012901, name 行政运行
    "　　其中：（一）因公出国（境）支出" → ordinal 其中：（一）, name 因公出国（境）支出
    "　　--春节送温暖"              → ordinal --, name 春节送温暖
"""

from __future__ import annotations

from dataclasses import dataclass

from ..patterns import BRACKET_CODE, LEADING_CODE, OF_WHICH, ORDINAL, TOTAL


@dataclass(frozen=True)
class Label:
    name: str
    indent: int            # characters of indentation, counting a 其中： prefix as indent
    code: str | None
    ordinal: str | None
    is_total: bool


def parse_label(text: str | None, *, code_from_name: bool = True) -> Label:
    if not text:
        return Label("", 0, None, None, False)
    if "/" in text and not text.startswith((" ", "\u3000")):
        # group/item from a label column spanning rows: the item carries ordinal and code
        group, _, item = text.rpartition("/")
        leaf = parse_label(item, code_from_name=code_from_name)
        return Label(f"{group}/{leaf.name}", leaf.indent, leaf.code, leaf.ordinal, leaf.is_total)
    body = text.lstrip(" \t\u3000\u00a0")
    # indentation in characters: an ideographic space (plain dumps) and a character cell of a
    # layout dump both count one, so 其中： (3) lines up with the five spaces under it
    indent = len(text) - len(body)
    code = None
    if code_from_name:
        m = BRACKET_CODE.match(body) or LEADING_CODE.match(body)
        if m:
            code, body = m.group("code"), body[m.end():]
    m = ORDINAL.match(body)
    ordinal = m.group("ordinal").strip() if m and m.group("ordinal") else None
    if ordinal:
        # 其中： sits where a deeper indent would: it counts as indentation for the level
        of_which = OF_WHICH.match(body)
        if of_which:
            indent += len(of_which.group().replace(" ", ""))
        body = body[m.end():]
    name = body.strip(" \t\u3000")
    return Label(name, indent, code, ordinal, bool(TOTAL.search(name)))
