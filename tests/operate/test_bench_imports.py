"""Every name the benchmarks import from the project exists. `make bench` runs outside the tests, and its imports sit
inside the functions that measure, so a module moved in the product once broke the report benchmark and no test
failed (`functions.reports.collector`, moved to `functions.collector`)."""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator

from tests.support.paths import ROOT

OURS = ("functions", "site_builder", "hocso", "bench", "tests")


def imported_names() -> Iterator[tuple[str, str, str | None]]:
    """Each import of ours in bench/: where it stands, the module, and the name taken from it (None for the module)."""
    for path in sorted((ROOT / "bench").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] in OURS:
                for alias in node.names:
                    yield f"bench/{path.name}:{node.lineno}", node.module or "", alias.name
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] in OURS:
                        yield f"bench/{path.name}:{node.lineno}", alias.name, None


def missing(place: str, module: str, name: str | None) -> str | None:
    try:
        found = importlib.import_module(module)
    except ImportError as error:
        return f"{place}: {error}"
    if name is None or hasattr(found, name):
        return None
    try:
        importlib.import_module(f"{module}.{name}")  # a submodule not imported by its package
    except ImportError:
        return f"{place}: {module} has no {name}"
    return None


def test_every_name_the_benchmarks_import_exists():
    found = list(imported_names())
    assert len(found) > 50  # the walk reads the benchmarks' imports, those inside functions included
    assert [problem for place, module, name in found if (problem := missing(place, module, name))] == []
