"""The editor files that list segdsl's words are generated from segdsl/syntax/lexicon.py by
editors/generate.py: generating them again gives the committed files, byte for byte (after a
change to the lexicon, run `python editors/generate.py`). The few words the indentation rules
write by hand are the lexicon's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from editors import generate
from segdsl.syntax import lexicon
from tests.support.editors import EDITORS, ROOT


@pytest.mark.parametrize(
    "path", list(generate.outputs()), ids=lambda path: str(path.relative_to(ROOT))
)
def test_committed_file_is_generated_from_the_lexicon(path: Path) -> None:
    assert path.read_bytes() == generate.outputs()[path].encode("utf-8"), (
        f"{path.relative_to(ROOT)} is out of date: run python editors/generate.py"
    )


def test_check_reports_a_stale_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stale = tmp_path / "segdsl.vim"
    stale.write_text('" an old syntax file\n', encoding="utf-8")
    monkeypatch.setattr(generate, "outputs", lambda: {stale: generate.vim_syntax()})
    assert generate.main(["--check"]) == 1
    assert "segdsl.vim" in capsys.readouterr().err
    assert generate.main([]) == 0
    assert stale.read_text(encoding="utf-8") == generate.vim_syntax()
    assert generate.main(["--check"]) == 0


@pytest.mark.parametrize(
    ("pattern", "vim", "emacs"),
    [
        (r"\d{4}-\d{2}", r"\d{4}-\d{2}", r"[0-9]\{4\}-[0-9]\{2\}"),
        (r"(?:a|bc)+\.", r"%(a|bc)+[.]", r"\(?:a\|bc\)+\."),
        (r"[A-Za-z_][A-Za-z0-9_]*", r"[A-Za-z_][A-Za-z0-9_]*", r"[A-Za-z_][A-Za-z0-9_]*"),
        (r"<=|!=|%", r"[<][=]|![=]|[%]", r"<=\|!=\|%"),
    ],
)
def test_patterns_are_translated(pattern: str, vim: str, emacs: str) -> None:
    """Python's patterns in Vim's very magic syntax (which matches them in tests/editors/
    test_vim.py) and Emacs's (tests/editors/test_emacs.py)."""
    assert generate.translate(pattern, "vim") == vim
    assert generate.translate(pattern, "emacs") == emacs


@pytest.mark.parametrize("pattern", [r"a(?!b)", r"\bword", r"[\d.]+", r"\w+"])
def test_a_pattern_that_cannot_be_translated_stops_the_generator(pattern: str) -> None:
    with pytest.raises(ValueError, match="translation"):
        generate.translate(pattern, "vim")


# --- the words written by hand, in the indentation rules ------------------------------------

VIM_INDENT = (EDITORS / "vim/indent/segdsl.vim").read_text(encoding="utf-8")
EMACS_MODE = (EDITORS / "emacs/segdsl-mode.el").read_text(encoding="utf-8")


def vim_pattern(name: str) -> str:
    found = re.search(rf"^let s:{name} = '(.*)'$", VIM_INDENT, re.MULTILINE)
    assert found, f"no s:{name} in editors/vim/indent/segdsl.vim"
    return found.group(1)


def test_vim_indentation_reads_the_lexicons_words() -> None:
    definition = re.fullmatch(r"\\v\^\\s\*%\(([a-z|]+)\)>", vim_pattern("definition"))
    assert definition and definition.group(1).split("|") == list(lexicon.DEFINITION_KEYWORDS)
    conjunction = re.fullmatch(r"\\v\^\\s\*%\(([a-z|]+)\)>", vim_pattern("conjunction"))
    assert conjunction and set(conjunction.group(1).split("|")) <= set(lexicon.KEYWORDS)
    assert vim_pattern("comment") == rf"\v^\s*{lexicon.COMMENT_START}"
    operators = re.fullmatch(r"\\v\^\\s\*%\(\[([^]]+)\]\|!\\=\)", vim_pattern("operator"))
    assert operators
    first_characters = {op[0] for op in (*lexicon.COMPARE_OPS, *lexicon.ARITH_OPS)}
    assert set(operators.group(1)) == first_characters - {"!"}
    keys = re.search(r"indentkeys=(\S+)", VIM_INDENT)
    assert keys
    words = [key[2:] for key in keys.group(1).split(",") if key.startswith("0=")]
    assert set(words) <= set(lexicon.KEYWORDS)


def test_emacs_indentation_reads_the_lexicons_words() -> None:
    [listed] = re.findall(r"\(segdsl--symbols '\(([^)]*)\)\)", EMACS_MODE)
    assert set(re.findall(r'"(\w+)"', listed)) <= set(lexicon.KEYWORDS)
