"""`segdsl lsp`: the language server, over stdio, on pygls. Every feature is the language
service's (segdsl/service); this module keeps the documents and projects in step with the
editor and converts to and from the protocol. The schema and project files are read again when
the editor reports them changed (`workspace/didChangeWatchedFiles`, which the server asks for)
or saved."""

from __future__ import annotations

import contextlib
from pathlib import Path

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer

from segdsl.diagnostics import SegdslError
from segdsl.lsp import protocol
from segdsl.lsp.projects import (
    PROJECT_FILES,
    SEGMENT_SUFFIX,
    LoadedProject,
    load,
    path_of,
)
from segdsl.lsp.protocol import Lines, LinesOf
from segdsl.service import LanguageService, Position
from segdsl.syntax.parser import read_source

_REQUEST_FAILED = -32803  # the protocol's RequestFailed: a request that is understood but refused
_WATCHED = "**/*.{toml,yaml,yml}"


class SegdslServer(LanguageServer):
    """The editor's documents, each in the project of its folder."""

    def __init__(self) -> None:
        from importlib.metadata import version

        super().__init__("segdsl", version("segdsl"))
        self.projects: dict[Path, LoadedProject] = {}
        self._project_of: dict[str, LoadedProject] = {}
        self._published_elsewhere: set[str] = set()

    # -- documents and projects --------------------------------------------------------------

    def is_segment_file(self, uri: str, language: str | None = None) -> bool:
        return language == "segdsl" or uri.endswith(SEGMENT_SUFFIX)

    def project(self, uri: str) -> LoadedProject:
        """The project of a document, loaded the first time one of its documents is seen."""
        found = self._project_of.get(uri)
        if found is not None:
            return found
        path = path_of(uri)
        folder = path.parent if path is not None else Path.cwd()
        loaded = load(folder)
        key = loaded.project_file or folder
        found = self.projects.setdefault(key, loaded)
        self._project_of[uri] = found
        if found is loaded:
            self.publish_project(found)
        return found

    def service(self, uri: str) -> LanguageService:
        service = self.project(uri).service
        if not service.has_document(uri):
            service.set_document(uri, self.workspace.get_text_document(uri).source)
        return service

    def opened(self, uri: str) -> None:
        service = self.project(uri).service
        path = path_of(uri)
        if path is not None and path.as_uri() != uri:
            service.remove_document(path.as_uri())  # read from disk under another spelling
        service.set_document(uri, self.workspace.get_text_document(uri).source)
        self.publish(uri)

    def closed(self, uri: str) -> None:
        """Back to the file's text on disk (it may be saved or not), or out of the project."""
        service = self.project(uri).service
        path = path_of(uri)
        service.remove_document(uri)
        if path is not None and path.is_file():
            with contextlib.suppress(SegdslError):  # unreadable: no longer part of the project
                service.set_document(path.as_uri(), read_source(path))
        self._project_of.pop(uri, None)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    def reload(self) -> None:
        """Load every project again (a project or schema file changed): open documents are
        placed in their projects again and their diagnostics published."""
        open_uris = [
            uri
            for uri, document in self.workspace.text_documents.items()
            if self.is_segment_file(uri, document.language_id)
        ]
        self.projects.clear()
        self._project_of.clear()
        for uri in open_uris:
            self.opened(uri)
        for uri in self._published_elsewhere - self._project_uris():
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
            )
            self._published_elsewhere.discard(uri)

    def _project_uris(self) -> set[str]:
        """The schema and project files of the loaded projects."""
        found = set()
        for project in self.projects.values():
            if project.service.schema_state.uri is not None:
                found.add(project.service.schema_state.uri)
            if project.project_file is not None:
                found.add(project.project_file.resolve().as_uri())
        return found

    def is_project_input(self, uri: str) -> bool:
        """Whether a file is a project file or the schema of a loaded project."""
        path = path_of(uri)
        if path is None:
            return False
        schemas = {p.schema_file.resolve() for p in self.projects.values() if p.schema_file}
        return path.name in PROJECT_FILES or path.resolve() in schemas

    # -- output ------------------------------------------------------------------------------

    def is_open(self, uri: str) -> bool:
        """Whether a segment file is open in the editor."""
        document = self.workspace.text_documents.get(uri)
        return document is not None and self.is_segment_file(uri, document.language_id)

    def texts(self, service: LanguageService) -> LinesOf:
        """The lines of the documents locations may point into: open, of the project, or a file
        (the schema)."""

        def text_of(uri: str) -> str:
            if uri in self.workspace.text_documents:
                return self.workspace.get_text_document(uri).source
            if service.has_document(uri):
                return service.text(uri)
            path = path_of(uri)
            if path is None or not path.is_file():
                return ""
            return path.read_text(encoding="utf-8", errors="replace")

        return LinesOf(text_of, self.workspace.position_codec)

    def position(self, uri: str, position: types.Position) -> Position:
        return self.lines(uri).from_client(position)

    def lines(self, uri: str) -> Lines:
        return Lines(self.workspace.get_text_document(uri).source, self.workspace.position_codec)

    def publish(self, uri: str) -> None:
        service = self.service(uri)
        lines, others = self.lines(uri), self.texts(service)
        document = self.workspace.get_text_document(uri)
        found = [protocol.diagnostic(d, lines, others) for d in service.diagnostics(uri)]
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=found, version=document.version)
        )

    def publish_project(self, project: LoadedProject) -> None:
        """The schema's own problems on the schema file (when it exists), and those of the
        project file's lint settings on the project file."""
        others = self.texts(project.service)
        schema_uri, schema_file = project.service.schema_state.uri, project.schema_file
        if schema_uri is not None and schema_file is not None and schema_file.is_file():
            lines = others(schema_uri)
            problems = project.service.schema_diagnostics()
            self._publish_on(schema_uri, [protocol.diagnostic(d, lines, others) for d in problems])
        if project.project_file is not None:
            uri = project.project_file.resolve().as_uri()
            notices = [protocol.notice(d) for d in project.notices]
            self._publish_on(uri, notices)

    def _publish_on(self, uri: str, found: list[types.Diagnostic]) -> None:
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=found)
        )
        self._published_elsewhere.add(uri)


