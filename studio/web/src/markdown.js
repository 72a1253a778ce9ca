// The little Markdown the language service's hover uses: paragraphs, fenced code blocks,
// `code`, **bold** and *emphasis*, and "---" rules. Built as DOM nodes (never as HTML), so that
// nothing in a name or description can become markup.

function inline(text, parent) {
  const pattern = /(`[^`]+`|\*\*[^*]+\*\*|\*[^*]+\*|_[^_]+_)/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    parent.append(text.slice(last, match.index));
    const token = match[0];
    let node;
    if (token.startsWith("`")) {
      node = document.createElement("code");
      node.textContent = token.slice(1, -1);
    } else if (token.startsWith("**")) {
      node = document.createElement("strong");
      node.textContent = token.slice(2, -2);
    } else {
      node = document.createElement("em");
      node.textContent = token.slice(1, -1);
    }
    parent.append(node);
    last = match.index + token.length;
  }
  parent.append(text.slice(last));
}

export function renderMarkdown(markdown) {
  const root = document.createElement("div");
  const lines = markdown.split("\n");
  let paragraph = [];
  const flush = () => {
    if (!paragraph.length) return;
    const p = document.createElement("p");
    paragraph.forEach((line, index) => {
      if (index) p.append(document.createElement("br"));
      inline(line, p);
    });
    root.append(p);
    paragraph = [];
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    if (line.startsWith("```")) {
      flush();
      const code = [];
      for (index++; index < lines.length && !lines[index].startsWith("```"); index++) code.push(lines[index]);
      const pre = document.createElement("pre");
      pre.textContent = code.join("\n");
      root.append(pre);
    } else if (/^-{3,}\s*$/.test(line)) {
      flush();
      root.append(document.createElement("hr"));
    } else if (!line.trim()) {
      flush();
    } else {
      paragraph.push(line);
    }
  }
  flush();
  return root;
}
