"""The names behind the reach counters' codes, published once for the dashboard: each short id's title and each
poster place's name, at `ap-phich/danh-muc.json`.

The events summary answers codes only (`functions.reach`): the events function stays small and reads no content.
The dashboard fetches this one static file beside it and shows "Chuyển đổi số là gì?" where the counter says
`cds-01`, and "Bưu điện xã Mường Xén" where it says `buu-dien-muong-xen`. Retired ids keep the title they were
published with, since their counts from before stay in the summary.
"""

from __future__ import annotations

import json

from site_builder import shortlinks
from site_builder.places import Place
from site_builder.structure import Catalog

FILE = "ap-phich/danh-muc.json"
"""Where the site publishes the names (a path under the site)."""


def document(catalog: Catalog, places: list[Place]) -> str:
    """The names as JSON: `{"ids": {id: {"title", "kind"}}, "places": {code: name}}`, ids sorted."""
    entries, _, _ = shortlinks.load_register(catalog.root)
    ids = {short_id: {"title": entry.title, "kind": entry.kind} for short_id, entry in entries.items()}
    ids.update({short_id: {"title": t.title, "kind": t.kind} for short_id, t in shortlinks.targets(catalog).items()})
    names = {"ids": dict(sorted(ids.items())), "places": {place.code: place.name for place in places}}
    return json.dumps(names, ensure_ascii=False, separators=(",", ":"))
