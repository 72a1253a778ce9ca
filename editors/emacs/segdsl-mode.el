;;; segdsl-mode.el --- Major mode for segdsl segment files -*- lexical-binding: t -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1"))
;; Keywords: languages
;; SPDX-License-Identifier: MIT

;;; Commentary:

;; Editing segdsl segment files (*.seg): highlighting, comments, indentation in the layout of
;; `segdsl fmt', and the language server `segdsl lsp' through eglot (built into Emacs 29 and
;; later; a package before).  docs/editors.md of the segdsl repository shows the set-up:
;;
;;   (add-to-list 'load-path "/path/to/segdsl/editors/emacs")
;;   (require 'segdsl-mode)
;;   (add-hook 'segdsl-mode-hook #'eglot-ensure)   ; diagnostics, completion, hover...

;;; Code:

;; BEGIN GENERATED
;; Generated from segdsl/syntax/lexicon.py by editors/generate.py: do not edit by hand.
(defconst segdsl-definition-keywords
  '("segment" "partition")
  "The keywords a definition starts with.")
(defconst segdsl-constants
  '("true" "false" "now")
  "The constant keywords.")
(defconst segdsl-keywords
  '("when" "otherwise" "and" "or" "not" "in" "between" "is" "missing" "present" "contains" "starts" "ends" "with" "where" "top" "bottom" "by" "distinct" "then" "no" "within" "without" "since" "this" "last" "next" "today" "yesterday" "to" "of")
  "The other keywords.")
(defconst segdsl-functions
  '("count" "sum" "avg" "min" "max" "first" "last" "most_frequent" "active_days" "lower" "upper" "length" "abs" "split" "month" "day" "weekday" "hour" "anniversary")
  "The functions and aggregates.")
(defconst segdsl-operators
  '("=" "!=" "<" "<=" ">" ">=" "+" "-" "*" "/")
  "The operators between two values.")
(defconst segdsl-identifier-regexp
  "[A-Za-z_][A-Za-z0-9_]*"
  "A name.")
(defconst segdsl-timestamp-regexp
  "[0-9]\\{4\\}-[0-9]\\{2\\}-[0-9]\\{2\\}[T ][0-9]\\{2\\}:[0-9]\\{2\\}\\(:[0-9]\\{2\\}\\(\\.[0-9]\\{1,6\\}\\)?\\)?Z?"
  "A timestamp.")
(defconst segdsl-date-regexp
  "[0-9]\\{4\\}-[0-9]\\{2\\}-[0-9]\\{2\\}"
  "A date.")
(defconst segdsl-duration-regexp
  "[0-9]+\\(h\\|d\\|w\\|mo\\|y\\)"
  "A duration.")
(defconst segdsl-decimal-regexp
  "[0-9]+\\.[0-9]+"
  "A decimal number.")
(defconst segdsl-integer-regexp
  "[0-9]+"
  "An integer.")
(defconst segdsl-comment-start "#"
  "What a comment starts with; it runs to the end of the line.")
;; END GENERATED

(defgroup segdsl nil
  "Editing segdsl segment files."
  :group 'languages
  :prefix "segdsl-")

(defcustom segdsl-indent-offset 4
  "Columns a definition's body and its continuation lines are indented by."
  :type 'integer
  :safe #'integerp)

(defcustom segdsl-server-command '("segdsl" "lsp")
  "The language server's command line, for eglot."
  :type '(repeat string))

(defvar segdsl-mode-syntax-table
  (let ((table (make-syntax-table)))
    (modify-syntax-entry ?_ "_" table)
    (dolist (char '(?+ ?- ?* ?/ ?% ?< ?> ?= ?! ?, ?.))
      (modify-syntax-entry char "." table))
    (modify-syntax-entry ?' "\"" table)
    (modify-syntax-entry ?\" "\"" table)
    (modify-syntax-entry ?\\ "\\" table)
    (modify-syntax-entry (string-to-char segdsl-comment-start) "<" table)
    (modify-syntax-entry ?\n ">" table)
    (modify-syntax-entry ?\r ">" table)
    table)
  "Syntax table for `segdsl-mode'.
Comments run from `segdsl-comment-start' to the end of the line;
strings take either quote.")

(defun segdsl--symbols (words)
  "A regexp matching any of WORDS as a whole symbol."
  (concat "\\_<" (regexp-opt words t) "\\_>"))

(defun segdsl--literal (regexp)
  "REGEXP as a whole symbol (a literal, not the start of a longer name)."
  (concat "\\_<\\(?:" regexp "\\)\\_>"))

(defconst segdsl-font-lock-keywords
  `((,(concat (segdsl--symbols segdsl-definition-keywords)
              "\\(?:[ \t\n]+\\(" segdsl-identifier-regexp "\\)\\)?")
     (1 font-lock-keyword-face)
     (2 font-lock-function-name-face nil t))
    (,(segdsl--symbols segdsl-constants) . font-lock-constant-face)
    ;; A function before a keyword: `last(' is a function, `in last month' a keyword.
    (,(concat (segdsl--symbols segdsl-functions) "[ \t]*(") 1 font-lock-builtin-face)
    (,(segdsl--symbols segdsl-keywords) . font-lock-keyword-face)
    ;; The longest literal first: a date starts like an integer, a timestamp like a date.
    (,(segdsl--literal segdsl-timestamp-regexp) . font-lock-constant-face)
    (,(segdsl--literal segdsl-date-regexp) . font-lock-constant-face)
    (,(segdsl--literal segdsl-duration-regexp) . font-lock-constant-face)
    (,(segdsl--literal segdsl-decimal-regexp) . font-lock-constant-face)
    (,(segdsl--literal segdsl-integer-regexp) . font-lock-constant-face)
    ;; Upper-case names are named sets of values by convention (EU, EEA, DACH).
    ("\\_<[A-Z][A-Z0-9_]*\\_>" . font-lock-constant-face))
  "What `segdsl-mode' highlights beyond comments and strings.")

;;; Indentation: the layout `segdsl fmt' writes for the common cases.

(defconst segdsl--binary-operator-regexp (regexp-opt segdsl-operators)
  "An operator between two values.
A line starting with one continues the operand of the line before.")

(defun segdsl--code-line-p ()
  "Return non-nil if the current line holds code (not blank, not a comment)."
  (save-excursion
    (back-to-indentation)
    (not (or (eolp) (looking-at-p (regexp-quote segdsl-comment-start))))))

(defun segdsl--line-starts-with (regexp)
  "Return non-nil if the code of the current line starts with REGEXP."
  (save-excursion (back-to-indentation) (looking-at-p regexp)))

(defun segdsl--line-ends-with-equals-p ()
  "Return non-nil if the code of the current line ends with `='.
A definition's body follows."
  (save-excursion
    (end-of-line)
    (let ((comment (nth 8 (syntax-ppss))))
      (when (and comment (not (nth 3 (syntax-ppss))))
        (goto-char comment)))
    (skip-chars-backward " \t")
    (eq (char-before) ?=)))

(defun segdsl--previous-code-line ()
  "Move to the code line before the current one; nil when there is none."
  (let ((found nil))
    (while (and (not found) (zerop (forward-line -1)))
      (setq found (segdsl--code-line-p)))
    found))

(defun segdsl--definition-start-p ()
  "Return non-nil if the current line starts a definition."
  (segdsl--line-starts-with (segdsl--symbols segdsl-definition-keywords)))

(defun segdsl-calculate-indentation ()
  "The column the current line belongs at."
  (save-excursion
    (beginning-of-line)
    (cond
     ((segdsl--definition-start-p) 0)
     ((not (segdsl--code-line-p))
      ;; A comment goes with the code after it.
      (let ((found nil))
        (while (and (not found) (zerop (forward-line 1)) (not (eobp)))
          (setq found (segdsl--code-line-p)))
        (if found (segdsl-calculate-indentation) 0)))
     (t
      (let* ((line (point))
             (opener (save-excursion (back-to-indentation) (nth 1 (syntax-ppss))))
             (closes (segdsl--line-starts-with "[])]"))
             (operator (segdsl--line-starts-with segdsl--binary-operator-regexp))
             (conjunction (segdsl--line-starts-with (segdsl--symbols '("and" "or")))))
        (if (not (segdsl--previous-code-line))
            0
          (let ((previous (current-indentation))
                (previous-operator (segdsl--line-starts-with segdsl--binary-operator-regexp)))
            (cond
             ((and closes opener)
              (goto-char opener)
              (current-indentation))
             ((or (segdsl--line-ends-with-equals-p)
                  (and opener (< opener line) (>= opener (line-beginning-position))))
              (+ previous segdsl-indent-offset))
             ((and operator (not previous-operator)) (+ previous segdsl-indent-offset))
             ((and conjunction previous-operator)
              (max 0 (- previous segdsl-indent-offset)))
             (t previous)))))))))

(defun segdsl-indent-line ()
  "Indent the current line in the layout of `segdsl fmt'."
  (interactive)
  (let ((column (segdsl-calculate-indentation)))
    (if (<= (current-column) (current-indentation))
        (indent-line-to column)
      (save-excursion (indent-line-to column)))))

;;;###autoload
(define-derived-mode segdsl-mode prog-mode "segdsl"
  "Major mode for segdsl segment files."
  :syntax-table segdsl-mode-syntax-table
  (setq-local comment-start (concat segdsl-comment-start " "))
  (setq-local comment-start-skip (concat (regexp-quote segdsl-comment-start) "+[ \t]*"))
  (setq-local comment-end "")
  (setq-local font-lock-defaults '(segdsl-font-lock-keywords))
  (setq-local indent-line-function #'segdsl-indent-line)
  (setq-local indent-tabs-mode nil)
  (setq-local electric-indent-chars (append '(?\) ?\]) electric-indent-chars)))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.seg\\'" . segdsl-mode))

(defun segdsl-server-contact (&optional _interactive)
  "The language server's command line for eglot: `segdsl-server-command'."
  segdsl-server-command)

(with-eval-after-load 'eglot
  (defvar eglot-server-programs)
  (add-to-list 'eglot-server-programs '(segdsl-mode . segdsl-server-contact)))

(provide 'segdsl-mode)

;;; segdsl-mode.el ends here
