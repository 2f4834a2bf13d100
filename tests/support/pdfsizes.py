"""The point sizes a PDF's text is printed at, read back with pypdf: what a reader holding the paper sees."""

from __future__ import annotations

import io

from pypdf import PdfReader


def text_sizes(data: bytes) -> dict[str, float]:
    """Each piece of text on the PDF's pages with the smallest size it is printed at (the font size set for it, scaled
    by the text matrix, which fpdf2 leaves as the identity)."""
    sizes: dict[str, float] = {}

    def seen(text, cm, tm, font, size) -> None:
        if text.strip():
            printed = size * abs(tm[3] or 1) * abs(cm[3] or 1)
            sizes[text.strip()] = min(printed, sizes.get(text.strip(), printed))

    for page in PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=seen)
    return sizes
