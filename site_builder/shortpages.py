"""The page a short link serves: `q/<id>/index.html` is a copy of its id's built page (lesson, course or guide), so a
poster's QR code opens the content at once, with no redirect and its round trip (about half a second over 3G).

The copy is the page's HTML with every relative address rewritten to lead, from `q/<id>/`, to the same file the page
uses: links, scripts, stylesheets, images (`srcset` too), any attribute holding a `./` or `../` path, and the theme's
`__config` (its "base", from which mkdocs-material finds the site's root, and its search worker). Anchors (`#…`) and
absolute addresses stay. It names the page's own address as canonical and asks search engines not to index it, so
the content has one address in their results. No MkDocs here: built HTML in, HTML out.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from site_builder import buildcache
from site_builder.buildcache import FileMemo, Memo

_TAG = re.compile(r"""<[A-Za-z][A-Za-z0-9-]*(?:\s+[^\s"'=<>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*/?>""")
_ATTRIBUTE = re.compile(r"""(\s)([^\s"'=<>/]+)(\s*=\s*)(?:"([^"]*)"|'([^']*)')""")
_RAW = re.compile(r"(<(script|style)\b[^>]*>)(.*?)(</\2\s*>)", re.S | re.I)
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
_CANONICAL = re.compile(r'<link rel="canonical" href="[^"]*">')
ADDRESSES = frozenset({"href", "src", "poster", "action", "data", "formaction", "cite", "background"})
"""Attributes that hold an address; `srcset` holds a list of them; any other attribute is rewritten when its value
is a `./` or `../` path (the site's own `data-` attributes)."""
_MAYBE = re.compile(r"\s(?:" + "|".join(sorted(ADDRESSES)) + r"|srcset)\s*=|=\s*[\"'][.&]", re.I)
"""Found in every tag that has an attribute to rewrite (an address attribute, or a value that may unescape to a `./`
or `../` path), and in few others: most tags of a page (its navigation's items, spans, icons) are copied as they
are without looking at their attributes one by one, a third of the copying's time."""
_CONFIG_ADDRESSES = ("base", "search")
"""The keys of mkdocs-material's `__config` that hold addresses relative to the page."""


def relocated(reference: str, page: str, copy: str) -> str:
    """`reference`, written on the page at `page` (a folder under the site, as `a/b/`), as it must be written on a
    page at `copy` to lead to the same file; absolute addresses and anchors unchanged."""
    parts = urlsplit(reference)
    if parts.scheme or parts.netloc or reference.startswith(("#", "/")) or not reference:
        return reference
    target = posixpath.normpath(posixpath.join("/" + page, parts.path)) if parts.path else "/" + page
    if parts.path.endswith("/") or parts.path in ("", ".", "..") or parts.path.endswith(("/.", "/..")):
        target = target.rstrip("/") + "/"
    path = _relative(target, "/" + copy)
    if target.endswith("/") and path != ".":
        path += "/"
    elif path == ".":
        path = "./"
    return urlunsplit(("", "", path, parts.query, parts.fragment))


def _relative(target: str, start: str) -> str:
    """`posixpath.relpath` of two absolute, normalised paths (a trailing slash makes no difference), without its
    checks and normalising again: a page's copy asks for a hundred of them."""
    to = [part for part in target.split("/") if part]
    base = [part for part in start.split("/") if part]
    common = 0
    for ours, theirs in zip(to, base, strict=False):
        if ours != theirs:
            break
        common += 1
    return "/".join([".."] * (len(base) - common) + to[common:]) or "."


def _srcset(value: str, page: str, copy: str) -> str:
    items = []
    for item in value.split(","):
        words = item.strip().split(None, 1)
        items.append(" ".join([relocated(words[0], page, copy), *words[1:]]) if words else item)
    return ", ".join(items)


def _tag(tag: str, page: str, copy: str) -> str:
    if not _MAYBE.search(tag):
        return tag

    def attribute(found: re.Match[str]) -> str:
        space, name, equals = found.group(1), found.group(2).lower(), found.group(3)
        quote = '"' if found.group(4) is not None else "'"
        raw = found.group(4) if found.group(4) is not None else found.group(5)
        if name not in ADDRESSES and name != "srcset" and not raw.startswith((".", "&")):
            return found.group(0)  # unescaped, it cannot start with "./" either
        value = html.unescape(raw)
        if name == "srcset":
            new = _srcset(value, page, copy)
        elif name in ADDRESSES or value.startswith(("./", "../")):
            new = relocated(value, page, copy)
        else:
            return found.group(0)
        if new == value:
            return found.group(0)
        return f"{space}{found.group(2)}{equals}{quote}{html.escape(new, quote=True)}{quote}"

    return _ATTRIBUTE.sub(attribute, tag)


def _config(found: re.Match[str], page: str, copy: str) -> str:
    config = json.loads(found.group(2))
    for key in _CONFIG_ADDRESSES:
        if isinstance(config.get(key), str):
            config[key] = relocated(config[key], page, copy).rstrip("/") or "."
    # as the theme writes it (json.dumps' defaults); "</" cannot occur in it, the theme's own text has none
    return found.group(1) + json.dumps(config) + found.group(3)


def copy_page(text: str, page: str, copy: str, canonical: str) -> str:
    """The built page `text` (at `page`) as served at `copy`: its relative addresses rewritten, `canonical` (the page's
    own absolute address) named as such and search engines asked not to index the copy."""
    pieces: list[str] = []
    last = 0
    # scripts and styles are not markup: only the theme's __config is rewritten in them
    for found in _RAW.finditer(text):
        pieces.append(_TAG.sub(lambda tag: _tag(tag.group(0), page, copy), text[last : found.start()]))
        opening = _tag(found.group(1), page, copy)
        whole = opening + found.group(3) + found.group(4)
        pieces.append(_CONFIG.sub(lambda config: _config(config, page, copy), whole))
        last = found.end()
    pieces.append(_TAG.sub(lambda tag: _tag(tag.group(0), page, copy), text[last:]))
    out = "".join(pieces)
    head = f'<link rel="canonical" href="{html.escape(canonical)}"><meta name="robots" content="noindex">'
    if _CANONICAL.search(out):
        return _CANONICAL.sub(lambda _: head, out, count=1)
    return out.replace("</head>", head + "</head>", 1)


def write(site: Path, pages: dict[str, str], site_url: str, memo: Memo | FileMemo | None = None) -> list[Path]:
    """Writes `q/<id>/index.html` into the built `site` for each `{id: page}` of `pages` (pages as folders under the
    site, as `a/b/`), from the page as built; `site_url` makes the canonical address. The files written. `memo`
    keeps the copies between builds by the page's text: a rebuild copies again only the pages that changed, and a
    `FileMemo`'s copies are linked into the site rather than written (`buildcache.place`)."""
    written = []
    for short_id, page in sorted(pages.items()):
        copy = f"q/{short_id}/"
        text = (site / page / "index.html").read_text(encoding="utf-8")
        canonical = site_url.rstrip("/") + "/" + page
        target = site / copy / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)

        def made(text: str = text, page: str = page, copy: str = copy, canonical: str = canonical) -> str:
            return copy_page(text, page, copy, canonical)

        parts = ("q-copy", buildcache.code(Path(__file__)), page, copy, canonical, text)
        if isinstance(memo, FileMemo):
            memo.place(target, made, *parts)  # a link to the kept copy: no bytes written
        else:
            target.write_text(memo.get(made, *parts) if memo else made(), encoding="utf-8")
        written.append(target)
    return written
