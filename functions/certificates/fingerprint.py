"""What a PDF page draws, reduced to one digest: the page's own dictionary with everything it reaches (content
streams, fonts and their glyph programs, images, annotations), streams by their decoded bytes.

Two pages with the same digest draw the same thing. Certificates are drawn deterministically (dated by the
certificate, not the clock), so a certificate's page can be compared with the page its signed data renders to: a white
box and another name drawn over it, an annotation laid on top, a font whose glyphs were swapped, all change the digest.
Object numbers, stream compression and the page's place in the file do not, so a file merely saved again still matches.
"""

from __future__ import annotations

import hashlib

from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, PdfObject, StreamObject

# Keys that tie a page into its file, or say how a stream is encoded, not what is drawn.
SKIPPED = frozenset({"/Parent", "/Length", "/Filter", "/DecodeParms", "/StructParents"})
DEEPEST = 64  # a real page nests a dozen levels; a crafted file's cycles or depth stop here


class Unreadable(ValueError):
    """The page nests deeper than any drawn page would, or holds a stream that cannot be decoded."""


def _feed(value: PdfObject | None, digest, ancestors: tuple[int, ...], depth: int) -> None:
    if depth > DEEPEST:
        raise Unreadable("too deep")
    if isinstance(value, IndirectObject):
        if value.idnum in ancestors:  # a loop back up the tree (e.g. a /Parent this set misses): name it, stop
            digest.update(b"<loop>")
            return
        ancestors += (value.idnum,)
        value = value.get_object()
    if isinstance(value, StreamObject):
        try:
            data = value.get_data()
        except Exception as error:  # pypdf raises many kinds for a broken filter
            raise Unreadable("stream") from error
        digest.update(b"<stream %d>" % len(data))
        digest.update(data)
    if isinstance(value, DictionaryObject):
        digest.update(b"<<")
        for key in sorted(value.keys()):
            if key in SKIPPED:
                continue
            digest.update(str(key).encode() + b" ")
            _feed(value.raw_get(key), digest, ancestors, depth + 1)
        digest.update(b">>")
    elif isinstance(value, ArrayObject):
        digest.update(b"[")
        for item in value:
            _feed(item, digest, ancestors, depth + 1)
        digest.update(b"]")
    elif not isinstance(value, StreamObject):
        digest.update(f"{type(value).__name__}:{value!r};".encode())


def of_page(page: DictionaryObject) -> str:
    """The page's digest (hex); Unreadable when it cannot be taken."""
    digest = hashlib.sha256()
    _feed(page, digest, (), 0)
    return digest.hexdigest()
