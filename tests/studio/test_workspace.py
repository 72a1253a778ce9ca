"""The studio's workspace: definitions found in a file's text, the editor's text analysed in its
file (positions moved, the rest of the file left out), each page's own text, and saving a
definition back: formatted, atomically, the rest of the file untouched, refused when the file
changed on disk since it was opened."""

from __future__ import annotations

from pathlib import Path

import pytest

from segdsl.diagnostics import SegdslError
from segdsl.semantics import ir
from segdsl.semantics.schema import Schema
from segdsl.service import Position, Settings
from segdsl.studio.workspace import (
    Buffer,
    NewSegment,
    Opened,
    StudioError,
    Workspace,
    definitions_in,
)

FILE = """\
# Buyers.
segment buyers = purchases > 0

# Big buyers: more than five orders.
# (a second comment line)
segment big = buyers and purchases > 5

segment broken = purchases > "x"

partition size =
    "big" when big
    otherwise "small"
"""


@pytest.fixture
def workspace(tmp_path: Path, schema: Schema) -> Workspace:
    path = tmp_path / "segments.seg"
    path.write_text(FILE, encoding="utf-8")
    return Workspace([path], schema, Settings(), tmp_path)


def test_definitions_and_the_comment_lines_above_them() -> None:
    found = definitions_in(FILE)
    assert [(d.kind, d.name) for d in found] == [
        ("segment", "buyers"),
        ("segment", "big"),
        ("segment", "broken"),
        ("partition", "size"),
    ]
    big = found[1]
    assert FILE[big.start : big.end] == (
        "# Big buyers: more than five orders.\n# (a second comment line)\n"
        "segment big = buyers and purchases > 5"
    )
    # An unfinished definition is found by its keyword and name.
    assert [d.name for d in definitions_in("segment half = purchases >\nsegment =\n")] == ["half"]


def test_the_editor_is_analysed_in_its_file(workspace: Workspace) -> None:
    text, opened = workspace.open("f1", "big")
    edited = text.replace("purchases > 5", "purchses > 5")
    found = workspace.diagnostics("page", Buffer(edited, opened))
    # The typo, where the editor has it; not the error of `broken`, elsewhere in the file.
    assert [(d.code, where.start) for where, d in found] == [("E210", Position(2, 25))]
    assert found[0][1].hints == ("did you mean 'purchases'?",)
    checked = workspace.checked("page", Buffer(text, opened))
    assert isinstance(checked, ir.CheckedSegment) and checked.name == "big"
    assert workspace.checked("page", Buffer(edited, opened)) is None
    tokens = workspace.tokens("page", Buffer(text, opened))
    assert (tokens[0].start, tokens[0].type) == (Position(0, 0), "comment")
    assert any(t.type == "class" and t.start == Position(2, 14) for t in tokens)  # `buyers`


def test_a_condition_names_the_files_segments(workspace: Workspace) -> None:
    assert workspace.diagnostics("page", Buffer("big and not buyers")) == []
    checked = workspace.checked("page", Buffer("big and not buyers"))
    assert isinstance(checked, ir.And)
    items = workspace.completion("page", Buffer("bu"), Position(0, 2))
    assert [item.label for _, item in items] == ["buyers"]


def test_each_page_sees_its_own_text(workspace: Workspace) -> None:
    text, opened = workspace.open("f1", "buyers")
    workspace.diagnostics("one", Buffer(text.replace("buyers", "shoppers"), opened))
    # The other page's rename is not a name here.
    found = workspace.diagnostics("two", Buffer("shoppers"))
    assert [d.message for _, d in found] == ["unknown name 'shoppers'"]


def test_save_writes_the_definition_formatted_and_leaves_the_rest(workspace: Workspace) -> None:
    path = workspace.file("f1").path
    text, opened = workspace.open("f1", "big")
    saved = workspace.save("page", Buffer(text.replace("buyers and ", "buyers   and\n "), opened))
    assert saved.text == text
    assert path.read_text() == FILE
    renamed = text.replace("segment big", "segment bigger").replace("> 5", "> 6")
    saved = workspace.save("page", Buffer(renamed, opened))
    assert saved.opened.name == "bigger" and saved.opened.version != opened.version
    assert path.read_text() == FILE.replace("segment big =", "segment bigger =").replace(
        "> 5", "> 6"
    )
    assert [d.name for d in workspace.definitions("f1")][:2] == ["buyers", "bigger"]
    # `size` still names `big`: every page's service knows the file as it is now.
    size_text, size_opened = workspace.open("f1", "size")
    found = workspace.diagnostics("other", Buffer(size_text, size_opened))
    assert [d.message for _, d in found] == ["unknown name 'big'"]


