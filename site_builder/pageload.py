"""What a page asks for before its text shows: one stylesheet of the site's own beside the theme's, every script
deferred.

Over a commune's 3G (400 ms, 400 kbit/s) each render-blocking request competes with the theme's main stylesheet for
the same thin line, and the text waits for all of them. So the theme's palette and hocso's own styles go as one file,
named by a hash of its content (so CloudFront and the browser keep it for a year, `infra.publish`), and the theme's
bundle and hocso's scripts move from the end of the body to the head with `defer`: the browser fetches them at low
priority after the styles and runs them, in the same order as before, once the page is parsed, and still before the
pages' own deferred scripts (the quiz, the account page), which use `window.hocso`.

Plain text in, text out: the MkDocs adapter (`site_builder.plugin`) calls these on each page it writes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

SITE_CSS = "assets/hocso/site.{digest}.min.css"
"""The merged stylesheet's address under the site; the digest is its content's."""
MERGED = re.compile(
    r'<link rel="stylesheet" href="(?P<root>[^"]*?)assets/'
    r'(?:stylesheets/palette\.[0-9a-f]+\.min|hocso/hocso)\.css">\s*'
)
"""The theme's palette and hocso's own stylesheet, as the theme links them."""
DEFERRED = re.compile(
    r'<script src="(?P<src>[^"]*?assets/'
    r'(?:javascripts/bundle\.[0-9a-f]+\.min|hocso/[a-z0-9-]+)\.js)"></script>\s*'
)
"""The theme's bundle and hocso's scripts of every page (`plugin.SCRIPTS`), as the theme writes them at the end of the
body; a page's own scripts are written deferred already and do not match."""
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def palette_file(theme_dirs: Iterable[str]) -> Path | None:
    """The theme's palette stylesheet (`assets/stylesheets/palette.<hash>.min.css`), first found in the theme's dirs."""
    for folder in theme_dirs:
        found = sorted(Path(folder).glob("assets/stylesheets/palette.*.min.css"))
        if found:
            return found[0]
    return None


def site_stylesheet(palette: Path | None, own: Path) -> tuple[str, str]:
    """(address under the site, text) of the one stylesheet that replaces the palette's and hocso's own.

    The palette first, as the theme linked it, so every rule keeps its place in the cascade; hocso's comments are
    dropped (they explain the source, not the page).
    """
    text = (palette.read_text(encoding="utf-8") + "\n" if palette else "") + _COMMENT.sub("", own.read_text("utf-8"))
    text = "\n".join(line.strip() for line in text.splitlines() if line.strip()) + "\n"
    return SITE_CSS.format(digest=hashlib.sha256(text.encode()).hexdigest()[:12]), text


def rewrite(html: str, stylesheet: str) -> str:
    """`html` as the theme wrote it, with the palette's and hocso's stylesheets replaced by `stylesheet` (an address
    under the site) where the first of them stood, and the bundle's and hocso's scripts moved, deferred, to the end
    of the head. A page without them (a bare HTML page) is returned as it was."""
    links = list(MERGED.finditer(html))
    if links:
        root = links[0].group("root")
        merged = f'<link rel="stylesheet" href="{root}{stylesheet}">\n'
        first = links[0].start()
        html = html[:first] + merged + MERGED.sub("", html[first:])
    scripts = [found.group("src") for found in DEFERRED.finditer(html)]
    head = html.find("</head>")
    if scripts and head != -1:
        html = DEFERRED.sub("", html)
        head = html.find("</head>")
        tags = "".join(f'<script src="{src}" defer></script>\n' for src in scripts)
        html = html[:head] + tags + html[head:]
    return html
