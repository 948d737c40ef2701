#!/usr/bin/env python3
"""Checks that every dependency's licence is one Samspill may ship under AGPL-3.0-or-later.

Rust crates come from `cargo metadata` (the `license` field, an SPDX expression; old crates
still write `MIT/Apache-2.0`, which means OR). The web app's packages are those `npm ls` lists
for production (what the browser receives), each read from its package.json. A licence outside
ALLOWED, or a package without one, fails with the package named.

Advisories (RustSec, npm audit) are not checked here: the RustSec database lives on GitHub and
the npm audit endpoint refuses requests from this network (405); see issue 15's note.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Permissive licences, and the weak copyleft ones that allow use from AGPL code as a library.
ALLOWED = {
    "0BSD", "AGPL-3.0-or-later", "Apache-2.0", "Apache-2.0 WITH LLVM-exception", "BSD-1-Clause",
    "BSD-2-Clause", "BSD-3-Clause", "BSL-1.0", "CC0-1.0", "CC-BY-4.0", "CDLA-Permissive-2.0",
    "ISC", "LGPL-2.1-or-later", "MIT", "MIT-0", "MPL-2.0", "OFL-1.1", "Python-2.0",
    "Unicode-3.0", "Unicode-DFS-2016", "Unlicense", "Zlib", "zlib-acknowledgement",
    "BlueOak-1.0.0",
}


def tokens(expression: str) -> list[str]:
    # "A WITH B" is one licence; "/" is the old spelling of OR.
    expression = re.sub(r"\s+WITH\s+", "\u00a0WITH\u00a0", expression.replace("/", " OR "))
    return re.findall(r"\(|\)|[^\s()]+", expression)


def allowed(expression: str) -> bool:
    """Evaluates an SPDX expression: OR needs one allowed side, AND needs both."""
    items = tokens(expression)
    position = 0

    def term() -> bool:
        nonlocal position
        item = items[position]
        position += 1
        if item == "(":
            value = either()
            position += 1  # ")"
            return value
        return item.replace("\u00a0", " ") in ALLOWED

    def both() -> bool:
        nonlocal position
        value = term()
        while position < len(items) and items[position] == "AND":
            position += 1
            value = term() and value
        return value

    def either() -> bool:
        nonlocal position
        value = both()
        while position < len(items) and items[position] == "OR":
            position += 1
            value = both() or value
        return value

    return either()


def rust_packages() -> list[tuple[str, str | None]]:
    metadata = subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--locked"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    return [(f"{p['name']} {p['version']}", p.get("license")) for p in json.loads(metadata)["packages"]]


def npm_packages() -> list[tuple[str, str | None]]:
    frontend = ROOT / "frontend"
    if not (frontend / "node_modules").is_dir():
        print("licences: frontend/node_modules is not installed; web app packages not checked")
        return []
    listing = subprocess.run(
        ["npm", "ls", "--omit=dev", "--all", "--parseable"],
        cwd=frontend, check=False, capture_output=True, text=True,
    ).stdout
    found = []
    for line in listing.splitlines()[1:]:
        manifest = json.loads((Path(line) / "package.json").read_text())
        licence = manifest.get("license")
        if isinstance(licence, dict):
            licence = licence.get("type")
        found.append((f"{manifest['name']} {manifest['version']} (npm)", licence))
    return found


def main() -> int:
    packages = rust_packages() + npm_packages()
    refused = [(name, licence) for name, licence in packages if not licence or not allowed(licence)]
    for name, licence in refused:
        print(f"licences: {name}: {licence or 'no licence given'} is not on the allowed list")
    print(f"licences: {len(packages) - len(refused)} of {len(packages)} packages allowed")
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main())
