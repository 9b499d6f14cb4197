#!/usr/bin/env python3
"""Validates a JSON input against one of the published schemas (statemachine/schemas/).

Usage: validate_input.py INPUT.json [SCHEMA.json]   (SCHEMA defaults to the execution input's)

Prints every problem with the path of the field it is about and exits 1, or says the input is valid.
Run by `make validate-input FILE=...`; uses the pinned jsonschema of the repo's Python venv.
"""
import json
import sys
from pathlib import Path

from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SCHEMA = ROOT / "statemachine/schemas/execution-input.schema.json"


def field_path(error):
    path = ""
    for part in error.absolute_path:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(the input)"


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__.strip().splitlines()[2])
        return 2
    source = Path(argv[1])
    schema_file = Path(argv[2]) if len(argv) == 3 else DEFAULT_SCHEMA
    try:
        document = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        print(f"{source}: cannot read it as JSON: {e}")
        return 1
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    errors = sorted(Draft202012Validator(schema).iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    for error in errors:
        # A forbidden field's schema is {"not": {}}: its description says why, the generic message does not.
        message = error.schema.get("description", error.message) if error.validator == "not" else error.message
        print(f"{source}: {field_path(error)}: {message}")
    if errors:
        print(f"{source}: {len(errors)} problem(s) against {schema_file.name}")
        return 1
    print(f"{source}: valid against {schema_file.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
