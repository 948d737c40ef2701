#!/usr/bin/env bash
# Re-derive the vendored OCDS 1.1.5 schemas from PyPI and check them against SHA256SUMS.
#
# No PyPI package installs the OCDS schemas as package data; the only copies on PyPI
# are test fixtures inside these source distributions (published by the Open
# Contracting Partnership, the schema's maintainer):
#   ocdsextensionregistry==0.7.0  tests/fixtures/release-schema.json          (1__1__5)
#   ocdskit==1.7.0                tests/fixtures/release-package-schema.json  (1__1__5)
# Needs PyPI (pip download); validate.py itself never needs the network.
#
# Usage: bash fetch_schema.sh          # verify the vendored files
#        bash fetch_schema.sh --write  # (re)write them
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dest="$here/1__1__5"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

python3 -m pip download --quiet --no-deps --no-binary :all: -d "$tmp" \
  ocdsextensionregistry==0.7.0 ocdskit==1.7.0
tar -xzf "$tmp/ocdsextensionregistry-0.7.0.tar.gz" -C "$tmp" \
  ocdsextensionregistry-0.7.0/tests/fixtures/release-schema.json
tar -xzf "$tmp/ocdskit-1.7.0.tar.gz" -C "$tmp" \
  ocdskit-1.7.0/tests/fixtures/release-package-schema.json
mkdir -p "$tmp/out"
cp "$tmp/ocdsextensionregistry-0.7.0/tests/fixtures/release-schema.json" "$tmp/out/"
cp "$tmp/ocdskit-1.7.0/tests/fixtures/release-package-schema.json" "$tmp/out/"

(cd "$tmp/out" && sha256sum -c "$dest/SHA256SUMS")
if [[ "${1:-}" == "--write" ]]; then
  cp "$tmp/out/"*.json "$dest/"
  echo "wrote $dest"
else
  (cd "$dest" && sha256sum -c SHA256SUMS)
fi
