"""The Emacs mode (editors/emacs/segdsl-mode.el), run in Emacs's batch mode: a .seg file opens
in segdsl-mode, every word of the lexicon and every kind of literal gets its face, indentation
lays the example shop's segments out as `segdsl fmt` does, comments start with #, and eglot
starts `segdsl lsp` and receives its diagnostics. Without Emacs (or eglot: built into Emacs 29,
Debian's elpa-eglot before) the tests are skipped (failed in CI)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.support.backends import require_service
from tests.support.editors import (
    EDITORS,
    ROOT,
    docs_blocks,
    lexicon_sample,
    require_lsp_extra,
    require_program,
)

SHOP_SEGMENTS = ROOT / "examples/shop/segments.seg"
FACES = {
    "definition": "font-lock-keyword-face",
    "name": "font-lock-function-name-face",
    "constant": "font-lock-constant-face",
    "keyword": "font-lock-keyword-face",
    "function": "font-lock-builtin-face",
    "string": "font-lock-string-face",
    "comment": "font-lock-comment-face",
    "integer": "font-lock-constant-face",
    "decimal": "font-lock-constant-face",
    "duration": "font-lock-constant-face",
    "date": "font-lock-constant-face",
    "timestamp": "font-lock-constant-face",
}


def elisp(value: object) -> str:
    """An Emacs Lisp literal (quote lists where they are evaluated)."""
    if isinstance(value, list | tuple):
        return "(" + " ".join(elisp(item) for item in value) + ")"
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value))  # a JSON string is an Emacs Lisp string when it is ASCII


def run_emacs(script: str, folder: Path) -> Any:
    """Run Emacs Lisp in batch Emacs (its site files loaded, so Debian's packages are there)
    with segdsl-mode loaded; the script's last value is returned (written as JSON: vectors
    for arrays, since json-encode takes a list of lists for an object)."""
    emacs = require_program("emacs", "Debian: apt-get install emacs-nox")
    result_file = folder / "result.json"
    result_file.unlink(missing_ok=True)
    program = f"""
(progn
  (add-to-list 'load-path {elisp(EDITORS / "emacs")})
  (require 'segdsl-mode)
  (require 'json)
  (let ((result (progn {script})))
    (with-temp-file {elisp(result_file)} (insert (json-encode result)))))
"""
    completed = subprocess.run(
        [emacs, "--batch", "--eval", program],
        cwd=folder,
        env=os.environ,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result_file.exists(), (
        f"Emacs left no result (exit {completed.returncode}):\n{completed.stderr}"
    )
    return json.loads(result_file.read_text(encoding="utf-8"))


def test_every_word_of_the_lexicon_is_highlighted(tmp_path: Path) -> None:
    text, tokens = lexicon_sample()
    (tmp_path / "sample.seg").write_text(text, encoding="utf-8")
    # The first and last character of each token; a comment's first word, after its delimiter.
    positions = [
        [
            token.line,
            token.column + 2 * (token.kind == "comment"),
            token.column + len(token.text) - 1,
        ]
        for token in tokens
    ]
    script = f"""
(find-file "sample.seg")
(font-lock-ensure)
(vector (symbol-name major-mode)
      (vconcat
       (mapcar (lambda (position)
                (vconcat (mapcar (lambda (column)
                          (goto-char (point-min))
                          (forward-line (1- (car position)))
                          (forward-char column)
                          (let ((face (get-text-property (point) 'face)))
                            (vconcat (mapcar #'symbol-name (if (listp face) face (list face))))))
                        (cdr position))))
              '{elisp(positions)})))
"""
    mode, faces = run_emacs(script, tmp_path)
    assert mode == "segdsl-mode"
    wrong = [
        (token.text, token.kind, at)
        for token, at in zip(tokens, faces, strict=True)
        if not all(FACES[token.kind] in names for names in at)
    ]
    assert not wrong, f"tokens, their kinds and the faces Emacs gave them: {wrong}"


def test_indentation_is_the_formatters_layout(tmp_path: Path) -> None:
    expected = SHOP_SEGMENTS.read_text(encoding="utf-8")
    flush_left = "".join(line.lstrip(" ") for line in expected.splitlines(keepends=True))
    (tmp_path / "segments.seg").write_text(flush_left, encoding="utf-8")
    script = """
(find-file "segments.seg")
(let ((inhibit-message t)) (indent-region (point-min) (point-max)))
(vector (buffer-string) comment-start)
"""
    indented, comment_start = run_emacs(script, tmp_path)
    assert indented == expected
    assert comment_start == "# "


def test_emacs_lisp_of_the_docs_reads(tmp_path: Path) -> None:
    blocks = docs_blocks("elisp")
    assert blocks
    script = f"""
(vconcat
 (mapcar (lambda (text)
           (with-temp-buffer
             (insert text)
             (goto-char (point-min))
             (condition-case failure
                 (while t (read (current-buffer)))
               (end-of-file "")
               (error (error-message-string failure)))))
         '{elisp(blocks)}))
"""
    assert run_emacs(script, tmp_path) == [""] * len(blocks)


def test_eglot_receives_a_diagnostic(tmp_path: Path) -> None:
    require_lsp_extra()
    (tmp_path / "segdsl.toml").write_text('schema = "schema.yaml"\n', encoding="utf-8")
    (tmp_path / "schema.yaml").write_text(
        (ROOT / "examples/shop/schema.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "broken.seg").write_text(
        'segment recent "Ordered lately" = last_order < 30d\nsegment typo = purchase > 2\n',
        encoding="utf-8",
    )
    if not run_emacs("(and (require 'eglot nil t) t)", tmp_path):
        require_service("eglot is not installed (built into Emacs 29; Debian: elpa-eglot)")
    server = elisp([sys.executable, "-m", "segdsl", "lsp"])
    script = f"""
(require 'eglot)
(require 'flymake)
(setq segdsl-server-command '{server})
(find-file "broken.seg")
(let ((failure (condition-case failure
                   (progn (apply #'eglot (eglot--guess-contact)) nil)
                 (error (error-message-string failure)))))
  (flymake-mode 1)
  ;; Until a diagnostic arrives, or 30 seconds pass.
  (let ((waited 0))
    (while (and (not failure) (null (flymake-diagnostics)) (< waited 300))
      (accept-process-output nil 0.1)
      (setq waited (1+ waited))))
  (vector
   failure
   (vconcat
    (mapcar (lambda (diagnostic)
              (save-excursion
                (goto-char (flymake-diagnostic-beg diagnostic))
                (vector (line-number-at-pos) (current-column)
                        (flymake-diagnostic-text diagnostic))))
            (flymake-diagnostics)))))
"""
    failure, diagnostics = run_emacs(script, tmp_path)
    assert failure is None, f"eglot did not start segdsl lsp: {failure}"
    assert diagnostics, "no diagnostic from segdsl lsp through eglot within 30 s"
    [(line, column, message)] = diagnostics
    assert (line, column) == (2, 15)
    assert "purchase" in message
