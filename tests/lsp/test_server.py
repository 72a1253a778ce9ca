"""`segdsl lsp` driven by a real client over stdio (pytest-lsp): a project folder with a
segdsl.toml, the example shop's schema and segment files; documents opened and changed, and
every feature asked for as an editor asks."""

from __future__ import annotations

import asyncio
import shutil
import sys
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

ROOT = Path(__file__).resolve().parents[2]
SHOP = ROOT / "examples" / "shop"

pytestmark = pytest.mark.asyncio(loop_scope="module")

SEGMENTS = """\
segment buyers "Bought at least once" = purchases >= 1

segment lapsed_buyers = buyers and last_order >= 180d

partition stage =
    "new" when first_order < 30d
    "buyer" when buyers
    otherwise "other"
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("project")
    shutil.copy(SHOP / "schema.yaml", folder / "schema.yaml")
    (folder / "segdsl.toml").write_text('schema = "schema.yaml"\ndialect = "postgres"\n')
    (folder / "segments.seg").write_text(SEGMENTS)
    (folder / "more.seg").write_text("segment spenders = total_spent > 100 and buyers_too\n")
    return folder


@pytest_lsp.fixture(  # type: ignore[untyped-decorator]
    scope="module",
    config=ClientServerConfig(server_command=[sys.executable, "-m", "segdsl", "lsp"]),
)
async def client(lsp_client: LanguageClient, project: Path) -> AsyncIterator[None]:
    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)  # type: ignore[untyped-decorator]
    def register(params: types.RegistrationParams) -> None:
        registrations.extend(params.registrations)

    params = types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=project.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=project.as_uri(), name="project")],
    )
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


_versions: dict[str, int] = {}
registrations: list[types.Registration] = []


async def _published(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    """The next diagnostics the server publishes for `uri`."""
    for _ in range(600):
        if uri in client.diagnostics:
            return list(client.diagnostics.pop(uri))
        await asyncio.sleep(0.05)
    raise AssertionError(f"no diagnostics for {uri}")


async def _open(client: LanguageClient, uri: str, text: str) -> list[types.Diagnostic]:
    client.diagnostics.pop(uri, None)
    _versions[uri] = 1
    item = types.TextDocumentItem(uri=uri, language_id="segdsl", version=1, text=text)
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
    return await _published(client, uri)


async def _change(client: LanguageClient, uri: str, text: str) -> list[types.Diagnostic]:
    client.diagnostics.pop(uri, None)
    _versions[uri] += 1
    document = types.VersionedTextDocumentIdentifier(uri=uri, version=_versions[uri])
    change = types.TextDocumentContentChangeWholeDocument(text=text)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(text_document=document, content_changes=[change])
    )
    return await _published(client, uri)


def _end_of(text: str) -> types.Position:
    lines = text.split("\n")
    return types.Position(line=len(lines) - 1, character=len(lines[-1]))


def _at(text: str, needle: str, offset: int = 0) -> types.Position:
    index = text.index(needle) + offset
    line = text.count("\n", 0, index)
    return types.Position(line=line, character=index - (text.rfind("\n", 0, index) + 1))


def _document(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


async def _complete(client: LanguageClient, uri: str, text: str) -> dict[str, str | None]:
    """The completions at the end of `text`, which the document `uri` becomes."""
    await _change(client, uri, text)
    params = types.CompletionParams(text_document=_document(uri), position=_end_of(text))
    found = await client.text_document_completion_async(params)
    assert isinstance(found, types.CompletionList)
    return {item.label: item.detail for item in found.items}


async def test_diagnostics_on_open_and_change(client: LanguageClient, project: Path) -> None:
    uri = (project / "draft.seg").as_uri()
    found = await _open(client, uri, "segment a = purchase > 1\n")
    assert [(d.code, d.range.start.line, d.range.start.character) for d in found] == [
        ("E210", 0, 12)
    ]
    assert "did you mean 'purchases'?" in found[0].message
    assert found[0].severity == types.DiagnosticSeverity.Error
    found = await _change(client, uri, "segment a = purchases > 1 and purchases > 2\n")
    assert [d.code for d in found] == ["SEG003"]
    assert found[0].severity == types.DiagnosticSeverity.Warning
    assert await _change(client, uri, "segment a = purchases > 2\n") == []
    found = await _change(client, uri, "segment a = purchases >\nsegment b = nope\n")
    assert [d.code for d in found] == ["E102", "E210"]  # one error per definition
    (twice,) = await _change(client, uri, "segment a = true\nsegment a = false\n")
    assert twice.code == "E401" and twice.related_information is not None
    (first,) = twice.related_information
    assert (first.message, first.location.uri) == ("first defined here", uri)
    assert first.location.range.start == types.Position(line=0, character=8)


async def test_completion_in_context(client: LanguageClient, project: Path) -> None:
    uri = (project / "completion.seg").as_uri()
    await _open(client, uri, "")
    fields = await _complete(client, uri, "segment a = count(orders where ")
    assert {"order_id", "amount", "category", "created_at"} <= set(fields)
    # The customer's own attributes too: a filter may be anchored on them.
    assert "country" in fields
    values = await _complete(client, uri, "segment a = device_type = ")
    assert set(values) == {'"desktop"', '"mobile"', '"tablet"'}
    sets = await _complete(client, uri, "segment a = country in ")
    assert {"[", "EU", "EEA", "DACH"} <= set(sets)
    listed = await _complete(client, uri, "segment a = gender in ")
    assert set(listed) == {"[", '["female"', '["male"', '["other"'}
    units = await _complete(client, uri, "segment a = last_order < 30")
    assert set(units) == {"30h", "30d", "30w", "30mo", "30y"}
    text = SEGMENTS + "segment c = "
    names = await _complete(client, uri, text)
    assert names["buyers"] == "segment — Bought at least once"
    assert names["stage"] == "partition"
    labels = await _complete(client, uri, SEGMENTS + "segment c = stage = ")
    assert set(labels) == {'"new"', '"buyer"', '"other"'}
    keywords = await _complete(client, uri, "segment a = purchases > 1 ")
    # Or the next definition; `in` starts regular activity (`purchases > 1 in 3 of last 4 weeks`).
    assert set(keywords) == {"and", "or", "in", "segment", "partition"}


async def test_hover(client: LanguageClient, project: Path) -> None:
    uri = (project / "hover.seg").as_uri()
    text = "segment a = purchases > 1 and last_open < 30d\n"
    await _open(client, uri, text)
    params = types.HoverParams(text_document=_document(uri), position=_at(text, "purchases"))
    found = await client.text_document_hover_async(params)
    assert found is not None and isinstance(found.contents, types.MarkupContent)
    assert found.contents.value.startswith("**purchases**: metric, `int`")
    assert "count(orders)" in found.contents.value
    assert "SQL (postgres)" in found.contents.value and "SELECT" in found.contents.value
    params = types.HoverParams(text_document=_document(uri), position=_at(text, "30d"))
    found = await client.text_document_hover_async(params)
    assert found is not None and isinstance(found.contents, types.MarkupContent)
    assert found.contents.value.startswith("`last_open < 30d`: last_open after ")


async def test_definition_and_references(client: LanguageClient, project: Path) -> None:
    uri = (project / "segments.seg").as_uri()
    await _open(client, uri, SEGMENTS)
    at_use = _at(SEGMENTS, "buyers and")
    params = types.DefinitionParams(text_document=_document(uri), position=at_use)
    found = await client.text_document_definition_async(params)
    assert isinstance(found, list) and len(found) == 1
    assert found[0].uri == uri and found[0].range.start == _at(SEGMENTS, "buyers")
    on_attribute = types.DefinitionParams(
        text_document=_document(uri), position=_at(SEGMENTS, "last_order")
    )
    found = await client.text_document_definition_async(on_attribute)
    assert isinstance(found, list) and found[0].uri == (project / "schema.yaml").as_uri()
    references = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=_document(uri),
            position=at_use,
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert references is not None
    assert sorted((r.range.start.line, r.range.start.character) for r in references) == [
        (0, 8),
        (2, 24),
        (6, 17),
    ]


async def test_references_across_the_workspace(client: LanguageClient, project: Path) -> None:
    uri = (project / "references.seg").as_uri()
    text = "segment r = total_spent > 1 and count(orders where created_at < 30d) > 0\n"
    await _open(client, uri, text)
    schema = (project / "schema.yaml").as_uri()

    async def references(needle: str, declaration: bool) -> set[str]:
        found = await client.text_document_references_async(
            types.ReferenceParams(
                text_document=_document(uri),
                position=_at(text, needle),
                context=types.ReferenceContext(include_declaration=declaration),
            )
        )
        assert found is not None
        return {r.uri for r in found}

    # more.seg is not open: the server read it from the project folder.
    metric = await references("total_spent", True)
    assert {uri, (project / "more.seg").as_uri(), schema} <= metric
    assert schema not in await references("total_spent", False)
    # The schema's metrics that use a field are among its references.
    assert {uri, schema} <= await references("created_at", False)


async def test_rename(client: LanguageClient, project: Path) -> None:
    uri = (project / "segments.seg").as_uri()
    await _open(client, uri, SEGMENTS)
    position = _at(SEGMENTS, "buyers and")
    prepared = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=_document(uri), position=position)
    )
    assert isinstance(prepared, types.PrepareRenamePlaceholder)
    assert prepared.placeholder == "buyers"
    edit = await client.text_document_rename_async(
        types.RenameParams(text_document=_document(uri), position=position, new_name="customers")
    )
    assert edit is not None and edit.changes is not None
    assert [e.new_text for e in edit.changes[uri]] == ["customers"] * 3
    with pytest.raises(Exception, match="already a name in the schema"):
        await client.text_document_rename_async(
            types.RenameParams(text_document=_document(uri), position=position, new_name="country")
        )
    with pytest.raises(Exception, match="only segments and partitions are renamed"):
        await client.text_document_prepare_rename_async(
            types.PrepareRenameParams(
                text_document=_document(uri), position=_at(SEGMENTS, "purchases")
            )
        )


async def test_formatting_and_symbols(client: LanguageClient, project: Path) -> None:
    uri = (project / "format.seg").as_uri()
    text = "segment   a =purchases>1\n"
    await _open(client, uri, text)
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=_document(uri),
            options=types.FormattingOptions(tab_size=4, insert_spaces=True),
        )
    )
    assert edits is not None and len(edits) == 1
    assert _apply(text, edits) == "segment a = purchases > 1\n"
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=_document((project / "segments.seg").as_uri()))
    )
    assert symbols is not None
    names = [(s.name, s.kind) for s in symbols if isinstance(s, types.DocumentSymbol)]
    assert names == [
        ("buyers", types.SymbolKind.Class),
        ("lapsed_buyers", types.SymbolKind.Class),
        ("stage", types.SymbolKind.Enum),
    ]


async def test_code_action_applies_a_lint_fix(client: LanguageClient, project: Path) -> None:
    uri = (project / "fix.seg").as_uri()
    text = "segment a = purchases > 1 and purchases > 2\n"
    found = await _open(client, uri, text)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=_document(uri),
            range=found[0].range,
            context=types.CodeActionContext(diagnostics=found),
        )
    )
    assert actions is not None
    quick = [a for a in actions if isinstance(a, types.CodeAction) and a.is_preferred]
    assert quick[0].title == "remove the redundant condition"
    assert quick[0].edit is not None and quick[0].edit.changes is not None
    fixed = _apply(text, quick[0].edit.changes[uri])
    assert fixed == "segment a = purchases > 2\n"
    assert await _change(client, uri, fixed) == []


async def test_semantic_tokens_and_signature_help(client: LanguageClient, project: Path) -> None:
    uri = (project / "tokens.seg").as_uri()
    text = 'segment a = count(orders where category = "shoes") > 1 # shoes\n'
    await _open(client, uri, text)
    tokens = await client.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(text_document=_document(uri))
    )
    assert tokens is not None
    legend = ["keyword", "operator", "number", "string", "comment", "function", "namespace"]
    legend += ["property", "variable", "class", "enum", "enumMember", "type"]
    kinds = [legend[tokens.data[i + 3]] for i in range(0, len(tokens.data), 5)]
    assert kinds == [
        "keyword",
        "class",
        "operator",
        "function",
        "namespace",
        "keyword",
        "property",
        "operator",
        "string",
        "operator",
        "number",
        "comment",
    ]
    help_ = await client.text_document_signature_help_async(
        types.SignatureHelpParams(text_document=_document(uri), position=_at(text, "category"))
    )
    assert help_ is not None
    assert help_.signatures[0].label == "count(stream [where condition])"
    assert help_.active_signature == 0 and help_.active_parameter == 1


async def test_schema_reload(client: LanguageClient, project: Path) -> None:
    assert [r.method for r in registrations] == [types.WORKSPACE_DID_CHANGE_WATCHED_FILES]
    uri = (project / "reload.seg").as_uri()
    text = "segment a = loyalty_tier = 3\n"
    assert [d.code for d in await _open(client, uri, text)] == ["E210"]
    schema = project / "schema.yaml"
    original = schema.read_text()
    added = "  consent_email: bool\n  loyalty_tier: int\n"
    schema.write_text(original.replace("  consent_email: bool\n", added))
    client.diagnostics.pop(uri, None)
    _watched(client, schema)
    assert await _published(client, uri) == []
    # A broken schema: a diagnostic on the schema file, and a warning in the document.
    schema.write_text(original.replace("entity: customer", "entity: [customer"))
    client.diagnostics.pop(uri, None)
    client.diagnostics.pop(schema.as_uri(), None)
    _watched(client, schema)
    problems = await _published(client, schema.as_uri())
    assert problems and problems[0].source == "segdsl"
    warning = await _published(client, uri)
    assert [d.severity for d in warning] == [types.DiagnosticSeverity.Warning]
    assert "the schema did not load" in warning[0].message
    schema.write_text(original)
    client.diagnostics.pop(uri, None)
    _watched(client, schema)
    assert await _published(client, schema.as_uri()) == []
    assert [d.code for d in await _published(client, uri)] == ["E210"]


def _watched(client: LanguageClient, path: Path) -> None:
    change = types.FileEvent(uri=path.as_uri(), type=types.FileChangeType.Changed)
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[change]))


def _apply(text: str, edits: Sequence[types.TextEdit]) -> str:
    lines = text.split("\n")

    def offset(position: types.Position) -> int:
        return sum(len(line) + 1 for line in lines[: position.line]) + position.character

    for edit in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


async def test_a_project_of_its_own(client: LanguageClient, project: Path) -> None:
    """A document in another folder is in that folder's project; a wrong lint setting is told
    on its project file, and the defaults apply."""
    other = project / "other"
    other.mkdir()
    shutil.copy(SHOP / "schema.yaml", other / "schema.yaml")
    toml = other / "segdsl.toml"
    toml.write_text('schema = "schema.yaml"\n[lint]\nignore = ["SEG999"]\n')
    client.diagnostics.pop(toml.as_uri(), None)
    uri = (other / "a.seg").as_uri()
    found = await _open(client, uri, "segment a = purchases > 1 and purchases > 2\n")
    assert [d.code for d in found] == ["SEG003"]
    (setting,) = await _published(client, toml.as_uri())
    assert setting.code == "E612" and "SEG999" in setting.message
