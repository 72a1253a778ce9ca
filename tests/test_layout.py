"""The package's layout holds (segdsl/ARCHITECTURE.md): no import cycles, no private name used
outside its module, imports only down the pipeline (foundation ← syntax ← semantics ← sql ←
runtime ← the front ends), a docstring in every module, and every path the architecture page
names exists.

Imports are read with `ast` from the source, function-level and `TYPE_CHECKING` imports
included: a deferred import is still a dependency."""

from __future__ import annotations

import ast
import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "segdsl"
ARCHITECTURE = PACKAGE / "ARCHITECTURE.md"

# Lowest first: a module imports only from its own layer or the layers before it. A subpackage
# is in the layer of its name; a top-level module is listed by its own.
LAYERS: list[tuple[str, frozenset[str]]] = [
    (
        "foundation",
        frozenset({"diagnostics", "errors", "limits", "resources", "files", "tables", "project"}),
    ),
    ("syntax", frozenset({"syntax"})),
    ("semantics", frozenset({"semantics"})),
    ("sql", frozenset({"sql"})),
    ("runtime", frozenset({"runtime"})),
    ("tools", frozenset({"fmt", "lint", "demo"})),
    ("library API", frozenset({"", "api"})),  # "": the package itself, segdsl/__init__.py
    ("language service", frozenset({"service"})),
    ("repl", frozenset({"repl"})),
    ("language server", frozenset({"lsp"})),
    ("studio", frozenset({"studio"})),
    ("command line", frozenset({"cli", "__main__"})),
]


@dataclass(frozen=True)
class Import:
    importer: str
    line: int
    module: str  # the segdsl module imported (a package's __init__ for a name it defines)
    names: tuple[str, ...]  # the names taken from it (`from … import a, b`); () for `import m`


