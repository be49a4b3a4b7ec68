"""Text cells bound for a spreadsheet (a CSV opened in Excel, an xlsx sheet): a cell that starts
with = + - @, a tab or a CR is read by Excel as a formula (CSV/formula injection), so it gets a
leading apostrophe there. Parquet and the store keep the raw text."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(text: str) -> str:
    """`text` as a spreadsheet shows it literally: prefixed with ' where Excel would read a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text
