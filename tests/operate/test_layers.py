"""The import contracts cover the whole of `functions`: import-linter checks only the modules a layer names, so a new
module outside every layer would escape the rule that nothing below the edge imports it. Each is placed, or this
fails."""

from __future__ import annotations

import pkgutil
import tomllib

import functions
from tests.support.paths import ROOT


def _contracts() -> list[dict]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]


def test_every_module_of_the_functions_is_in_a_layer():
    layers = next(contract for contract in _contracts() if contract["type"] == "layers")["layers"]
    placed = {name.strip() for layer in layers for name in layer.replace(":", "|").split("|")}
    children = {f"functions.{module.name}" for module in pkgutil.iter_modules(functions.__path__)}
    assert children - placed == set(), "place each new module of functions in a layer in pyproject.toml"
    assert placed - children == set(), "a layer names a module that no longer exists"


def test_every_function_folder_is_independent_of_the_others():
    independent = next(contract for contract in _contracts() if contract["type"] == "independence")["modules"]
    api = ROOT / "functions" / "api"
    folders = {f"functions.api.{module.name}" for module in pkgutil.iter_modules([str(api)]) if module.ispkg}
    folders.discard("functions.api.deps")  # shared dependencies, not a function
    assert set(independent) == folders
