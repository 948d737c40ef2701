#!/usr/bin/env python3
"""Validate an OCDS 1.1 release package (or a single release) against the official
OCDS 1.1.5 release-package and release JSON schemas, fully offline.

Usage:
    python validate.py PATH [--release] [--extension-schema PATCH.json ...]
                            [--strict-additional] [--schema-dir DIR]

The schemas are read from ./schema/1__1__5/ next to this file (see README.md
for where they come from). Nothing is fetched from the network: the single external
$ref (release-package-schema.json -> release-schema.json) is served from a local
registry, and any other remote $ref is refused with an error.

The validation semantics follow the OCDS Data Review Tool (lib-cove / libcoveocds):
  * JSON Schema draft 4, with format checking of "date-time" (RFC 3339, via
    rfc3339-validator) and "uri" (RFC 3987, via rfc3987);
  * "integer" accepts only JSON integers (1.0 is not an integer);
  * "uniqueItems" on arrays of objects means "unique id" (and, for the releases array
    of a package, "unique (ocid, id)"), as lib-cove reports it.

On top of schema errors it reports, as warnings:
  * additional fields (fields the schema doesn't define) -- OCDS 1.1 allows them, but
    they usually mean a typo or an undeclared extension; --strict-additional turns
    them into errors;
  * deprecated fields;
  * declared `extensions`, which are NOT fetched (offline). Pass the extension's
    release-schema.json patch with --extension-schema to validate its fields.

Exit status: 0 = valid, 1 = validation errors, 2 = unusable input / usage error.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from pathlib import Path

import jsonschema
from jsonschema import Draft4Validator, ValidationError
from referencing import Registry
from referencing.exceptions import NoSuchResource, Unresolvable
from referencing.jsonschema import DRAFT4

HERE = Path(__file__).resolve().parent
DEFAULT_SCHEMA_DIR = HERE / "schema" / "1__1__5"
RELEASE_SCHEMA_FILE = "release-schema.json"
PACKAGE_SCHEMA_FILE = "release-package-schema.json"

IDENT_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


# --------------------------------------------------------------------------- helpers


def json_path(parts) -> str:
    """Render a jsonschema error path (deque of keys/indices) as a JSONPath string."""
    out = "$"
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif IDENT_RE.match(part):
            out += f".{part}"
        else:
            out += "[" + json.dumps(part, ensure_ascii=False) + "]"
    return out


def short(value, limit=80) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def merge_patch(target, patch):
    """RFC 7386 JSON Merge Patch, which is how OCDS extensions patch the release schema."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def reject_constant(name):
    raise ValueError(f"{name} is not valid JSON")


def load_json(path: Path):
    with path.open("rb") as f:
        raw = f.read()
    if raw.startswith(b"\xef\xbb\xbf"):
        raise ValueError("file starts with a UTF-8 byte order mark; OCDS JSON must be UTF-8 without BOM")
    return json.loads(raw.decode("utf-8"), parse_constant=reject_constant)


# ------------------------------------------------------------------ validator class

def _is_integer(checker, instance):  # noqa: ARG001
    return isinstance(instance, int) and not isinstance(instance, bool)


def _unique_ids(validator, unique, instance, schema):
    """lib-cove's uniqueItems: for arrays of objects with ids, ids must be unique."""
    if not unique or not validator.is_type(instance, "array"):
        return
    items_ref = schema.get("items", {}).get("$ref", "") if isinstance(schema.get("items"), dict) else ""
    id_names = ("ocid", "id") if items_ref.endswith("release-schema.json") else ("id",)

    seen, dupes, plain_check_done = set(), [], False
    for item in instance:
        ids = tuple(item.get(n) for n in id_names) if isinstance(item, dict) else None
        if ids and all(i is not None and not isinstance(i, (dict, list)) for i in ids):
            if ids in seen and ids not in dupes:
                dupes.append(ids)
            seen.add(ids)
        elif not plain_check_done:
            plain_check_done = True
            # Fall back to the standard check for items without ids.
            canon = [json.dumps(i, sort_keys=True) for i in instance]
            if len(set(canon)) != len(canon):
                yield ValidationError(f"{short(instance)} has non-unique elements")
                return
    for ids in dupes:
        label = ", ".join(id_names)
        yield ValidationError(f"Non-unique {label} value(s): {', '.join(map(str, ids))}")