def test_save_is_refused_when_the_file_changed_on_disk(workspace: Workspace) -> None:
    path = workspace.file("f1").path
    text, opened = workspace.open("f1", "buyers")
    path.write_text(FILE.replace("purchases > 0", "purchases > 1"), encoding="utf-8")
    with pytest.raises(StudioError) as refused:
        workspace.save("page", Buffer(text.replace("> 0", "> 2"), opened))
    assert refused.value.message.startswith("segments.seg changed on disk since 'buyers'")
    assert "-segment buyers = purchases > 0\n+segment buyers = purchases > 1\n" in (
        refused.value.detail
    )
    assert path.read_text() == FILE.replace("purchases > 0", "purchases > 1")


def test_save_is_refused_while_the_text_has_an_error(workspace: Workspace) -> None:
    text, opened = workspace.open("f1", "buyers")
    with pytest.raises(SegdslError) as refused:
        workspace.save("page", Buffer(text.replace("purchases", "purchses"), opened))
    assert [d.code for d in refused.value.diagnostics] == ["E210"]
    with pytest.raises(StudioError, match="a lone condition has no file"):
        workspace.save("page", Buffer("purchases > 1"))
    assert workspace.file("f1").path.read_text() == FILE


def test_format(workspace: Workspace) -> None:
    assert workspace.formatted(Buffer("purchases>1   and(country='PL')")) == (
        'purchases > 1 and (country = "PL")'
    )
    text, opened = workspace.open("f1", "buyers")
    assert workspace.formatted(Buffer(text.replace(" = ", "=   "), opened)) == text


def test_hover_in_the_editor_s_positions(workspace: Workspace) -> None:
    text, opened = workspace.open("f1", "big")
    found = workspace.hover("page", Buffer(text, opened), Position(2, 27))
    assert found is not None
    where, hover = found
    assert (where.start, where.end) == (Position(2, 25), Position(2, 34))
    assert "purchases" in hover.markdown
    assert workspace.hover("page", Buffer(text, opened), Position(0, 3)) is None


def test_a_new_segment_is_written_formatted_at_the_end(workspace: Workspace) -> None:
    path = workspace.file("f1").path
    version = workspace.file("f1").version
    new = NewSegment("f1", version, "returning", 'Bought "again"', "buyers   and purchases>1\n")
    saved = workspace.add(new)
    written = 'segment returning "Bought \\"again\\"" = buyers and purchases > 1'
    assert saved.text == written
    assert path.read_text() == FILE + "\n" + written + "\n"
    assert saved.opened == Opened("f1", "returning", workspace.file("f1").version)
    assert workspace.open("f1", "returning")[0] == written
    # The page's services know it: a condition may name it.
    assert workspace.checked("page", Buffer("returning")) is not None
    # Without a description.
    workspace.add(NewSegment("f1", saved.opened.version, "quiet", "", "not buyers"))
    assert path.read_text().endswith(written + "\n\nsegment quiet = not buyers\n")


@pytest.mark.parametrize(
    ("name", "body", "code"),
    [
        ("buyers", "purchases > 9", "E"),  # a name the file defines already
        ("new_one", "purchses > 1", "E210"),
        ("new_one", "purchases >", "E1"),
    ],
)
def test_a_new_segment_with_an_error_is_refused(
    workspace: Workspace, name: str, body: str, code: str
) -> None:
    version = workspace.file("f1").version
    with pytest.raises(SegdslError) as refused:
        workspace.add(NewSegment("f1", version, name, "", body))
    assert [d.code[: len(code)] for d in refused.value.diagnostics] == [code]
    assert workspace.file("f1").path.read_text() == FILE


def test_a_new_segment_needs_a_name_and_the_file_as_loaded(workspace: Workspace) -> None:
    path = workspace.file("f1").path
    version = workspace.file("f1").version
    for name in ("and", "2nd", "a b"):
        with pytest.raises(StudioError, match=f"'{name}' cannot name a segment"):
            workspace.add(NewSegment("f1", version, name, "", "purchases > 1"))
    path.write_text(FILE.replace("purchases > 0", "purchases > 1"), encoding="utf-8")
    with pytest.raises(StudioError) as refused:
        workspace.add(NewSegment("f1", version, "later", "", "purchases > 1"))
    assert refused.value.message.startswith("segments.seg changed on disk since the page loaded")
    assert "+segment buyers = purchases > 1\n" in refused.value.detail
    assert "later" not in path.read_text()
