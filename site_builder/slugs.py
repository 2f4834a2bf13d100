"""Heading anchors for Vietnamese: Python-Markdown's slugify drops what does not fold to ASCII, and "đ" has no
decomposition, so "Chuyển đổi số là gì?" became `#chuyen-oi-so-la-gi`. The letter is spelled "d" first."""

from __future__ import annotations

from markdown.extensions.toc import slugify as ascii_slugify


def slugify(value: str, separator: str) -> str:
    """`#chuyen-doi-so-la-gi` for "Chuyển đổi số là gì?": Python-Markdown's slug, with đ and Đ kept as d."""
    return ascii_slugify(value.replace("đ", "d").replace("Đ", "D"), separator)
