#!/usr/bin/env python3
"""What the build downloads is pinned by hash, not only by version (issue 16, item 10).

- Maven wrapper: .mvn/wrapper/maven-wrapper.properties has distributionSha256Sum (the wrapper
  checks the downloaded Maven against it), and wrapperSha256Sum unless the wrapper is script-only
  (no wrapper jar to check).
- pip: every package of each lock (tools/requirements-lock.txt, tools/terraform/requirements-iac-lock.txt,
  tools/worker/requirements-lock.txt)
  is pinned with == and at least one sha256 hash; every requirement of its requirements file is in
  it at the same version; the make recipe that fills the venv installs the lock with
  --require-hashes and nothing else.
- Native builder image and the Terraform examples' provider lock files: pinned when possible;
  when not (see docs/native.md and terraform/README.md), said so as a note.

Usage: check_supply_chain.py [REPO_ROOT]
"""
import re
import sys
from pathlib import Path

LOCKS = {
    # lock file: (requirements file it is made from, make file whose recipe installs it)
    "tools/requirements-lock.txt": ("tools/requirements.txt", "Makefile"),
    "tools/terraform/requirements-iac-lock.txt": ("tools/terraform/requirements-iac.txt", "mk/terraform.mk"),
    "tools/worker/requirements-lock.txt": ("tools/worker/requirements.txt", "mk/worker.mk"),
}
REQUIREMENT = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;\\]+)")


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def properties(path):
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            key, value = line.split("=", 1)
            values[key.strip()] = value.strip()
    return values


def check_wrapper(root, problems):
    path = root / ".mvn/wrapper/maven-wrapper.properties"
    props = properties(path)
    if not re.fullmatch(r"[0-9a-f]{64}", props.get("distributionSha256Sum", "")):
        problems.append(f"{path.relative_to(root)}: no distributionSha256Sum (the SHA-256 of {props.get('distributionUrl', 'the Maven zip')})")
    if props.get("distributionType") != "only-script" and not re.fullmatch(r"[0-9a-f]{64}", props.get("wrapperSha256Sum", "")):
        problems.append(f"{path.relative_to(root)}: the wrapper jar is downloaded but has no wrapperSha256Sum")


def lock_entries(text):
    """{canonical name: (version, number of hashes)} of a pip-compile --generate-hashes file."""
    entries, current = {}, None
    for line in text.replace("\\\n", " ").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = REQUIREMENT.match(line)
        if not m:
            entries[f"?{line}"] = (None, 0)
            continue
        current = canonical(m.group(1))
        entries[current] = (m.group(3), len(re.findall(r"--hash=sha256:[0-9a-f]{64}", line)))
    return entries


def check_locks(root, problems):
    for lock, (requirements, makefile) in LOCKS.items():
        lock_path = root / lock
        if not lock_path.is_file():
            problems.append(f"{lock} is missing: pin every package with its hashes (make pip-lock)")
            continue
        entries = lock_entries(lock_path.read_text(encoding="utf-8"))
        for name, (version, hashes) in sorted(entries.items()):
            if version is None:
                problems.append(f"{lock}: `{name[1:]}` is not a name==version pin")
            elif hashes == 0:
                problems.append(f"{lock}: {name}=={version} has no --hash")
        for line in (root / requirements).read_text(encoding="utf-8").splitlines():
            m = REQUIREMENT.match(line.strip())
            if m and entries.get(canonical(m.group(1)), (None,))[0] != m.group(3):
                problems.append(f"{lock}: {requirements} asks for {m.group(1)}=={m.group(3)}, the lock has "
                                f"{entries.get(canonical(m.group(1)), ('nothing',))[0]}; run make pip-lock")
        recipe = (root / makefile).read_text(encoding="utf-8")
        installs = [l for l in recipe.splitlines()
                    if "pip install" in l and (Path(lock).name in l or Path(requirements).name in l)]
        if not installs:
            problems.append(f"{makefile}: no recipe installs {lock}")
        for l in installs:
            if "--require-hashes" not in l or f"-r {lock}" not in l or " -c " in l or f"-r {requirements}" in l:
                problems.append(f"{makefile}: `{l.strip()}` must be `pip install --require-hashes -r {lock}` alone")


def notes(root):
    said = []
    props = root / "src/main/resources/application.properties"
    image = re.search(r"quarkus\.native\.builder-image=(\S+)", props.read_text(encoding="utf-8")) if props.is_file() else None
    if image and "@sha256:" not in image.group(1):
        said.append(f"note: the native builder image {image.group(1)} is pinned by tag, not digest "
                    "(no digest could be verified here; docs/native.md says how to pin it)")
    for example in sorted((root / "terraform/examples").glob("*/")):
        if not (example / ".terraform.lock.hcl").is_file():
            said.append(f"note: {example.relative_to(root)} has no .terraform.lock.hcl yet "
                        "(the provider registry is out of reach here; terraform/README.md says how to make it)")
    return said


def main(root):
    root = Path(root).resolve()
    problems = []
    check_wrapper(root, problems)
    check_locks(root, problems)
    for note in notes(root):
        print(f"  {note}")
    if problems:
        print(f"supply chain: {len(problems)} problem(s)")
        for problem in problems:
            print(f"  - {problem}")
        sys.exit(1)
    print("supply chain: Maven wrapper and pip locks pinned by hash; the venvs install the locks with --require-hashes")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[1])
