#!/usr/bin/env bash
# Installs the contract linters (Spectral and the OWASP ruleset, versions pinned by
# .ci/spectral/package-lock.json) into a cache directory outside the repository, once per
# lockfile, and prints that directory as its last line. ContractLintTest runs it before it
# lints; a machine with node and npm but none of the packages needs nothing else.
set -euo pipefail
SRC="$(cd "$(dirname "$0")" && pwd)/spectral"
KEY=$(cat "$SRC/package.json" "$SRC/package-lock.json" | sha256sum | cut -c1-16)
BASE="${WIJKPORTAAL_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wijkportaal}"
DIR="$BASE/spectral-$KEY"
if [ -x "$DIR/node_modules/.bin/spectral" ]; then
  echo "$DIR"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  echo "ensure-spectral: node and npm are needed for the contract linters (Node.js 18 or newer); install them first" >&2
  exit 1
fi
mkdir -p "$BASE"
TMP=$(mktemp -d "$BASE/spectral-install.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
cp "$SRC/package.json" "$SRC/package-lock.json" "$TMP/"
echo "ensure-spectral: installing the pinned Spectral packages into $DIR" >&2
(cd "$TMP" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >&2) \
  || { echo "ensure-spectral: npm ci failed (is the npm registry reachable?)" >&2; exit 1; }
# Another build may have finished the same install meanwhile: keep the first.
mv -T "$TMP" "$DIR" 2>/dev/null || true
echo "$DIR"