def build_server() -> SegdslServer:
    server = SegdslServer()

    @server.feature(types.INITIALIZED)
    def initialized(_params: types.InitializedParams) -> None:
        capabilities = server.client_capabilities.workspace
        watched = capabilities.did_change_watched_files if capabilities else None
        if watched is not None and watched.dynamic_registration:
            options = types.DidChangeWatchedFilesRegistrationOptions(
                watchers=[types.FileSystemWatcher(glob_pattern=_WATCHED)]
            )
            registration = types.Registration(
                id="segdsl-project-files",
                method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=options,
            )
            server.client_register_capability(types.RegistrationParams([registration]))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        document = params.text_document
        if server.is_segment_file(document.uri, document.language_id):
            server.opened(document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        if server.is_open(uri):
            server.project(uri).service.set_document(
                uri, server.workspace.get_text_document(uri).source
            )
            server.publish(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        if server.is_open(params.text_document.uri):
            server.closed(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        if server.is_project_input(params.text_document.uri):
            server.reload()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(params: types.DidChangeWatchedFilesParams) -> None:
        if any(server.is_project_input(change.uri) for change in params.changes):
            server.reload()

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=[".", "(", '"', "[", ","]),
    )
    def completion(params: types.CompletionParams) -> types.CompletionList:
        uri = params.text_document.uri
        items = server.service(uri).completion(uri, server.position(uri, params.position))
        return protocol.completion(items, server.lines(uri))

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(params: types.HoverParams) -> types.Hover | None:
        uri = params.text_document.uri
        found = server.service(uri).hover(uri, server.position(uri, params.position))
        if found is None:
            return None
        contents = types.MarkupContent(kind=types.MarkupKind.Markdown, value=found.markdown)
        return types.Hover(contents=contents, range=server.lines(uri).range(found.range))

    @server.feature(
        types.TEXT_DOCUMENT_SIGNATURE_HELP,
        types.SignatureHelpOptions(trigger_characters=["("], retrigger_characters=[" ", ","]),
    )
    def signature_help(params: types.SignatureHelpParams) -> types.SignatureHelp | None:
        uri = params.text_document.uri
        found = server.service(uri).signature_help(uri, server.position(uri, params.position))
        return None if found is None else protocol.signature_help(found)

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def definition(params: types.DefinitionParams) -> list[types.Location]:
        uri = params.text_document.uri
        service = server.service(uri)
        found = service.definition(uri, server.position(uri, params.position))
        return [protocol.location(f, server.texts(service)) for f in found]

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    def references(params: types.ReferenceParams) -> list[types.Location]:
        uri = params.text_document.uri
        service = server.service(uri)
        include = params.context.include_declaration
        found = service.references(
            uri, server.position(uri, params.position), include_declaration=include
        )
        return [protocol.location(f, server.texts(service)) for f in found]

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    def prepare_rename(params: types.PrepareRenameParams) -> types.PrepareRenamePlaceholder | None:
        uri = params.text_document.uri
        target = server.service(uri).prepare_rename(uri, server.position(uri, params.position))
        if target is None:
            return None
        if target.refusal is not None:
            raise JsonRpcException(target.refusal, _REQUEST_FAILED)
        where = server.lines(uri).range(target.range)
        return types.PrepareRenamePlaceholder(range=where, placeholder=target.name)

    @server.feature(types.TEXT_DOCUMENT_RENAME)
    def rename(params: types.RenameParams) -> types.WorkspaceEdit:
        uri = params.text_document.uri
        service = server.service(uri)
        found = service.rename(uri, server.position(uri, params.position), params.new_name)
        if found.edit is None:
            raise JsonRpcException(found.refusal or "cannot rename", _REQUEST_FAILED)
        return protocol.workspace_edit(found.edit, server.texts(service))

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def document_symbol(params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
        uri = params.text_document.uri
        lines = server.lines(uri)
        return [protocol.symbol(s, lines) for s in server.service(uri).document_symbols(uri)]

    @server.feature(types.TEXT_DOCUMENT_FORMATTING)
    def formatting(params: types.DocumentFormattingParams) -> list[types.TextEdit]:
        uri = params.text_document.uri
        return protocol.text_edits(server.service(uri).formatting(uri), server.lines(uri))

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll]
        ),
    )
    def code_action(params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        service = server.service(uri)
        lines = server.lines(uri)
        actions = service.code_actions(uri, lines.range_from_client(params.range))
        wanted = params.context.only
        return [
            protocol.code_action(a, lines, server.texts(service))
            for a in actions
            if not wanted or protocol.action_kind(a) in wanted
        ]

    @server.feature(types.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL, protocol.LEGEND)
    def semantic_tokens(params: types.SemanticTokensParams) -> types.SemanticTokens:
        uri = params.text_document.uri
        tokens = server.service(uri).semantic_tokens(uri)
        return protocol.semantic_tokens(tokens, server.lines(uri))

    return server


def serve() -> None:
    """Run the server on stdin and stdout until the editor ends it."""
    build_server().start_io()
