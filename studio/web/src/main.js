// The studio's page: the files and their definitions, the editor with its answer (count, share,
// sample, SQL), a file's figures (sizes, history, overlap, report) and one customer's segments.

import { call, client, RequestFailed, stream } from "./api.js";
import { Editor } from "./editor.js";

const $ = (selector) => document.querySelector(selector);
const number = new Intl.NumberFormat("en-US");
const percent = (share) => (share === null ? "–" : `${(share * 100).toFixed(1)}%`);

const studio = {
  files: [],
  dialect: "duckdb",
  answerTimer: null,
  answerAbort: null,
  answerSeq: 0,
  historyAbort: null,
  fileTurn: 0,
  sqlSeq: 0,
};

// -- messages -----------------------------------------------------------------------------------

function showMessage(text, detail = "") {
  const box = $("#message");
  box.querySelector(".text").textContent = text;
  const pre = box.querySelector("pre");
  pre.textContent = detail;
  pre.hidden = !detail;
  box.hidden = false;
}

function failure(error) {
  if (error instanceof RequestFailed) {
    showMessage(error.message, error.body.detail || "");
  } else if (error.name !== "AbortError") {
    showMessage(String(error));
  }
}

// -- tables -------------------------------------------------------------------------------------

function table(columns, rows, { numeric = [], onRow = null } = {}) {
  const element = document.createElement("table");
  const head = element.createTHead().insertRow();
  for (const column of columns) {
    const th = document.createElement("th");
    th.textContent = column;
    if (numeric.includes(column)) th.className = "number";
    head.append(th);
  }
  const body = element.createTBody();
  rows.forEach((row) => {
    const tr = body.insertRow();
    row.forEach((value, index) => {
      const td = tr.insertCell();
      td.textContent = value === null || value === undefined ? "–" : String(value);
      if (numeric.includes(columns[index])) td.className = "number";
    });
    if (onRow) {
      tr.classList.add("link");
      tr.addEventListener("click", () => onRow(row));
    }
  });
  return element;
}

// -- the file list ------------------------------------------------------------------------------

function renderFiles() {
  const list = $("#files");
  list.replaceChildren();
  for (const file of studio.files) {
    const section = document.createElement("section");
    const title = document.createElement("h3");
    title.textContent = file.label;
    section.append(title);
    const ul = document.createElement("ul");
    for (const definition of file.definitions) {
      const li = document.createElement("li");
      const button = document.createElement("button");
      button.className = `definition ${definition.kind}`;
      button.textContent = definition.name;
      button.title = `open ${definition.kind} ${definition.name}`;
      button.addEventListener("click", () => openDefinition(file.id, definition.name));
      li.append(button);
      ul.append(li);
    }
    section.append(ul);
    list.append(section);
  }
  const select = $("#file-choice");
  select.replaceChildren(
    ...studio.files.map((file) => new Option(file.label, file.id)),
  );
}

function fileLabel(id) {
  return studio.files.find((file) => file.id === id)?.label || id;
}

async function openDefinition(fileId, name) {
  try {
    const found = await call("open", { file: fileId, name });
    editor.setText(found.text, found.opened);
    showEditing();
    showView("editor");
    editor.focus();
  } catch (error) {
    failure(error);
  }
}

function newCondition() {
  editor.setText("", null);
  showEditing();
  showView("editor");
  editor.focus();
}

function showEditing() {
  const opened = editor.opened;
  $("#editing").textContent = opened
    ? `${opened.name} in ${fileLabel(opened.file)}`
    : "a condition (it may name the files' segments)";
  $("#save").disabled = !opened;
}

// -- the answer ---------------------------------------------------------------------------------

// The count is asked for this long after the last keystroke; a keystroke drops the question
// still running (the server cancels a page's earlier question when its next one comes).
const ANSWER_PAUSE = 120; // ms

function scheduleAnswer() {
  clearTimeout(studio.answerTimer);
  studio.answerAbort?.abort();
  $("#answer").dataset.state = "waiting";
  studio.answerTimer = setTimeout(runAnswer, ANSWER_PAUSE);
}

