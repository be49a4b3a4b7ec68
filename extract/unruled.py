"""Tables printed without rulings: columns rebuilt from how the text lines up (placeholder)."""

from __future__ import annotations


def find_unruled(lines, page, is_caption, settings):
    return [], lines
