"""Project defaults: `segdsl.toml`, or `[tool.segdsl]` in pyproject.toml, found by searching
upward from the folder of a command's first file (`project_for`, the one rule every command
follows). Paths in it are relative to the file that names them."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from segdsl import errors
from segdsl.diagnostics import Diagnostic, SegdslError
from segdsl.limits import DEFAULT_LIMITS, Limits

_KEYS = ("schema", "db", "dialect", "time_zone", "as_of", "lint", "limits")


@dataclass(frozen=True)
class Project:
    path: Path | None = None
    schema: Path | None = None
    db: str | None = None
    dialect: str | None = None
    # The zone of calendar questions, in place of the schema's `time_zone` (docs/cli.md).
    time_zone: str | None = None
    lint: dict[str, Any] = field(default_factory=dict)
    limits: Limits = DEFAULT_LIMITS


def _table(path: Path) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise SegdslError([Diagnostic(errors.E602, f"cannot read {path}: {error}", None)]) from None
    except tomllib.TOMLDecodeError as error:
        raise SegdslError(
            [Diagnostic(errors.E602, f"{path}: invalid TOML: {error}", None)]
        ) from None
    if path.name == "pyproject.toml":
        section = data.get("tool", {}).get("segdsl")
        return section if isinstance(section, dict) else None
    return data


def project_for(paths: Iterable[str | None]) -> Project:
    """The project of a command given `paths`, its FILE or PATH arguments (docs/cli.md, "Project
    files"): the nearest at or above the folder of the first path (a folder: itself), or of the
    current folder when none is given. `-` (standard input) and None (no FILE) are no path."""
    for name in paths:
        if name is None or name == "-":
            continue
        path = Path(name)
        return find_project(path if path.is_dir() else path.parent)
    return find_project()


def find_project(start: Path | None = None) -> Project:
    """The nearest project configuration at or above `start` (default: the current folder)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in ("segdsl.toml", "pyproject.toml"):
            candidate = folder / name
            if not candidate.is_file():
                continue
            table = _table(candidate)
            if table is None:
                continue
            return _project(candidate, table)
    return Project()


def _project(path: Path, table: dict[str, Any]) -> Project:
    unknown = [k for k in table if k not in _KEYS]
    if unknown:
        raise SegdslError(
            [
                Diagnostic(
                    errors.E610,
                    f"{path}: unknown setting '{unknown[0]}'",
                    None,
                    hints=("settings: " + ", ".join(_KEYS),),
                )
            ]
        )
    for key in ("schema", "db", "dialect", "time_zone"):
        if key in table and not isinstance(table[key], str):
            raise SegdslError([Diagnostic(errors.E611, f"{path}: '{key}' must be a string", None)])
    schema = path.parent / table["schema"] if "schema" in table else None
    db = table.get("db")
    if db is not None and "://" not in db and db != ":memory:":
        db = str(path.parent / db)  # a DuckDB file, relative to the project file
    elif db is not None and db.startswith("sqlite:///") and not db.startswith("sqlite:////"):
        # A relative SQLite path is relative to this file, like every path in it.
        db = "sqlite:///" + str(path.parent.resolve() / db.removeprefix("sqlite:///"))
    lint = table.get("lint", {})
    if not isinstance(lint, dict):
        raise SegdslError([Diagnostic(errors.E611, f"{path}: [lint] must be a table", None)])
    limits = _limits(path, table.get("limits", {}))
    return Project(path, schema, db, table.get("dialect"), table.get("time_zone"), lint, limits)


def _limits(path: Path, table: object) -> Limits:
    """`[limits]`: positive whole numbers replacing some of the defaults."""
    if not isinstance(table, dict):
        raise SegdslError([Diagnostic(errors.E611, f"{path}: [limits] must be a table", None)])
    names = Limits.names()
    for key, value in table.items():
        if key not in names:
            raise SegdslError(
                [
                    Diagnostic(
                        errors.E610,
                        f"{path}: unknown limit '{key}'",
                        None,
                        hints=("limits: " + ", ".join(names),),
                    )
                ]
            )
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise SegdslError(
                [
                    Diagnostic(
                        errors.E611, f"{path}: limit '{key}' must be a whole number above 0", None
                    )
                ]
            )
    return Limits(**table)
