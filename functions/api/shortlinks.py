"""Short links answered as HTTP redirects by the local server: `/q/<id>/` (a poster's QR code) goes straight to the
id's page with a 302, saving the phone the round trip of the static redirect page (about half a second over 3G).

The scan is still counted, once, by the page it lands on: the Location carries `?qr=<id>` (and the poster's place,
`tu=<place>`, when well formed), which the page's reach script sends as the scan and then wipes from the address
bar (site_builder/assets/reach.js). It is counted there rather than here so that only a browser that opens the page
counts, as with the static page's beacon: a chat app fetching the link for its preview, or a HEAD request, counts
nothing. CloudFront's viewer-response function does the same at the edge (infra/template.yaml, ShortLinks).

Which page an id opens is read from the built site's `q/links.json` (`site_builder.shortlinks.LINKS`), again whenever
a build rewrites it, as the static files are served as they stand. An id not in it (a retired id, which keeps a page,
or a mistyped one) is left to the static files: a page where there is one, else 404.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from starlette.responses import RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from functions.reach import PLACE

LINKS = "q/links.json"
"""The built site's list of live short ids and their pages (`site_builder.shortlinks.LINKS`)."""
MARK = "qr"
"""The query parameter that tells the landing page it was reached by a scan of this id."""
_SHORT_LINK = re.compile(r"^/q/([A-Za-z0-9][A-Za-z0-9_.-]{0,63})/?$")


def read_links(site_dir: Path) -> dict[str, str]:
    """`{id: page}` of the built site; empty for a site built without short links."""
    path = site_dir / LINKS
    if not path.is_file():
        return {}
    return {str(key): str(value) for key, value in json.loads(path.read_text(encoding="utf-8")).items()}


def location(page: str, short_id: str, query: str) -> str:
    """Where a scan of `short_id` goes: its page, marked as scanned, with the poster's place when well formed."""
    places = [value for name, value in parse_qsl(query, keep_blank_values=True) if name == "tu"]
    mark = [(MARK, short_id)]
    if places and re.fullmatch(PLACE, places[0]):
        mark.append(("tu", places[0]))
    return "/" + page + "?" + urlencode(mark)


class ShortLinks:
    """Answers GET and HEAD of `/q/<id>/` (or `/q/<id>`) for a live id of the site built in `site_dir` with a 302 to
    its page; the rest to `app`."""

    def __init__(self, app: ASGIApp, site_dir: Path) -> None:
        self.app = app
        self.path = site_dir / LINKS
        self._read: tuple[float, dict[str, str]] = (-1.0, {})

    @property
    def links(self) -> dict[str, str]:
        """The site's links, read again when the file changed (one stat a short link)."""
        try:
            changed = self.path.stat().st_mtime
        except OSError:
            return {}
        if changed != self._read[0]:
            self._read = (changed, read_links(self.path.parent.parent))
        return self._read[1]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            found = _SHORT_LINK.match(scope["path"])
            page = self.links.get(found.group(1)) if found else None
            if found and page:
                query = scope.get("query_string", b"").decode("latin-1")
                target = scope.get("root_path", "") + location(page, found.group(1), query)
                # 302, not 301: a browser keeps a 301 for good, and an id's page may move with the next build.
                await RedirectResponse(target, status_code=302)(scope, receive, send)
                return
        await self.app(scope, receive, send)
