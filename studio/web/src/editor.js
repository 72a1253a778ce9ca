// The editor: CodeMirror 6 with the language service's features over the server's endpoints.
// Highlighting is the service's semantic tokens, diagnostics its diagnostics (with their hints,
// where "did you mean" is), completion and hover its answers. Positions cross as 0-based lines
// and columns in code points; CodeMirror counts UTF-16 units.

import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, indentUnit } from "@codemirror/language";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { highlightSelectionMatches, searchKeymap } from "@codemirror/search";
import { EditorState, StateEffect, StateField } from "@codemirror/state";
import {
  Decoration,
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  hoverTooltip,
  keymap,
  lineNumbers,
} from "@codemirror/view";

import { call, client } from "./api.js";
import { renderMarkdown } from "./markdown.js";

export function toOffset(doc, position) {
  const line = doc.line(Math.min(position.line + 1, doc.lines));
  const text = line.text;
  let offset = 0;
  for (let counted = 0; counted < position.column && offset < text.length; counted++) {
    offset += text.codePointAt(offset) > 0xffff ? 2 : 1;
  }
  return line.from + offset;
}

export function toPosition(doc, offset) {
  const line = doc.lineAt(offset);
  return { line: line.number - 1, column: [...line.text.slice(0, offset - line.from)].length };
}

// -- semantic highlighting ------------------------------------------------------------------

const setTokens = StateEffect.define();

const tokenField = StateField.define({
  create: () => Decoration.none,
  update(decorations, transaction) {
    decorations = decorations.map(transaction.changes);
    for (const effect of transaction.effects) {
      if (effect.is(setTokens)) decorations = effect.value;
    }
    return decorations;
  },
  provide: (field) => EditorView.decorations.from(field),
});

function tokenDecorations(doc, tokens) {
  const ranges = [];
  for (const token of tokens) {
    const from = toOffset(doc, token);
    const to = toOffset(doc, { line: token.line, column: token.column + token.length });
    if (to > from) {
      const classes = [`tok-${token.type}`, ...token.modifiers.map((m) => `tok-${m}`)].join(" ");
      ranges.push(Decoration.mark({ class: classes }).range(from, to));
    }
  }
  return Decoration.set(ranges, true);
}

// -- diagnostics ----------------------------------------------------------------------------

function editorDiagnostics(doc, found) {
  return found.map((d) => {
    const from = toOffset(doc, d.from);
    const to = Math.max(toOffset(doc, d.to), from);
    return {
      from,
      to,
      severity: d.severity === "info" ? "info" : d.severity,
      source: d.code,
      message: d.message,
      renderMessage() {
        const box = document.createElement("div");
        box.className = "diagnostic";
        const message = document.createElement("div");
        message.textContent = `${d.code}: ${d.message}`;
        box.append(message);
        for (const hint of d.hints) {
          const line = document.createElement("div");
          line.className = "hint";
          line.textContent = hint;
          box.append(line);
        }
        return box;
      },
    };
  });
}

// -- completion and hover ---------------------------------------------------------------------

const completionTypes = {
  keyword: "keyword",
  function: "function",
  aggregate: "function",
  attribute: "property",
  metric: "variable",
  segment: "class",
  partition: "enum",
  stream: "namespace",
  field: "property",
  set: "type",
  value: "constant",
  unit: "text",
  list: "text",
};

function completionSource(editor) {
  return async (context) => {
    const doc = context.state.doc;
    let answer;
    try {
      answer = await call("complete", {
        client,
        buffer: editor.buffer(context.state),
        position: toPosition(doc, context.pos),
      });
    } catch {
      return null;
    }
    if (context.aborted || !answer.items.length) return null;
    const first = answer.items[0];
    return {
      from: toOffset(doc, first.from),
      to: toOffset(doc, first.to),
      filter: false,
      options: answer.items.map((item) => ({
        label: item.label,
        detail: item.detail,
        apply: item.insert,
        type: completionTypes[item.kind] || "text",
      })),
    };
  };
}

function hoverSource(editor) {
  return hoverTooltip(async (view, pos) => {
    let answer;
    try {
      answer = await call("hover", {
        client,
        buffer: editor.buffer(view.state),
        position: toPosition(view.state.doc, pos),
      });
    } catch {
      return null;
    }
    if (!answer.hover) return null;
    const found = answer.hover;
    return {
      pos: toOffset(view.state.doc, found.from),
      end: toOffset(view.state.doc, found.to),
      above: true,
      create() {
        const dom = document.createElement("div");
        dom.className = "hover";
        dom.append(renderMarkdown(found.markdown));
        return { dom };
      },
    };
  });
}

// -- the editor -------------------------------------------------------------------------------

export class Editor {
  // `onChange(text)` after every change of the text; `onAnalysis(diagnostics)` with each answer.
  constructor(parent, { onChange, onAnalysis, onFormat }) {
    this.opened = null; // { file, name, version } of an opened definition, or null: a condition
    this.onAnalysis = onAnalysis;
    this.analysisTimer = null;
    this.analysed = null; // the text the last analysis answer was for
    this.view = new EditorView({
      parent,
      state: EditorState.create({
        doc: "",
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          history(),
          drawSelection(),
          indentUnit.of("    "),
          bracketMatching(),
          closeBrackets(),
          highlightActiveLine(),
          highlightSelectionMatches(),
          autocompletion({ override: [completionSource(this)], activateOnTyping: true, icons: false }),
          hoverSource(this),
          lintGutter(),
          tokenField,
          EditorView.lineWrapping,
          keymap.of([
            { key: "Shift-Alt-f", run: () => (onFormat(), true) },
            ...closeBracketsKeymap,
            ...defaultKeymap,
            ...searchKeymap,
            ...historyKeymap,
            ...completionKeymap,
            indentWithTab,
          ]),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) {
              this.scheduleAnalysis();
              onChange(update.state.doc.toString());
            }
          }),
        ],
      }),
    });
  }

  buffer(state = this.view.state) {
    return { text: state.doc.toString(), opened: this.opened };
  }

  text() {
    return this.view.state.doc.toString();
  }

  // Replace the whole text (an opened definition, a formatted or saved one).
  setText(text, opened = this.opened) {
    this.opened = opened;
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: text } });
  }

  scheduleAnalysis() {
    clearTimeout(this.analysisTimer);
    this.analysisTimer = setTimeout(() => this.analyse(), 150);
  }

  async analyse() {
    const buffer = this.buffer();
    let answer;
    try {
      answer = await call("analyze", { client, buffer });
    } catch (error) {
      this.onAnalysis(null, error);
      return;
    }
    if (this.text() !== buffer.text) return; // typed on meanwhile: a newer analysis comes
    const state = this.view.state;
    this.analysed = buffer.text;
    this.view.dispatch(setDiagnostics(state, editorDiagnostics(state.doc, answer.diagnostics)));
    this.view.dispatch({ effects: setTokens.of(tokenDecorations(state.doc, answer.tokens)) });
    this.onAnalysis(answer.diagnostics, null);
  }

  focus() {
    this.view.focus();
  }
}
