"""Checks that a venv's pinned packages all run on the oldest Python the README promises.

Usage: <venv>/bin/python tools/python_floor.py FLOOR   (e.g. 3.11.0)

Run right after `pip install --require-hashes -r <lock>` with the venv's own interpreter. A pin whose
Requires-Python excludes FLOOR installs fine on a newer patch release and fails on the promised one
(soupsieve 4.1.3 wants 3.11.5; Debian 12's python3 is 3.11.2): this names every such pin, so the
locks are fixed before a user on the older Python meets it.
"""
import importlib.metadata
import sys

try:
    from packaging.specifiers import InvalidSpecifier, SpecifierSet
except ImportError:  # every venv has pip, and pip carries packaging
    from pip._vendor.packaging.specifiers import InvalidSpecifier, SpecifierSet


def too_new(floor):
    found = []
    for dist in importlib.metadata.distributions():
        spec = dist.metadata.get("Requires-Python")
        if not spec:
            continue
        try:
            admits = SpecifierSet(spec).contains(floor, prereleases=True)
        except InvalidSpecifier:
            continue  # pip ignores what it cannot parse; so do we
        if not admits:
            found.append(f"{dist.metadata['Name']}=={dist.version} requires Python {spec}")
    return sorted(found)


def main(argv):
    if len(argv) != 2:
        print("usage: python tools/python_floor.py FLOOR", file=sys.stderr)
        return 2
    floor = argv[1]
    found = too_new(floor)
    if found:
        print(f"These pins do not run on Python {floor}, the oldest this project supports; "
              "pin an older version in the lock file (make pip-lock):", file=sys.stderr)
        for line in found:
            print("  " + line, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
