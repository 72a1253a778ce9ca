#!/usr/bin/env bash
# Build the studio's page into segdsl/studio/static/ from the locked npm packages (or into the
# folder given). tests/studio/test_bundle.py checks that the shipped files are what this builds.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
node build.mjs "$@"
