"""The projects of the documents the editor opens: each document's project file (found from
its folder, segdsl/project.py), the schema it names, loaded with the project's limits, the lint
settings, and the project's other segment files. A project file or schema that does not load is
a value (`SchemaState.problems`), never an exception."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pygls.uris import to_fs_path

from segdsl import errors
from segdsl.api import dialects, load_schema
from segdsl.diagnostics import Diagnostic, SegdslError
from segdsl.lint import LintConfig, config_from_table
from segdsl.project import Project, find_project
from segdsl.semantics.schema import with_time_zone
from segdsl.service import LanguageService, SchemaState, Settings
from segdsl.syntax.parser import read_source

SEGMENT_SUFFIX = ".seg"
PROJECT_FILES = ("segdsl.toml", "pyproject.toml")
# Workspace segment files read from one project folder at most (a project file high up a large
# tree must not make the server read all of it).
MAX_WORKSPACE_FILES = 2000


def path_of(uri: str) -> Path | None:
    path = to_fs_path(uri)
    return Path(path) if path else None


@dataclass
class LoadedProject:
    """A project as the server uses it: its language service holds the schema and settings,
    and the texts of its segment files (open ones as the editor has them)."""

    root: Path
    project_file: Path | None
    schema_file: Path | None
    service: LanguageService
    notices: tuple[Diagnostic, ...]
    """Problems that do not stop the schema from loading (the lint settings)."""


def load(folder: Path) -> LoadedProject:
    """The project of a document in `folder`; its problems inside the value."""
    try:
        project = find_project(folder)
    except SegdslError as error:
        state = SchemaState(None, error.diagnostics)
        return LoadedProject(folder, None, None, LanguageService(state), ())
    root = project.path.parent if project.path is not None else folder
    state = _schema_state(project)
    lint, notices = _lint_config(project)
    settings = Settings(lint=lint, limits=project.limits, dialect=_dialect(project))
    service = LanguageService(state, settings)
    loaded = LoadedProject(root, project.path, project.schema, service, notices)
    if project.path is not None:
        for path in _segment_files(root):
            try:
                service.set_document(path.as_uri(), read_source(path))
            except SegdslError:
                continue  # unreadable: references simply do not look into it
    return loaded


def _schema_state(project: Project) -> SchemaState:
    path = project.schema
    if path is None:
        hint = 'add `schema = "schema.yaml"` to a segdsl.toml in this folder or above'
        problem = Diagnostic(errors.E603, "no schema given", None, hints=(hint,))
        return SchemaState(None, (problem,))
    uri = path.resolve().as_uri()
    try:
        schema = load_schema(path, limits=project.limits)
        schema = with_time_zone(schema, project.time_zone, f"the `time_zone` of {project.path}")
    except SegdslError as error:
        return SchemaState(None, error.diagnostics, uri)
    return SchemaState(schema, (), uri)


def _lint_config(project: Project) -> tuple[LintConfig, tuple[Diagnostic, ...]]:
    origin = str(project.path) if project.path else "segdsl.toml"
    try:
        return config_from_table(project.lint, origin), ()
    except SegdslError as error:
        return LintConfig(), error.diagnostics


def _dialect(project: Project) -> str:
    """The project's dialect, for the SQL shown on hover (DuckDB when it names none or an
    unknown one: the command line reports that)."""
    return project.dialect if project.dialect in dialects() else "duckdb"


def _segment_files(root: Path) -> Iterator[Path]:
    """The segment files under a project's folder, hidden folders left out."""
    found = 0
    for path in sorted(root.rglob(f"*{SEGMENT_SUFFIX}")):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        yield path
        found += 1
        if found >= MAX_WORKSPACE_FILES:
            return