OCDSValidator = jsonschema.validators.extend(
    Draft4Validator,
    validators={"uniqueItems": _unique_ids},
    type_checker=Draft4Validator.TYPE_CHECKER.redefine("integer", _is_integer),
)


def check_format_deps() -> None:
    """Without these packages jsonschema silently skips date-time / uri checks."""
    checkers = Draft4Validator.FORMAT_CHECKER.checkers
    missing = [fmt for fmt in ("date-time", "uri") if fmt not in checkers]
    if missing:
        sys.exit(
            "error: jsonschema cannot check format(s) "
            + ", ".join(missing)
            + "; install the pinned requirements.txt (rfc3339-validator, rfc3987)"
        )


def without_dialect(schema: dict) -> dict:
    """Drop "$schema" (draft-04 is implied).

    When a $ref crosses into a schema that declares "$schema", jsonschema re-picks the
    validator class from that URI (Validator.evolve -> validator_for), which would
    silently swap OCDSValidator's uniqueItems/integer rules back to plain Draft 4 for
    everything inside the release schema.
    """
    schema = dict(schema)
    schema.pop("$schema", None)
    return schema


def build_registry(release_schema: dict, package_schema: dict) -> Registry:
    def refuse(uri: str):
        raise NoSuchResource(ref=uri)  # offline: never fetch anything

    resources = []
    for schema in (release_schema, package_schema):
        resource = DRAFT4.create_resource(schema)
        uri = schema["id"]
        resources.append((uri, resource))
        # Some data/tools use the http:// form of the canonical URL.
        resources.append((uri.replace("https://", "http://", 1), resource))
    return Registry(retrieve=refuse).with_resources(resources)


# ------------------------------------------------------- additional/deprecated fields


class FieldWalker:
    """Walk data alongside the (non-dereferenced) release schema, like cove's
    'additional fields' and 'deprecated fields' reports."""

    def __init__(self, release_schema: dict):
        self.root = release_schema
        self.additional: list[str] = []
        self.deprecated: list[tuple[str, str]] = []

    def resolve(self, schema: dict) -> dict:
        while isinstance(schema, dict) and "$ref" in schema:
            ref = schema["$ref"]
            if not ref.startswith("#/"):
                return {}
            node = self.root
            for part in ref[2:].split("/"):
                node = node[part]
            # Sibling keywords of $ref (title, deprecated, ...) are kept for reporting.
            merged = {k: v for k, v in schema.items() if k != "$ref"}
            schema = {**node, **{k: v for k, v in merged.items() if k == "deprecated"}}
        return schema

    def walk(self, data, schema: dict, path: list):
        schema = self.resolve(schema)
        if isinstance(data, dict):
            props = schema.get("properties", {})
            patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
            for key, value in data.items():
                if key in props:
                    sub = props[key]
                    if isinstance(sub, dict):
                        dep = sub.get("deprecated") or self.resolve(sub).get("deprecated")
                        if dep and value is not None:
                            self.deprecated.append(
                                (json_path(path + [key]), dep.get("description", "") if isinstance(dep, dict) else "")
                            )
                    self.walk(value, sub, path + [key])
                elif any(p.search(key) for p in patterns):
                    continue
                elif schema.get("additionalProperties") is False:
                    continue  # already a schema error
                elif props or patterns:
                    self.additional.append(json_path(path + [key]))
        elif isinstance(data, list):
            items = schema.get("items")
            if isinstance(items, dict):
                for i, value in enumerate(data):
                    self.walk(value, items, path + [i])


