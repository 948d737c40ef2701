#!/usr/bin/env bash
# Makes sure Debian's chromium is installed for the browser tests (Playwright drives it; no
# browser is downloaded). Installs it with apt-get when missing and we may (root), else says how.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
else
  echo "The browser tests need Debian's chromium: sudo apt-get install chromium" >&2
  exit 1
fi
