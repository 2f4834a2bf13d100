"""Lambda packages: each function's zip holds only the modules its handler can reach, the data they read, and the
pip distributions those modules import, built for the Lambda runtime (CPython 3.12, manylinux, the chosen arch).

Which modules: every `functions.*` import reachable from the handler, lazy imports inside functions included (a store
backend is imported on first use), `if TYPE_CHECKING:` blocks excluded. Which data: what the function's environment in
the template points at (`HOCSO_BANK_DIR`, `HOCSO_IDS`, `HOCSO_CALENDAR`), and the fonts wherever a PDF library is
imported. Which distributions: those of the third-party imports, pinned to the versions installed here (the ones the
tests ran), with the speed-ups a library loads only when present (`COMPANIONS`), their own dependencies resolved by
pip for the target under the same pins. boto3 and botocore are shipped
too, at the tested versions, rather than the runtime's (whatever AWS last put there): botocore's service models are
cut to the services the function's code asks boto3 for (`boto3.client("dynamodb")`, ...), which keeps ~1 MB of its
29 MB of data.

A zip is deterministic (sorted entries, fixed dates), so the same inputs give the same bytes and digest.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata
import re
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from functions.published import FILE
from infra import cfnyaml

ROOT = Path(__file__).resolve().parent.parent
PYTHON_VERSION = "3.12"
AWS_CLIENT = re.compile(r"""boto3\.client\(\s*["']([a-z0-9-]+)["']""")
"""How the functions' code asks for an AWS service: its models are the only ones a package keeps."""
MODEL_FOLDERS = ("botocore/data", "boto3/data")
FONTS_FOR = {"fpdf", "reportlab"}
"""The fonts (`functions/fonts/`) go with the PDF libraries: only a function that can print carries them."""
COMPANIONS = {"reportlab": ["rl-accel"]}
"""Distributions a library loads only when installed, which no import of ours names: reportlab's C speed-ups."""
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Function:
    """One Lambda function of the template."""

    name: str
    """The first path segment of its routes and of its package (`functions/api/<name>/`)."""
    resource: str
    handler: str
    code_parameter: str
    environment: dict

    @property
    def module(self) -> str:
        return self.handler.rsplit(".", 1)[0].replace("/", ".")


@dataclass(frozen=True)
class Package:
    """A built zip and what is in it."""

    function: Function
    path: Path
    digest: str
    size: int
    unpacked: int
    modules: tuple[str, ...]
    requirements: tuple[str, ...]


def functions(template: dict | None = None) -> list[Function]:
    """The template's functions, in template order."""
    template = template or cfnyaml.load()
    found = []
    for resource, body in template["Resources"].items():
        if body["Type"] != "AWS::Serverless::Function":
            continue
        props = body["Properties"]
        found.append(
            Function(
                name=props["Handler"].split("/")[-2],
                resource=resource,
                handler=props["Handler"],
                code_parameter=props["CodeUri"]["Key"]["Ref"],
                environment=props.get("Environment", {}).get("Variables", {}),
            )
        )
    return found


def _module_file(name: str, root: Path) -> Path | None:
    base = root.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(path: Path, module: str) -> set[str]:
    """Every module name `path` imports, at any depth, outside `if TYPE_CHECKING:`; `from a import b` gives both `a`
    and `a.b` (which may be a module or only a name in `a`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{parent}.{base}" if base else parent
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return names


def modules(entry: str, root: Path = ROOT) -> tuple[set[str], set[str]]:
    """The `functions.*` modules reachable from `entry`, and the top-level names of the other imports they make."""
    seen: set[str] = set()
    outside: set[str] = set()
    pending = [entry]
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        path = _module_file(name, root)
        if path is None:
            continue  # `from package import name` where the name is not a module
        seen.add(name)
        parts = name.split(".")
        pending += [".".join(parts[:i]) for i in range(1, len(parts))]  # parents' __init__ run first
        for imported in _imports(path, name):
            top = imported.split(".", 1)[0]
            if top == "functions":
                pending.append(imported)
            elif top and top not in sys.stdlib_module_names and top != "__future__":
                outside.add(top)
    return seen, outside


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements(function: Function, root: Path = ROOT) -> list[str]:
    """`name==version` of each distribution the function's modules import, pinned as installed, sorted."""
    _, imported = modules(function.module, root)
    providers = importlib.metadata.packages_distributions()
    pins = set()
    for name in imported:
        for distribution in providers.get(name, []):
            pins.add(f"{_normal(distribution)}=={importlib.metadata.version(distribution)}")
        if name not in providers:
            raise LookupError(f"{function.name}: no installed distribution provides the import {name!r}")
        for distribution in COMPANIONS.get(name, []):
            pins.add(f"{_normal(distribution)}=={importlib.metadata.version(distribution)}")
    return sorted(pins)


def services(function: Function, root: Path = ROOT) -> set[str]:
    """The AWS services the function's modules create boto3 clients for."""
    found, _ = modules(function.module, root)
    sources = [path for path in (_module_file(name, root) for name in found) if path is not None]
    return {service for path in sources for service in AWS_CLIENT.findall(path.read_text(encoding="utf-8"))}


def kept(relative: str, wanted: set[str]) -> bool:
    """Whether an installed file stays in the package: service models only of the `wanted` services (botocore's
    shared files at the top of its data folder always stay)."""
    for folder in MODEL_FOLDERS:
        if relative.startswith(folder + "/"):
            rest = relative[len(folder) + 1 :].split("/")
            return len(rest) == 1 or rest[0] in wanted
    return True


def constraints() -> list[str]:
    """Every installed distribution pinned, so that pip resolves the packages' own dependencies to the tested ones."""
    pins = {}
    for distribution in importlib.metadata.distributions():
        name = distribution.metadata["Name"]
        if (
            name
            and _normal(name) != "hocso"
            and not (distribution.read_text("direct_url.json") or "").count('"editable"')
        ):
            pins[_normal(name)] = f"{_normal(name)}=={distribution.version}"
    return sorted(pins.values())


def files(function: Function, bank_dir: Path, root: Path = ROOT) -> list[tuple[Path, str]]:
    """(source, name in the zip) of the function's own files: its modules and the data its environment names."""
    found, imported = modules(function.module, root)
    entries = [(_module_file(name, root), _module_file(name, root).relative_to(root).as_posix()) for name in found]
    folders = []
    if FONTS_FOR & imported:
        folders.append((root / "functions" / "fonts", "functions/fonts"))
    if "HOCSO_BANK_DIR" in function.environment:
        folders.append((bank_dir, function.environment["HOCSO_BANK_DIR"]))
    for source, name in folders:
        if not source.is_dir():
            raise FileNotFoundError(
                f"{function.name}: {source} is missing (build the site first: it exports the banks)"
            )
        entries += [
            (path, f"{name}/{path.relative_to(source).as_posix()}") for path in source.rglob("*") if path.is_file()
        ]
    if "HOCSO_IDS" in function.environment:  # the published ids alone, without the banks beside them
        published = bank_dir / FILE
        if not published.is_file():
            raise FileNotFoundError(
                f"{function.name}: {published} is missing (build the site first: it exports the ids)"
            )
        entries.append((published, function.environment["HOCSO_IDS"]))
    if "HOCSO_CALENDAR" in function.environment:
        relative = function.environment["HOCSO_CALENDAR"]
        if (root / relative).is_file():  # optional: without it the package's holidays alone apply
            entries.append((root / relative, relative))
    return sorted(entries, key=lambda entry: entry[1])


def pip_command(target: Path, requirement_file: Path, constraint_file: Path, architecture: str) -> list[str]:
    """The pip call that installs a function's distributions for Lambda into `target` (wheels only, from PyPI)."""
    machine = {"arm64": "aarch64", "x86_64": "x86_64"}[architecture]
    return [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-compile",
        "--target",
        str(target),
        "--implementation",
        "cp",
        "--python-version",
        PYTHON_VERSION,
        "--abi",
        "cp" + PYTHON_VERSION.replace(".", ""),
        # Lambda's Python 3.12 runs on Amazon Linux 2023 (glibc 2.34), so any manylinux wheel up to 2.34 runs there;
        # pip matches --platform tags exactly, so each one is named.
        *[flag for glibc in range(17, 35) for flag in ("--platform", f"manylinux_2_{glibc}_{machine}")],
        "--platform",
        f"manylinux2014_{machine}",
        "--only-binary=:all:",
        "-r",
        str(requirement_file),
        "-c",
        str(constraint_file),
    ]


def _dependency_files(function: Function, work: Path, architecture: str) -> list[tuple[Path, str]]:
    target = work / "site-packages"
    (work / "requirements.txt").write_text("\n".join(requirements(function)) + "\n")
    (work / "constraints.txt").write_text("\n".join(constraints()) + "\n")
    subprocess.run(pip_command(target, work / "requirements.txt", work / "constraints.txt", architecture), check=True)
    wanted = services(function)
    return [
        (path, path.relative_to(target).as_posix())
        for path in sorted(target.rglob("*"))
        if path.is_file()
        and "__pycache__" not in path.parts
        and path.relative_to(target).parts[0] != "bin"
        and kept(path.relative_to(target).as_posix(), wanted)
    ]


def build(
    function: Function,
    out_dir: Path,
    bank_dir: Path,
    architecture: str = "arm64",
    dependencies: bool = True,
    root: Path = ROOT,
) -> Package:
    """The function's zip in `out_dir`; `dependencies=False` leaves pip out (the tests: no network)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{function.name}.zip"
    with tempfile.TemporaryDirectory(prefix=f"hocso-{function.name}-") as work:
        entries = files(function, bank_dir, root)
        if dependencies:
            entries += _dependency_files(function, Path(work), architecture)
        unpacked = 0
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for source, name in sorted(entries, key=lambda entry: entry[1]):
                info = zipfile.ZipInfo(name, _ZIP_DATE)
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                data = source.read_bytes()
                unpacked += len(data)
                archive.writestr(info, data)
    found, _ = modules(function.module, root)
    return Package(
        function=function,
        path=path,
        digest=hashlib.sha256(path.read_bytes()).hexdigest(),
        size=path.stat().st_size,
        unpacked=unpacked,
        modules=tuple(sorted(found)),
        requirements=tuple(requirements(function, root)),
    )