# --------------------------------------------------------------------------- main


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path, help="release package JSON file (or a single release with --release)")
    parser.add_argument("--release", action="store_true", help="the file is a single release, not a package")
    parser.add_argument(
        "--extension-schema",
        action="append",
        type=Path,
        default=[],
        metavar="PATCH",
        help="a local OCDS extension release-schema.json (JSON Merge Patch) to apply; repeatable",
    )
    parser.add_argument(
        "--strict-additional", action="store_true", help="treat fields not in the schema as errors"
    )
    parser.add_argument(
        "--schema-dir", type=Path, default=DEFAULT_SCHEMA_DIR, help="directory holding the two schema files"
    )
    args = parser.parse_args(argv)

    check_format_deps()

    try:
        release_schema = load_json(args.schema_dir / RELEASE_SCHEMA_FILE)
        package_schema = load_json(args.schema_dir / PACKAGE_SCHEMA_FILE)
        for patch_path in args.extension_schema:
            release_schema = merge_patch(release_schema, load_json(patch_path))
    except (OSError, ValueError) as e:
        print(f"error: cannot load schema: {e}", file=sys.stderr)
        return 2

    try:
        data = load_json(args.path)
    except OSError as e:
        print(f"error: cannot read {args.path}: {e}", file=sys.stderr)
        return 2
    except ValueError as e:
        print(f"ERROR $: {args.path} is not valid JSON: {e}")
        return 1

    is_release = args.release or (isinstance(data, dict) and "releases" not in data and "ocid" in data)
    if isinstance(data, dict) and "records" in data and not args.release:
        print("error: this is a record package; only release packages and releases are supported", file=sys.stderr)
        return 2

    release_schema = without_dialect(release_schema)
    package_schema = without_dialect(package_schema)
    registry = build_registry(release_schema, package_schema)
    schema = release_schema if is_release else package_schema
    validator = OCDSValidator(schema, registry=registry, format_checker=Draft4Validator.FORMAT_CHECKER)

    errors: list[tuple[str, str]] = []
    try:
        for err in validator.iter_errors(data):
            where = json_path(err.absolute_path)
            keyword = err.validator
            if keyword == "format":
                msg = f"{short(err.instance)} is not a valid '{err.validator_value}'"
                if err.validator_value == "date-time":
                    msg += " (RFC 3339 date-time with a time zone, e.g. 2024-05-01T09:00:00Z)"
            elif keyword == "enum" and len(err.validator_value) > 12:
                msg = f"{short(err.instance)} is not one of the {len(err.validator_value)} codes of the closed codelist"
                codelist = err.schema.get("codelist")
                if codelist:
                    msg += f" {codelist}"
            else:
                msg = err.message
            errors.append((where, f"{msg} [{keyword}]"))
    except Unresolvable as e:
        print(f"error: unresolvable $ref (remote refs are not fetched offline): {e}", file=sys.stderr)
        return 2

    # Warnings: additional / deprecated fields, declared extensions, version.
    warnings: list[tuple[str, str]] = []
    walker = FieldWalker(release_schema)
    releases = []
    if is_release:
        releases = [([], data)]
    elif isinstance(data, dict) and isinstance(data.get("releases"), list):
        releases = [(["releases", i], r) for i, r in enumerate(data["releases"])]
        version = data.get("version")
        if version != "1.1":
            warnings.append(("$.version", f"is {short(version)}; this validator checks OCDS 1.1 (absent means 1.0)"))
        declared = data.get("extensions") or []
        if isinstance(declared, list):
            for url in declared:
                applied = "a local patch was applied via --extension-schema" if args.extension_schema else (
                    "not fetched (offline), so its fields are only checked as additional fields"
                )
                warnings.append(("$.extensions", f"{url}: {applied}"))
    for prefix, release in releases:
        walker.walk(release, release_schema, list(prefix))
    for where in walker.additional:
        msg = "additional field, not defined in the OCDS 1.1 release schema (or in a loaded extension)"
        if args.strict_additional:
            errors.append((where, msg))
        else:
            warnings.append((where, msg))
    for where, why in walker.deprecated:
        warnings.append((where, f"deprecated field. {why}".strip()))

    for where, msg in sorted(errors):
        print(f"ERROR {where}: {msg}")
    for where, msg in warnings:
        print(f"WARN  {where}: {msg}")

    # Per-release summary.
    for prefix, release in releases:
        p = json_path(prefix)
        n = sum(1 for where, _ in errors if where == p or where.startswith(p + ".") or where.startswith(p + "["))
        ident = f"ocid={release.get('ocid')!r} id={release.get('id')!r}" if isinstance(release, dict) else ""
        print(f"{'FAIL' if n else 'ok  '} {p} {ident}: {n} error(s)")

    kind = "release" if is_release else "release package"
    if errors:
        print(f"{args.path}: INVALID {kind}: {len(errors)} error(s), {len(warnings)} warning(s)")
        return 1
    print(f"{args.path}: valid OCDS 1.1 {kind} (schema 1.1.5): 0 errors, {len(warnings)} warning(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
