"""The places posters are put up at (`content/places.yml`): a short code each, printed in its posters' QR links as
`?tu=<code>` so the events function counts the scans per place (`functions.reach`), and a name, printed on the
posters and shown beside the scans on the dashboard.

```yaml
buu-dien-muong-xen:
  name: Bưu điện xã Mường Xén
  posters: [cds, hd-vneid]   # optional: the short ids printed for this place; every course when left out
```

A place's posters are one PDF (`ap-phich/noi-dat/<code>.pdf`): a poster per short id it names, or one per course
when it names none, not a poster per lesson and guide (a province's 200 post offices x 210 pages would be 42,000
pages to draw on the first build). An absent file is an empty list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from functions.reach import PLACE
from site_builder import shortlinks, yamlsource
from site_builder.problems import Problem, field_problems, problem
from site_builder.structure import Catalog

FILE = "places.yml"
CODE = re.compile(PLACE)
MAX_PLACES = 1000
"""The most places a list holds: a province's communes each with a post office or two, well within; the events
function takes scans at 200 places an id a day (`functions.reach.PLACES_PER_DAY`)."""


class PlaceSource(BaseModel):
    """One place as an editor writes it."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=120)
    posters: list[str] | None = Field(None, min_length=1, max_length=300)


@dataclass(frozen=True)
class Place:
    """A place with its code (`?tu=`), its name and the short ids posted there (empty: every course)."""

    code: str
    name: str
    posters: tuple[str, ...]


def load(content_dir: Path, live: set[str]) -> tuple[list[Place], list[Problem]]:
    """The places of `content_dir/places.yml` in file order, and every problem in it with its line; `live` are the
    short ids a place may name."""
    path = content_dir / FILE
    if not path.is_file():
        return [], []
    text = path.read_text(encoding="utf-8")
    try:
        located = yamlsource.parse(text)
    except yamlsource.SourceError as exc:
        return [], [problem(path, exc.line, "", "yaml_invalid", detail=exc)]
    data = located.data or {}
    if not isinstance(data, dict):
        return [], [problem(path, located.line_of(()), "", "field_invalid", detail="phải là một bảng mã nơi: tên nơi")]
    if len(data) > MAX_PLACES:
        return [], [problem(path, located.line_of(()), "", "places_too_many", detail=len(data), other=MAX_PLACES)]
    places: list[Place] = []
    problems = _repeated(path, text)
    for code, raw in data.items():
        code = str(code)
        if not CODE.match(code):
            problems.append(problem(path, located.line_of((code,)), code, "place_code_invalid", detail=code))
            continue
        try:
            source = PlaceSource.model_validate(raw)
        except ValidationError as exc:
            problems += field_problems(exc.errors(), path, located.line_of, prefix=(code,))
            continue
        unknown = [(n, short_id) for n, short_id in enumerate(source.posters or []) if short_id not in live]
        for n, short_id in unknown:
            line = located.line_of((code, "posters", n))
            problems.append(problem(path, line, f"{code}.posters.{n}", "place_poster_unknown", detail=short_id))
        if not unknown:
            places.append(Place(code, source.name.strip(), tuple(dict.fromkeys(source.posters or []))))
    return places, problems


def _repeated(path: Path, text: str) -> list[Problem]:
    """A place code written twice: YAML keeps the last silently, so the first place would vanish from the posters."""
    node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    first: dict[str, int] = {}
    problems = []
    for key, _ in node.value if isinstance(node, yaml.MappingNode) else []:
        line = key.start_mark.line + 1
        if key.value in first:
            problems.append(
                problem(path, line, key.value, "id_duplicate", detail=key.value, other=f"dòng {first[key.value]}")
            )
        first.setdefault(key.value, line)
    return problems


def of_catalog(catalog: Catalog) -> tuple[list[Place], list[Problem]]:
    """The places of the catalogue's content folder, naming only its live short ids, and their problems."""
    return load(catalog.root, set(shortlinks.targets(catalog)))