// The count first (one query), then the sample and the SQL: states "counted", then "done".
async function runAnswer() {
  const seq = ++studio.answerSeq;
  studio.answerAbort?.abort();
  const abort = new AbortController();
  studio.answerAbort = abort;
  const buffer = editor.buffer();
  const panel = $("#answer");
  if (!buffer.text.trim()) {
    panel.dataset.state = "empty";
    $("#answer-status").textContent = "Type a condition, or open a segment.";
    return;
  }
  panel.dataset.state = "running";
  $("#answer-status").textContent = "running…";
  const ask = async (endpoint, body) => {
    try {
      const found = await call(endpoint, body, abort.signal);
      return seq === studio.answerSeq && !found.cancelled ? found : null;
    } catch (error) {
      if (seq === studio.answerSeq && error.name !== "AbortError") {
        panel.dataset.state = "failed";
        $("#answer-status").textContent = error.message;
      }
      return null;
    }
  };
  const counted = await ask("answer", { client, buffer });
  if (!counted) return;
  if (!counted.ready) {
    panel.dataset.state = "errors";
    $("#answer-status").textContent = "Fix the problems underlined in the editor to see the count.";
    return;
  }
  renderCount(counted);
  panel.dataset.state = "counted";
  const details = await ask("sample", { client, buffer, dialect: studio.dialect });
  if (!details?.ready) return;
  renderSample(details);
  panel.dataset.state = "done";
}

function renderCount(found) {
  const first = found.counts[0];
  const partition = found.kind === "CheckedPartition";
  $("#answer-status").textContent = "";
  $("#count").textContent = partition ? `${found.counts.length} labels` : number.format(first.count);
  $("#count-unit").textContent = partition ? "" : first.count === 1 ? "member" : "members";
  $("#share").textContent = partition
    ? `of ${number.format(found.total)} customers`
    : `${percent(first.share)} of ${number.format(found.total)} customers`;
  $("#seconds").textContent = ` · ${found.seconds.toFixed(3)} s`;
  const labels = $("#labels");
  labels.replaceChildren();
  if (partition) {
    const rows = found.counts.map((c) => [c.name, number.format(c.count), percent(c.share)]);
    labels.append(table(["label", "members", "share"], rows, { numeric: ["members", "share"] }));
  }
}

function renderSample(details) {
  const found = details.sample;
  const sample = $("#sample");
  sample.replaceChildren();
  if (found.rows.length) {
    const caption = document.createElement("h4");
    caption.textContent = `The first ${found.rows.length} members`;
    sample.append(caption, table(found.columns, found.rows));
    if (found.withheld.length) {
      const note = document.createElement("p");
      note.className = "note";
      note.textContent = `Not shown (PII): ${found.withheld.join(", ")}.`;
      sample.append(note);
    }
  }
  $("#sql").textContent = details.sql;
}

async function refreshSql() {
  const seq = ++studio.sqlSeq;
  try {
    const found = await call("sql", { client, buffer: editor.buffer(), dialect: studio.dialect });
    if (seq === studio.sqlSeq && found.ready) $("#sql").textContent = found.sql;
  } catch (error) {
    failure(error);
  }
}

async function copySql() {
  const text = $("#sql").textContent;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const range = document.createRange();
    range.selectNodeContents($("#sql"));
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    document.execCommand("copy");
  }
  $("#copy").textContent = "Copied";
  setTimeout(() => ($("#copy").textContent = "Copy"), 1200);
}

// -- format and save ----------------------------------------------------------------------------

async function formatText() {
  try {
    const found = await call("format", { buffer: editor.buffer() });
    if (found.text !== editor.text()) editor.setText(found.text);
  } catch (error) {
    failure(error);
  }
}

// A definition written to its file: the file's new version and definitions, the definition
// (formatted) in the editor.
function written(saved, verb) {
  const file = studio.files.find((f) => f.id === saved.opened.file);
  file.definitions = saved.definitions;
  file.version = saved.opened.version;
  renderFiles();
  editor.setText(saved.text, saved.opened);
  showEditing();
  showView("editor");
  $("#saved").textContent = `${verb} ${saved.opened.name} to ${file.label}`;
  setTimeout(() => ($("#saved").textContent = ""), 4000);
}

async function save() {
  try {
    written(await call("save", { client, buffer: editor.buffer() }), "saved");
  } catch (error) {
    failure(error);
  }
}

// -- a new segment ------------------------------------------------------------------------------

function openAddDialog() {
  $("#add-file").replaceChildren(...studio.files.map((file) => new Option(file.label, file.id)));
  $("#add-error").hidden = true;
  // A condition being written is the new segment's condition.
  if (!editor.opened && editor.text().trim()) $("#add-body").value = editor.text().trim();
  $("#add-dialog").showModal();
  $("#add-name").focus();
}

async function addSegment(event) {
  event.preventDefault();
  const fileId = $("#add-file").value;
  const file = studio.files.find((f) => f.id === fileId);
  const error = $("#add-error");
  try {
    const saved = await call("add", {
      file: fileId,
      version: file.version,
      name: $("#add-name").value,
      description: $("#add-description").value,
      body: $("#add-body").value,
    });
    $("#add-dialog").close();
    $("#add-form").reset();
    written(saved, "added");
  } catch (failed) {
    const body = failed.body || {};
    const problems = (body.problems || []).map((p) => `${p.code}: ${p.message}${p.hints.map((h) => `\n  hint: ${h}`).join("")}`);
    error.querySelector(".text").textContent = failed.message;
    const pre = error.querySelector("pre");
    pre.textContent = body.detail || problems.join("\n");
    pre.hidden = !pre.textContent;
    error.hidden = false;
  }
}