def module_files(root: Path = PACKAGE) -> dict[str, Path]:
    """Dotted name → file, for every module of the package under `root`."""
    found: dict[str, Path] = {}
    for file in sorted(root.rglob("*.py")):
        parts = list(file.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = file
    return found


MODULES = module_files()


def imports_of(file: Path, name: str, modules: dict[str, Path] = MODULES) -> Iterator[Import]:
    """Every import of a segdsl module in `file` (module `name`), wherever it is written."""
    package = name.split(".") if file.name == "__init__.py" else name.split(".")[:-1]
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in modules:
                    yield Import(name, node.lineno, alias.name, ())
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module or ""
            taken: list[str] = []
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                if submodule in modules:
                    yield Import(name, node.lineno, submodule, ())
                else:
                    taken.append(alias.name)
            if taken and source in modules:
                yield Import(name, node.lineno, source, tuple(taken))


def import_graph(modules: dict[str, Path] = MODULES) -> dict[str, dict[str, Import]]:
    """importer → {imported module → the first import of it}."""
    graph: dict[str, dict[str, Import]] = {}
    for name, file in modules.items():
        edges = graph.setdefault(name, {})
        for found in imports_of(file, name, modules):
            if found.module != name:
                edges.setdefault(found.module, found)
    return graph


@functools.cache
def package_graph() -> dict[str, dict[str, Import]]:
    return import_graph()


def find_cycle(graph: dict[str, dict[str, Import]]) -> list[str]:
    """One import cycle as [a, b, …, a], or [] when there is none."""
    done: set[str] = set()
    path: list[str] = []
    on_path: set[str] = set()

    def visit(node: str) -> list[str]:
        path.append(node)
        on_path.add(node)
        for target in sorted(graph.get(node, {})):
            if target in on_path:
                return [*path[path.index(target) :], target]
            if target not in done and (cycle := visit(target)):
                return cycle
        path.pop()
        on_path.discard(node)
        done.add(node)
        return []

    for start in sorted(graph):
        if start not in done and (cycle := visit(start)):
            return cycle
    return []


def layer_of(module: str) -> int:
    parts = module.split(".")
    key = parts[1] if len(parts) > 1 else ""
    for rank, (_, members) in enumerate(LAYERS):
        if key in members:
            return rank
    raise AssertionError(f"{module} is in no layer: add it to LAYERS (and ARCHITECTURE.md)")


def is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_uses(file: Path, modules: dict[str, Path] = MODULES) -> Iterator[str]:
    """`from segdsl.m import _name` and `m._name` for a segdsl module `m` imported in `file`."""
    tree = ast.parse(file.read_text(encoding="utf-8"))
    bound: dict[str, str] = {}  # local name → the segdsl module it is
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("segdsl"):
            for alias in node.names:
                if is_private(alias.name):
                    yield f"{file}:{node.lineno}: from {node.module} import {alias.name}"
                if f"{node.module}.{alias.name}" in modules:
                    bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in modules:
                    local = alias.asname or alias.name.split(".")[0]
                    bound[local] = alias.name if alias.asname else local
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and is_private(node.attr):
            dotted = ast.unparse(node.value)
            head, _, rest = dotted.partition(".")
            module = ".".join(filter(None, [bound.get(head, ""), rest])) if head in bound else ""
            if module in modules:
                yield f"{file}:{node.lineno}: {dotted}.{node.attr}"


# --- the rules -----------------------------------------------------------------------------


def test_no_import_cycles() -> None:
    graph = package_graph()
    cycle = find_cycle(graph)
    steps = [f"  {a} imports {b} (line {graph[a][b].line})" for a, b in itertools.pairwise(cycle)]
    assert not cycle, "import cycle:\n" + "\n".join(steps)


def test_find_cycle_names_the_modules_of_a_cycle(tmp_path: Path) -> None:
    package = tmp_path / "segdsl"
    (package / "inner").mkdir(parents=True)
    (package / "__init__.py").write_text('"""."""\n')
    (package / "inner" / "__init__.py").write_text('"""."""\n')
    (package / "a.py").write_text("from segdsl.inner import b\n")
    (package / "inner" / "b.py").write_text("def f():\n    from segdsl import a\n")
    (package / "c.py").write_text("from segdsl.a import x\n")
    graph = import_graph(module_files(package))
    assert find_cycle(graph) == ["segdsl.a", "segdsl.inner.b", "segdsl.a"]
    del graph["segdsl.inner.b"]["segdsl.a"]
    assert find_cycle(graph) == []


def test_no_private_name_is_used_outside_its_module() -> None:
    files = [*MODULES.values(), *sorted((ROOT / "tests").rglob("*.py"))]
    files += sorted((ROOT / "benchmarks").rglob("*.py"))
    found = [use for file in files for use in private_uses(file)]
    assert not found, "private names used across modules:\n" + "\n".join(found)


def test_private_uses_are_found(tmp_path: Path) -> None:
    file = tmp_path / "user.py"
    file.write_text(
        "from segdsl.syntax.parser import _grammar_text\n"
        "from segdsl.sql import compiler\n"
        "import segdsl.semantics.types as types\n"
        "import segdsl.runtime.engines\n"
        "compiler._cte_table, types._x, segdsl.runtime.engines._text, compiler.__name__\n",
        encoding="utf-8",
    )
    found = [use.split(": ", 1)[1] for use in private_uses(file)]
    assert found == [
        "from segdsl.syntax.parser import _grammar_text",
        "compiler._cte_table",
        "types._x",
        "segdsl.runtime.engines._text",
    ]


def test_imports_go_down_the_pipeline() -> None:
    upward = [
        f"{MODULES[found.importer].relative_to(ROOT)}:{found.line}: {found.importer} "
        f"({LAYERS[layer_of(found.importer)][0]}) imports {found.module} "
        f"({LAYERS[layer_of(found.module)][0]})"
        for edges in package_graph().values()
        for found in edges.values()
        if layer_of(found.module) > layer_of(found.importer)
    ]
    assert not upward, "imports against the pipeline:\n" + "\n".join(upward)


def test_only_the_command_line_imports_it() -> None:
    outside = [
        f"{found.importer} imports {found.module}"
        for edges in package_graph().values()
        for found in edges.values()
        if found.module.startswith("segdsl.cli")
        and layer_of(found.importer) != layer_of("segdsl.cli")
    ]
    assert not outside, "\n".join(outside)


def test_every_module_has_a_docstring() -> None:
    bare = [
        str(file.relative_to(ROOT))
        for file in MODULES.values()
        if not ast.get_docstring(ast.parse(file.read_text(encoding="utf-8")))
    ]
    assert not bare, f"modules without a docstring: {bare}"


def test_every_path_the_architecture_names_exists() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    named = set(re.findall(r"\b(?:segdsl|tests|docs|grammar|examples|benchmarks)/[\w./-]*\w", text))
    assert named, "ARCHITECTURE.md names no path"
    missing = sorted(path for path in named if not (ROOT / path).exists())
    assert not missing, f"{ARCHITECTURE.relative_to(ROOT)} names missing paths: {missing}"
