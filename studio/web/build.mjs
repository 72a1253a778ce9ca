// Build the studio's page into segdsl/studio/static/ (or the folder given): the bundle of
// src/main.js with CodeMirror 6 (esbuild), the page and its style sheet, and the licences of the
// bundled packages. Run with `npm ci && npm run build` here (studio/web/build.sh);
// tests/studio/test_bundle.py checks that the shipped files are what this produces.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] || join(here, "..", "..", "segdsl", "studio", "static"));
mkdirSync(out, { recursive: true });

const result = await build({
  entryPoints: [join(here, "src", "main.js")],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  legalComments: "none",
  charset: "utf8",
  metafile: true,
  outfile: join(out, "studio.js"),
});

for (const name of ["index.html", "studio.css"]) {
  copyFileSync(join(here, "src", name), join(out, name));
}

// Every bundled package's licence, in one file next to the bundle.
const packages = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  const match = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (match) packages.add(match[1]);
}
const notices = [...packages].sort().map((name) => {
  const folder = join(here, "node_modules", name);
  const manifest = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"));
  const licence = readFileSync(join(folder, "LICENSE"), "utf8").trim();
  return `${name} ${manifest.version} (${manifest.license})\n\n${licence}\n`;
});
writeFileSync(join(out, "LICENSES.txt"), `The packages bundled in studio.js:\n\n${notices.join("\n---\n\n")}`);
console.log(`built ${relative(process.cwd(), out) || "."}: ${[...packages].length} packages`);
