"""The segment files `segdsl studio` edits, and the language service behind its editor.

The editor holds a lone condition, or one definition opened from a loaded file (with the comment
lines above it). A definition is analysed in its file: the editor's text is put in place of the
definition in the file's text as it was opened (a `version`), so that the file's other segments
are in scope and a clash of names is seen; what the service says about the rest of the file is
left out, and positions are moved between the editor and the file.

Each page (a browser tab, `client`) has a language service of its own holding the loaded files
and that page's editor, so that every page's analysis is incremental and none sees another's
unsaved text. Files are referred to by id, never by path: the page cannot name another file."""

from __future__ import annotations

import collections
import contextlib
import difflib
import hashlib
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from segdsl.diagnostics import Diagnostic, SegdslError
from segdsl.files import atomic_write_text
from segdsl.fmt.formatter import format_expression, format_source
from segdsl.limits import limits_in_effect
from segdsl.semantics import ir
from segdsl.semantics.checker import check_definitions
from segdsl.semantics.schema import Schema
from segdsl.service import (
    CompletionItem,
    DocumentKind,
    EditorDiagnostic,
    Hover,
    LanguageService,
    Position,
    Range,
    SchemaState,
    SemanticToken,
    Settings,
)
from segdsl.service.chunks import split_definitions
from segdsl.service.lines import LineIndex
from segdsl.syntax.lexicon import DEFINITION_KEYWORDS, NAME_PATTERN
from segdsl.syntax.parser import (
    encode_string,
    normalize_line_ends,
    parse_expression,
    parse_module,
    read_file,
)

# Where a definition starts in its chunk: its keyword and name (also while the rest is unfinished).
_DEFINITION = re.compile(
    rf"^[ \t]*(?P<kind>{'|'.join(DEFINITION_KEYWORDS)})[ \t]+(?P<name>{NAME_PATTERN})",
    re.MULTILINE,
)
BUFFER_URI = "studio:editor"
NAME_RULE = "a name is a letter or _ followed by letters, digits and _, and not a keyword"
# Pages whose language service is kept; the least recently used one goes first.
MAX_PAGES = 32


@dataclass(frozen=True)
class Definition:
    """A definition of a segment file's text: its region (the comment lines above it and the
    definition, without the blank lines after it) as offsets."""

    kind: str
    name: str
    start: int
    end: int


def definitions_in(text: str) -> list[Definition]:
    """Every definition of a segment file's text whose keyword and name are written, even one
    with an error (the service's chunks, segdsl/service/chunks.py); the first of each name."""
    found: dict[str, Definition] = {}
    for chunk in split_definitions(text):
        match = _DEFINITION.search(chunk.text)
        if match is None or match["name"] in found:
            continue
        end = chunk.start + len(chunk.text.rstrip())
        found[match["name"]] = Definition(match["kind"], match["name"], chunk.start, end)
    return list(found.values())


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class LoadedFile:
    id: str
    path: Path
    label: str
    """The file as the page shows it (relative to the project's folder when inside it)."""
    version: str
    """The digest of its text as last read or written (`Workspace.text` gives the text)."""

    @property
    def uri(self) -> str:
        return self.path.resolve().as_uri()


@dataclass(frozen=True)
class Opened:
    """Where the editor's text comes from: a definition of a loaded file, as it was opened."""

    file: str
    name: str
    version: str


@dataclass(frozen=True)
class Buffer:
    """The editor's text: a lone condition (`opened` None) or a definition opened from a file."""

    text: str
    opened: Opened | None = None


@dataclass(frozen=True)
class Placement:
    """The document that stands for the editor in the language service, and where the
    editor's text starts in it."""

    kind: DocumentKind
    text: str
    start: Position
    lines: int
    """How many lines the editor's text has."""

    def to_document(self, position: Position) -> Position:
        column = position.column + (self.start.column if position.line == 0 else 0)
        return Position(self.start.line + position.line, column)

    def to_editor(self, position: Position) -> Position | None:
        """The editor's position for a document position (None: outside the editor's text)."""
        line = position.line - self.start.line
        if line < 0 or line >= self.lines or (line == 0 and position.column < self.start.column):
            return None
        return Position(line, position.column - (self.start.column if line == 0 else 0))

    def range_in_editor(self, where: Range) -> Range | None:
        start = self.to_editor(where.start)
        if start is None:
            return None
        end = self.to_editor(where.end) or Position(self.lines - 1, 1 << 30)
        return Range(start, end)


class StudioError(Exception):
    """A request the workspace cannot answer as asked (an unknown file or definition, a file
    changed on disk): its message is for the page."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail


@dataclass(frozen=True)
class Saved:
    text: str
    """The editor's text as written (formatted)."""
    opened: Opened
    """Where the editor's text now comes from (its name may have changed)."""


@dataclass(frozen=True)
class NewSegment:
    """A segment the page adds to a loaded file, as the file was when the page loaded it."""

    file: str
    version: str
    name: str
    description: str
    body: str


class _Page:
    def __init__(self, service: LanguageService) -> None:
        self.service = service
        self.lock = threading.Lock()


