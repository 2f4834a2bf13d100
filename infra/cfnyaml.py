"""CloudFormation's YAML: the short-form tags (`!Ref`, `!Sub`, `!GetAtt` ...) read as their long-form mappings.

The deploy script reads the template to learn the functions and their handlers, and the tests read it to compare the
table with `functions.stores.dynamodb.table.TABLE`, so both need the template as plain data; PyYAML's safe loader
refuses the tags. No intrinsic is evaluated here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

TEMPLATE = Path(__file__).resolve().parent / "template.yaml"


class _Loader(yaml.SafeLoader):
    """A safe loader that turns `!Tag value` into `{"Fn::Tag": value}` (`!Ref` and `!Condition` keep their names)."""


def _intrinsic(loader: _Loader, suffix: str, node: yaml.Node) -> dict:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    if suffix in ("Ref", "Condition"):
        return {suffix: value}
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)  # `!GetAtt Table.Arn` is `Fn::GetAtt: [Table, Arn]`
    return {f"Fn::{suffix}": value}


_Loader.add_multi_constructor("!", _intrinsic)


def loads(text: str) -> dict:
    """A template's text as plain data."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass


def load(path: Path = TEMPLATE) -> dict:
    """The template at `path` (the stack's template by default) as plain data."""
    return loads(path.read_text(encoding="utf-8"))
