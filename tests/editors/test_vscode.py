"""The VS Code extension (editors/vscode): its TextMate grammar scopes the annotated samples of
editors/vscode/test/ and every word of the lexicon as expected (vscode-tmgrammar-test, installed
by `npm ci` in editors/vscode), its manifest names files that exist and settings its client
reads, its language configuration has the lexicon's comment and quotes, its snippets expand to
segment code that checks against the example shop, and its client loads and starts the server
its settings name. Without node or the npm packages the tests that need them are skipped (fail
in CI)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

import segdsl
from segdsl.semantics.checker import check_condition, check_module
from segdsl.syntax import lexicon
from segdsl.syntax.parser import parse_expression, parse_module
from tests.support.backends import require_service
from tests.support.editors import EDITORS, ROOT, Token, lexicon_sample, require_program

VSCODE = EDITORS / "vscode"
MANIFEST: dict[str, Any] = json.loads((VSCODE / "package.json").read_text(encoding="utf-8"))
SCOPES = {
    "definition": "storage.type.definition.segdsl",
    "name": "entity.name.function.segdsl",
    "constant": "constant.language.segdsl",
    "keyword": "keyword.other.segdsl",
    "function": "support.function.builtin.segdsl",
    "comment": "comment.line.number-sign.segdsl",
    "integer": "constant.numeric.integer.segdsl",
    "decimal": "constant.numeric.decimal.segdsl",
    "duration": "constant.numeric.duration.segdsl",
    "date": "constant.numeric.date.segdsl",
    "timestamp": "constant.numeric.timestamp.segdsl",
}
STRING_SCOPES = {'"': "string.quoted.double.segdsl", "'": "string.quoted.single.segdsl"}


def scope_of(token: Token) -> str:
    return STRING_SCOPES[token.text[0]] if token.kind == "string" else SCOPES[token.kind]


def npm_tool(name: str) -> Path:
    """A program of editors/vscode's npm packages (`npm ci` installs them)."""
    require_program("node", "Debian: apt-get install nodejs")
    tool = VSCODE / "node_modules/.bin" / name
    if not tool.exists():
        require_service(f"{name} is not installed (cd editors/vscode && npm ci)")
    return tool


