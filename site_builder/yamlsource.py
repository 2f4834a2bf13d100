"""YAML that remembers where each value came from, so a problem can name its line."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from site_builder import buildcache
from site_builder.buildcache import Memo

Location = tuple[str | int, ...]
# libyaml's parser when PyYAML was built with it (about ten times faster on a 100-question bank), else pure Python.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SourceError(ValueError):
    """The text is not valid YAML; `line` is 1-based."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class Located:
    """Parsed data plus the 1-based line of every mapping key and sequence item, by its path."""

    data: Any
    lines: dict[Location, int] = field(default_factory=dict)
    offset: int = 0
    duplicates: list[tuple[Location, int]] = field(default_factory=list)
    """Keys written twice in one mapping (YAML keeps the last silently), with the line of each repetition."""

    def line_of(self, location: Location) -> int:
        """The line of the value at `location`, or of its nearest located parent."""
        location = tuple(location)
        while location:
            if location in self.lines:
                return self.lines[location] + self.offset
            location = location[:-1]
        return self.lines.get((), 1) + self.offset


def _walk(node: yaml.Node, path: Location, lines: dict[Location, int], duplicates: list) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set = set()
        for key, value in node.value:
            child = path + (key.value,)
            if key.value in seen:
                duplicates.append((child, key.start_mark.line + 1))
            seen.add(key.value)
            _walk(value, child, lines, duplicates)
            lines[child] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), lines, duplicates)


_kept: ContextVar[Memo | None] = ContextVar("yamlsource_kept", default=None)


@contextmanager
def kept_in(memo: Memo | None) -> Iterator[None]:
    """Within it, `parse` looks each text up in `memo` and keeps there what it parses (a third of a build's time
    for the catalogue is parsing its YAML again): by the text, the offset, this code and PyYAML's version."""
    token = _kept.set(memo)
    try:
        yield
    finally:
        _kept.reset(token)


def parse(text: str, offset: int = 0) -> Located:
    """Parse YAML text; `offset` is added to every line (for front matter that starts below line 1)."""
    memo = _kept.get()
    if memo is None:
        return _parse(text, offset)
    code = buildcache.code(Path(__file__))
    kept = memo.get(lambda: _dumped(_parse(text, offset)), "yaml", code, yaml.__version__, offset, text)
    return _loaded(kept, offset) if kept else _parse(text, offset)


def _plain(value: object) -> bool:
    """Whether `value` comes back from JSON as it is (no dates, sets or keys other than strings)."""
    if value is None or type(value) in (str, int, bool):
        return True
    if type(value) is float:
        return math.isfinite(value)
    if type(value) is list:
        return all(_plain(item) for item in value)
    if type(value) is dict:
        return all(type(name) is str and _plain(item) for name, item in value.items())
    return False


def _dumped(located: Located) -> str:
    """`located` as JSON text, or "" when its data would not come back the same (then it is parsed every time)."""
    if not _plain(located.data):
        return ""
    lines = [[line, *where] for where, line in located.lines.items()]
    duplicates = [[line, *where] for where, line in located.duplicates]
    return json.dumps([located.data, lines, duplicates], ensure_ascii=False, separators=(",", ":"))


def _loaded(kept: str, offset: int) -> Located:
    data, lines, duplicates = json.loads(kept)  # new objects every time: nothing a reader does reaches the memo
    return Located(
        data=data,
        lines={tuple(where): line for line, *where in lines},
        offset=offset,
        duplicates=[(tuple(where), line) for line, *where in duplicates],
    )


def _parse(text: str, offset: int) -> Located:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 + offset if mark else None
        reason = getattr(exc, "problem", None) or str(exc)
        raise SourceError(str(reason), line) from None
    finally:
        loader.dispose()
    lines: dict[Location, int] = {}
    duplicates: list[tuple[Location, int]] = []
    if node is not None:
        _walk(node, (), lines, duplicates)
    return Located(
        data=data, lines=lines, offset=offset, duplicates=[(where, line + offset) for where, line in duplicates]
    )


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Split Markdown into (front matter, body, line where the body starts), or None without front matter."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    return None