class Workspace:
    """The loaded segment files, their versions, and each page's language service."""

    def __init__(
        self, paths: Sequence[Path], schema: Schema, settings: Settings, root: Path | None
    ) -> None:
        self.schema = schema
        self.settings = settings
        self._state = SchemaState(schema, (), None)
        self._texts: dict[str, str] = {}
        self.files: dict[str, LoadedFile] = {}
        for number, path in enumerate(paths, 1):
            text = normalize_line_ends(read_file(path))
            self._texts.setdefault(digest(text), text)
            label = _label(path, root)
            self.files[f"f{number}"] = LoadedFile(f"f{number}", path, label, digest(text))
        self._pages: collections.OrderedDict[str, _Page] = collections.OrderedDict()
        self._lock = threading.Lock()

    # -- files -------------------------------------------------------------------------------

    def file(self, file_id: str) -> LoadedFile:
        found = self.files.get(file_id)
        if found is None:
            raise StudioError(f"no file '{file_id}' is loaded")
        return found

    def text(self, version: str) -> str:
        found = self._texts.get(version)
        if found is None:
            raise StudioError("this version of the file is unknown here: open it again")
        return found

    def definitions(self, file_id: str) -> list[Definition]:
        return definitions_in(self.text(self.file(file_id).version))

    def open(self, file_id: str, name: str) -> tuple[str, Opened]:
        """A definition's text as the file has it now, and where it comes from."""
        loaded = self.file(file_id)
        text = self.text(loaded.version)
        found = _definition(text, name, loaded)
        return text[found.start : found.end], Opened(file_id, name, loaded.version)

    def checked_file(self, file_id: str) -> tuple[ir.CheckedModule, list[Diagnostic]]:
        """A loaded file's definitions that check, and the problems of those that do not; a
        SegdslError when the file does not parse."""
        loaded = self.file(file_id)
        with limits_in_effect(self.settings.limits):
            module = parse_module(self.text(loaded.version), loaded.label)
            checked, problems = check_definitions(module, self.schema)
        return checked, problems

    # -- each page's language service ------------------------------------------------------------

    def _page(self, client: str) -> _Page:
        with self._lock:
            page = self._pages.get(client)
            if page is None:
                page = _Page(LanguageService(self._state, self.settings))
                for loaded in self.files.values():
                    page.service.set_document(loaded.uri, self.text(loaded.version))
                self._pages[client] = page
                while len(self._pages) > MAX_PAGES:
                    self._pages.popitem(last=False)
            self._pages.move_to_end(client)
            return page

    @contextlib.contextmanager
    def _placed(self, client: str, buffer: Buffer) -> Iterator[tuple[LanguageService, Placement]]:
        """The page's service with the editor's document set (under the page's lock)."""
        page = self._page(client)
        placement = self.placement(buffer)
        with page.lock, limits_in_effect(self.settings.limits):
            page.service.set_document(BUFFER_URI, placement.text, placement.kind)
            yield page.service, placement

    def placement(self, buffer: Buffer) -> Placement:
        lines = buffer.text.count("\n") + 1
        if buffer.opened is None:
            return Placement(DocumentKind.CONDITION, buffer.text, Position(0, 0), lines)
        opened = buffer.opened
        file_text = self.text(opened.version)
        found = _definition(file_text, opened.name, self.file(opened.file))
        text = file_text[: found.start] + buffer.text + file_text[found.end :]
        start = LineIndex(file_text).position(found.start)
        return Placement(DocumentKind.SEGMENTS, text, start, lines)

    def diagnostics(self, client: str, buffer: Buffer) -> list[tuple[Range, EditorDiagnostic]]:
        """The diagnostics of the editor's text, in the editor's positions."""
        out = []
        with self._placed(client, buffer) as (service, placement):
            for found in service.diagnostics(BUFFER_URI):
                where = placement.range_in_editor(found.range)
                if where is not None:
                    out.append((where, found))
        return out

    def tokens(self, client: str, buffer: Buffer) -> list[SemanticToken]:
        out = []
        with self._placed(client, buffer) as (service, placement):
            for token in service.semantic_tokens(BUFFER_URI):
                start = placement.to_editor(token.start)
                if start is not None:
                    out.append(SemanticToken(start, token.length, token.type, token.modifiers))
        return out

    def completion(
        self, client: str, buffer: Buffer, position: Position
    ) -> list[tuple[Range, CompletionItem]]:
        out = []
        with self._placed(client, buffer) as (service, placement):
            for item in service.completion(BUFFER_URI, placement.to_document(position)):
                where = placement.range_in_editor(item.replace)
                if where is not None:
                    out.append((where, item))
        return out

    def hover(self, client: str, buffer: Buffer, position: Position) -> tuple[Range, Hover] | None:
        with self._placed(client, buffer) as (service, placement):
            found = service.hover(BUFFER_URI, placement.to_document(position))
        where = None if found is None else placement.range_in_editor(found.range)
        return None if found is None or where is None else (where, found)

    def checked(
        self, client: str, buffer: Buffer
    ) -> ir.Cond | ir.CheckedSegment | ir.CheckedPartition | None:
        """What the editor's text means (None while it has an error): the condition, or the
        checked definition at its start."""
        with self._placed(client, buffer) as (service, placement):
            if placement.kind is DocumentKind.CONDITION:
                return service.checked_condition(BUFFER_URI)
            start = placement.to_document(_first_definition_position(buffer.text))
            return service.checked_definition(BUFFER_URI, start)

    # -- formatting and saving -----------------------------------------------------------------

    def formatted(self, buffer: Buffer) -> str:
        """The editor's text in the formatter's layout; a SegdslError when it does not parse."""
        with limits_in_effect(self.settings.limits):
            if buffer.opened is None:
                return format_expression(parse_expression(buffer.text, "<editor>"))
            return format_source(buffer.text, "<editor>").rstrip("\n")

    def save(self, client: str, buffer: Buffer) -> Saved:
        """Write the editor's definition, formatted, into its file in place of the one opened,
        atomically. Refused when the file changed on disk since the definition was opened (the
        detail: a diff of the change) or when the text has an error."""
        opened = buffer.opened
        if opened is None:
            raise StudioError("a lone condition has no file to be saved in: open a definition")
        loaded = self.file(opened.file)
        problems = [
            d.diagnostic for _, d in self.diagnostics(client, buffer) if d.severity == "error"
        ]
        if problems:
            raise SegdslError(problems)
        formatted = self.formatted(buffer)

        def replaced(on_disk: str) -> str:
            found = _definition(on_disk, opened.name, loaded)
            return on_disk[: found.start] + formatted + on_disk[found.end :]

        version = self._write(loaded, opened.version, f"'{opened.name}' was opened", replaced)
        match = _DEFINITION.search(formatted)
        name = opened.name if match is None else match["name"]
        return Saved(formatted, Opened(loaded.id, name, version))

    def add(self, new: NewSegment) -> Saved:
        """Write a new segment, formatted, at the end of its file, atomically. Refused when its
        name is not one, when it has an error in the file (a name already defined, say), or
        when the file changed on disk since the page loaded it (the detail: a diff)."""
        loaded = self.file(new.file)
        if not re.fullmatch(NAME_PATTERN, new.name):
            raise StudioError(f"'{new.name}' cannot name a segment: {NAME_RULE}")
        described = f" {encode_string(new.description)}" if new.description.strip() else ""
        text = f"segment {new.name}{described} = {new.body.strip()}"
        with limits_in_effect(self.settings.limits):
            formatted = format_source(text, f"<new segment {new.name}>").rstrip("\n")
            before = self.text(new.version).rstrip("\n")
            start = len(before) + 2 if before else 0
            whole = f"{before}\n\n{formatted}\n" if before else f"{formatted}\n"
            _, problems = check_definitions(parse_module(whole, loaded.label), self.schema)
        own = [p for p in problems if p.is_error and p.span is not None and p.span.start >= start]
        if own:
            raise SegdslError(own)

        def appended(on_disk: str) -> str:
            kept = on_disk.rstrip("\n")
            return f"{kept}\n\n{formatted}\n" if kept else f"{formatted}\n"

        version = self._write(loaded, new.version, "the page loaded it", appended)
        return Saved(formatted, Opened(loaded.id, new.name, version))

    def _write(
        self, loaded: LoadedFile, version: str, since: str, change: Callable[[str], str]
    ) -> str:
        """Write `change` of a file's text on disk, atomically, and give every page's service
        the new text; its new version. Refused when the text on disk is not `version`'s."""
        with self._lock:
            on_disk = normalize_line_ends(read_file(loaded.path))
            if digest(on_disk) != version:
                before = self.text(version)
                raise StudioError(
                    f"{loaded.label} changed on disk since {since}: not saved; open it again to "
                    "edit the file as it is now",
                    _diff(loaded.label, before, on_disk),
                )
            text = change(on_disk)
            atomic_write_text(loaded.path, text)
            self._texts.setdefault(digest(text), text)
            loaded.version = digest(text)
            pages = list(self._pages.values())
        for page in pages:
            with page.lock:
                page.service.set_document(loaded.uri, text)
        return loaded.version


def _first_definition_position(text: str) -> Position:
    """Where the editor's definition starts (after the comment lines above it)."""
    match = _DEFINITION.search(text)
    offset = match.start("kind") if match else 0
    return LineIndex(text).position(offset)


def _definition(text: str, name: str, loaded: LoadedFile) -> Definition:
    for found in definitions_in(text):
        if found.name == name:
            return found
    raise StudioError(f"{loaded.label} has no definition '{name}' (any longer): open it again")


def _label(path: Path, root: Path | None) -> str:
    resolved = path.resolve()
    if root is not None and resolved.is_relative_to(root.resolve()):
        return str(resolved.relative_to(root.resolve()))
    return str(path)


def _diff(label: str, before: str, after: str) -> str:
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"{label} (when opened)",
            tofile=f"{label} (on disk now)",
        )
    )