// -- the file view ------------------------------------------------------------------------------

function chartFrame(html, title) {
  // The chart pages have no scripts; the sandbox lets none run, and leaves the page able to
  // read the chart's height.
  const frame = document.createElement("iframe");
  frame.setAttribute("sandbox", "allow-same-origin");
  frame.title = title;
  frame.srcdoc = html;
  frame.addEventListener("load", () => {
    const height = frame.contentDocument?.documentElement?.scrollHeight;
    if (height) frame.style.height = `${height + 8}px`;
  });
  return frame;
}

function figure(column, value) {
  if (typeof value !== "number") return value;
  if (column.endsWith("_rate")) return percent(value);
  if (Number.isInteger(value)) return number.format(value);
  return value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

function definitionOf(name) {
  // A partition label's row is "partition = \"label\"": it opens the partition.
  return name.includes(" = ") ? name.split(" = ")[0] : name;
}

async function filePart(fileId, part, target, render) {
  target.replaceChildren();
  target.dataset.state = "running";
  target.textContent = "computing…";
  try {
    const found = await call("file", { client, file: fileId, part });
    if (found.cancelled) return;
    target.replaceChildren();
    render(found, target);
    target.dataset.state = "done";
  } catch (error) {
    target.dataset.state = "failed";
    target.textContent = error.message;
  }
}

// The history comes instant by instant (the whole span first, then the months between), the
// chart redrawn with each; Stop keeps what is drawn.
async function showHistory(fileId) {
  studio.historyAbort?.abort();
  const abort = new AbortController();
  studio.historyAbort = abort;
  const target = $("#file-history");
  const label = document.createElement("span");
  const stop = document.createElement("button");
  stop.textContent = "Stop";
  stop.addEventListener("click", () => call("cancel", { client, kind: "history" }).catch(failure));
  const status = document.createElement("p");
  status.className = "note progress";
  status.append(label, " ", stop);
  target.replaceChildren(status);
  target.dataset.state = "running";
  label.textContent = "computing…";
  let frame = null;
  let total = 0;
  const draw = (found) => {
    if (found.cancelled) return;
    total = found.total;
    label.textContent = `${found.done} of ${total} monthly instants computed (the whole span first, then the months between)…`;
    if (!found.html) return;
    if (frame) {
      frame.srcdoc = found.html;
    } else {
      frame = chartFrame(found.html, "sizes over time");
      target.append(frame);
    }
  };
  try {
    const last = await stream("history", { client, file: fileId }, draw, abort.signal);
    if (abort.signal.aborted) return;
    stop.remove();
    if (last.cancelled) {
      label.textContent = `Stopped: ${last.done} of ${total} monthly instants shown.`;
      target.dataset.state = "stopped";
    } else {
      label.textContent = total
        ? `${total} monthly instants; ${last.seconds.toFixed(1)} s.`
        : "The file has no segment that checks.";
      target.dataset.state = "done";
    }
  } catch (error) {
    if (error.name === "AbortError") return;
    stop.remove();
    label.textContent = error.message;
    target.dataset.state = "failed";
  }
}

// The history streams on one connection while the sizes, the overlap and the report take turns
// on the other: the chart starts at once, and the page never holds more than two.
async function showFile() {
  const fileId = $("#file-choice").value;
  if (!fileId) return;
  const turn = ++studio.fileTurn;
  showHistory(fileId);
  const parts = {
    sizes: (found, target) => {
      const rows = found.rows.map((r) => [r.name, number.format(r.count), percent(r.share)]);
      target.append(
        table(["segment or label", "members", "share"], rows, {
          numeric: ["members", "share"],
          onRow: (row) => openDefinition(fileId, definitionOf(row[0])),
        }),
      );
      const note = document.createElement("p");
      note.className = "note";
      note.textContent = `${number.format(found.total)} customers; ${found.seconds.toFixed(3)} s.`;
      for (const problem of found.problems) note.textContent += ` ${problem.code}: ${problem.message}.`;
      target.append(note);
    },
    overlap: (found, target) => {
      if (found.html) target.append(chartFrame(found.html, "overlap heatmap"));
    },
    report: (found, target) => {
      if (found.note) {
        target.textContent = found.note;
        return;
      }
      const rows = found.rows.map((row) => row.map((value, index) => figure(found.columns[index], value)));
      target.append(table(found.columns, rows, { numeric: found.columns.slice(1) }));
    },
  };
  for (const part of Object.keys(parts)) {
    $(`#file-${part}`).dataset.state = "waiting";
    $(`#file-${part}`).textContent = "waiting…";
  }
  for (const [part, render] of Object.entries(parts)) {
    if (turn !== studio.fileTurn) return; // another file (or the same again) was asked for
    await filePart(fileId, part, $(`#file-${part}`), render);
  }
}

// -- members ------------------------------------------------------------------------------------

async function lookUp(event) {
  event.preventDefault();
  const key = $("#member-key").value.trim();
  const target = $("#member-result");
  if (!key) return;
  target.dataset.state = "running";
  target.textContent = "looking up…";
  try {
    const found = await call("member", { client, key });
    if (found.cancelled) return;
    target.replaceChildren();
    renderMember(found, target);
    target.dataset.state = "done";
  } catch (error) {
    target.dataset.state = "failed";
    target.textContent = error.message;
  }
}

function renderMember(found, target) {
  if (!found.found) {
    target.textContent = `No customer has the key ${found.key}.`;
    return;
  }
  const attributes = document.createElement("div");
  attributes.append(table(["attribute", "value"], Object.entries(found.attributes)));
  const memberships = document.createElement("div");
  for (const file of found.files) {
    const segments = file.memberships.filter((m) => m.kind === "segment");
    const inside = segments.filter((m) => m.member);
    const title = document.createElement("h4");
    title.textContent = `${file.label}: in ${inside.length} of ${segments.length} segments`;
    // The segments the customer is in first, then the partitions' labels, then the others.
    const ordered = [...inside, ...file.memberships.filter((m) => m.kind === "partition"), ...segments.filter((m) => !m.member)];
    const rows = ordered.map((m) => [m.name, m.kind === "segment" ? (m.member ? "✓ member" : "–") : `label "${m.label}"`]);
    const shown = table(["definition", "membership"], rows, { onRow: (row) => explain(file.id, row[0], found.key) });
    shown.querySelectorAll("tbody tr").forEach((tr, index) => tr.classList.toggle("member", Boolean(ordered[index].member)));
    memberships.append(title, shown);
  }
  const why = document.createElement("div");
  why.id = "why";
  why.innerHTML = '<p class="note">Click a row to see why.</p>';
  target.append(attributes, memberships, why);
}

// Why the customer is (or is not) in a segment, or has their label: `segdsl why`'s tree.
async function explain(fileId, name, key) {
  const target = $("#why");
  target.dataset.state = "running";
  target.textContent = "explaining…";
  try {
    const found = await call("why", { client, file: fileId, name, key });
    if (found.cancelled) return;
    const pre = document.createElement("pre");
    pre.textContent = found.text;
    const open = document.createElement("button");
    open.textContent = `Open ${name} in the editor`;
    open.addEventListener("click", () => openDefinition(fileId, name));
    target.replaceChildren(pre, open);
    target.dataset.state = "done";
  } catch (error) {
    target.dataset.state = "failed";
    target.textContent = error.message;
  }
}

// -- views --------------------------------------------------------------------------------------

function showView(name) {
  for (const view of ["editor", "file", "members"]) {
    $(`#view-${view}`).hidden = view !== name;
    $(`#tab-${view}`).setAttribute("aria-selected", String(view === name));
  }
  if (name === "file") showFile();
}

const editor = new Editor($("#editor"), {
  onChange: () => scheduleAnswer(),
  onAnalysis: (diagnostics, error) => {
    if (error) failure(error);
  },
  onFormat: () => formatText(),
});

async function start() {
  $("#message button").addEventListener("click", () => ($("#message").hidden = true));
  for (const view of ["editor", "file", "members"]) {
    $(`#tab-${view}`).addEventListener("click", () => showView(view));
  }
  $("#new-condition").addEventListener("click", newCondition);
  $("#new-segment").addEventListener("click", openAddDialog);
  $("#add-form").addEventListener("submit", addSegment);
  $("#add-cancel").addEventListener("click", () => $("#add-dialog").close());
  $("#format").addEventListener("click", formatText);
  $("#save").addEventListener("click", save);
  $("#copy").addEventListener("click", copySql);
  $("#file-choice").addEventListener("change", showFile);
  $("#member-form").addEventListener("submit", lookUp);
  $("#dialect").addEventListener("change", (event) => {
    studio.dialect = event.target.value;
    refreshSql();
  });
  let state;
  try {
    state = await call("state");
  } catch (error) {
    failure(error);
    return;
  }
  studio.files = state.files;
  studio.dialect = state.dialect;
  $("#database").textContent = state.database;
  $("#dialect").replaceChildren(...state.dialects.map((d) => new Option(d, d, d === state.dialect, d === state.dialect)));
  renderFiles();
  newCondition();
  document.body.dataset.ready = "true";
}

start();
