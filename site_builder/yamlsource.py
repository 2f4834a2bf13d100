"""YAML that remembers where each value came from, so a problem can name its line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

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


def parse(text: str, offset: int = 0) -> Located:
    """Parse YAML text; `offset` is added to every line (for front matter that starts below line 1)."""
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
