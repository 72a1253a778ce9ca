#!/usr/bin/env bash
# Package the VS Code extension as editors/vscode/segdsl-VERSION.vsix (CI runs this: .ci/run).
# The TextMate grammar is generated from the lexicon (python editors/generate.py), the grammar
# and the client are tested by tests/editors/.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
npx vsce package