def grammar_test(*samples: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(npm_tool("vscode-tmgrammar-test")),
            "--grammar",
            str(VSCODE / "syntaxes/segdsl.tmLanguage.json"),
            *map(str, samples),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


def annotated(text: str, marks: list[tuple[int, int, int, str]]) -> str:
    """A vscode-tmgrammar-test sample: `text` with, under each line, a comment line per
    (line, column, length, scope) mark of that line."""
    out = [f'{lexicon.COMMENT_START} SYNTAX TEST "source.segdsl" "every word of the lexicon"']
    for number, line in enumerate(text.splitlines(), start=1):
        out.append(line)
        for _, column, length, scope in (m for m in marks if m[0] == number):
            if column == 0:
                out.append(f"{lexicon.COMMENT_START} <{'-' * length} {scope}")
            else:
                out.append(f"{lexicon.COMMENT_START}{' ' * (column - 1)}{'^' * length} {scope}")
    return "\n".join(out) + "\n"


def test_grammar_scopes_the_annotated_samples() -> None:
    samples = sorted((VSCODE / "test").glob("*.seg"))
    assert samples
    completed = grammar_test(*samples)
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_grammar_scopes_every_word_of_the_lexicon(tmp_path: Path) -> None:
    text, tokens = lexicon_sample()
    sample = tmp_path / "lexicon.seg"
    sample.write_text(
        annotated(text, [(t.line, t.column, len(t.text), scope_of(t)) for t in tokens]),
        encoding="utf-8",
    )
    completed = grammar_test(sample)
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_grammar_test_reports_a_wrong_scope(tmp_path: Path) -> None:
    """The grammar tests above can fail: a keyword annotated as a name is reported."""
    sample = tmp_path / "wrong.seg"
    sample.write_text(annotated("segment x = a and b\n", [(1, 14, 3, SCOPES["name"])]))
    completed = grammar_test(sample)
    assert completed.returncode != 0
    assert SCOPES["name"] in completed.stdout


def test_manifest_names_files_that_exist() -> None:
    contributes = MANIFEST["contributes"]
    [language] = contributes["languages"]
    [grammar] = contributes["grammars"]
    [snippets] = contributes["snippets"]
    assert language["id"] == grammar["language"] == snippets["language"] == "segdsl"
    assert language["extensions"] == [".seg"]
    for path in (MANIFEST["main"], language["configuration"], grammar["path"], snippets["path"]):
        assert (VSCODE / path).is_file(), path
    written = json.loads((VSCODE / grammar["path"]).read_text(encoding="utf-8"))
    assert grammar["scopeName"] == written["scopeName"]


def test_language_configuration_has_the_lexicons_comment_and_quotes() -> None:
    configuration = json.loads((VSCODE / "language-configuration.json").read_text())
    assert configuration["comments"] == {"lineComment": lexicon.COMMENT_START}
    pairs = {pair["open"]: pair["close"] for pair in configuration["autoClosingPairs"]}
    assert {quote: quote for quote in lexicon.QUOTES}.items() <= pairs.items()
    assert [open_ for open_, _ in configuration["brackets"]] == ["(", "["]


def snippet_texts() -> list[tuple[str, str]]:
    """Each snippet with its placeholders filled in, once for each of its choices."""
    snippets = json.loads((VSCODE / "snippets/segdsl.json").read_text(encoding="utf-8"))
    expanded: list[tuple[str, str]] = []
    for name, snippet in snippets.items():
        body = snippet["body"]
        text = "\n".join(body) if isinstance(body, list) else body
        choices = re.search(r"\$\{\d+\|([^|]*)\|\}", text)
        options = choices.group(1).split(",") if choices else [""]
        for option in options:
            chosen = re.sub(r"\$\{\d+\|[^|]*\|\}", option, text)
            expanded.append((f"{name}: {option}", re.sub(r"\$\{\d+:([^}]*)\}", r"\1", chosen)))
    return expanded


@pytest.mark.parametrize(("name", "text"), snippet_texts(), ids=[n for n, _ in snippet_texts()])
def test_snippets_expand_to_code_that_checks(name: str, text: str) -> None:
    """Filled in with their placeholders' defaults, the snippets are segments or conditions of
    the example shop (examples/shop/schema.yaml)."""
    assert "$" not in text, f"{name}: a placeholder left: {text}"
    schema = segdsl.load_schema(ROOT / "examples/shop/schema.yaml")
    if re.match(rf"({'|'.join(lexicon.DEFINITION_KEYWORDS)})\b", text):
        check_module(parse_module(text, name), schema)
    else:
        check_condition(parse_expression(text, name), schema)


CLIENT_CHECK = """
// Load the extension with a stand-in for the vscode module, which only VS Code has: the names
// the extension uses are given, every other one is an empty class (vscode-languageclient extends
// some when it loads). Print the server command the settings give and the settings read.
const Module = require('module');
const read = [];
const settings = JSON.parse(process.argv[2]);
const anything = () =>
  new Proxy(class {}, { get: (target, key) => (key in target ? target[key] : anything()) });
const given = {
  workspace: {
    getConfiguration: (section) => ({
      get: (key, fallback) => {
        read.push(`${section}.${key}`);
        return settings[`${section}.${key}`] ?? fallback;
      },
    }),
  },
};
const vscode = new Proxy(given, {
  get: (target, key) => (key in target ? target[key] : anything()),
});
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };
const extension = require(process.argv[1]);
const options = extension.serverOptions(vscode.workspace.getConfiguration('segdsl'));
console.log(JSON.stringify({ options, read }));
"""


def client_server_options(settings: dict[str, Any]) -> dict[str, Any]:
    node = require_program("node", "Debian: apt-get install nodejs")
    npm_tool("vsce")  # the npm packages, vscode-languageclient among them
    completed = subprocess.run(
        [node, "-e", CLIENT_CHECK, str(VSCODE / "extension.js"), json.dumps(settings)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    result: dict[str, Any] = json.loads(completed.stdout)
    return result


def test_client_starts_segdsl_lsp_by_default() -> None:
    result = client_server_options({})
    assert [result["options"]["command"], *result["options"]["args"]] == ["segdsl", "lsp"]
    settings = MANIFEST["contributes"]["configuration"]["properties"]
    assert settings["segdsl.server.command"]["default"] == "segdsl"
    assert settings["segdsl.server.args"]["default"] == ["lsp"]
    assert set(result["read"]) <= set(settings)


def test_client_starts_the_server_its_settings_name() -> None:
    result = client_server_options(
        {"segdsl.server.command": ".venv/bin/segdsl", "segdsl.server.args": ["lsp", "-v"]}
    )
    assert result["options"]["command"] == ".venv/bin/segdsl"
    assert result["options"]["args"] == ["lsp", "-v"]


def test_docs_install_the_package_build_writes() -> None:
    """docs/editors.md names the .vsix that `vsce package` writes for the manifest's version."""
    page = (ROOT / "docs/editors.md").read_text(encoding="utf-8")
    assert f"editors/vscode/segdsl-{MANIFEST['version']}.vsix" in page
