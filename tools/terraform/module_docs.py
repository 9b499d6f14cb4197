#!/usr/bin/env python3
"""Inputs/Outputs tables of every module README, in terraform-docs' markdown table format.

The tables live between <!-- BEGIN_TF_DOCS --> and <!-- END_TF_DOCS --> in each README.md (as
terraform-docs' inject mode writes them); the rest of the README is written by hand.

Usage: module_docs.py --write TERRAFORM_DIR   regenerate the tables
       module_docs.py --check TERRAFORM_DIR   fail if any README's tables are missing or stale
"""
import sys
from pathlib import Path

from tfconfig import CheckFailed, Module, all_module_dirs, report

BEGIN = "<!-- BEGIN_TF_DOCS -->"
END = "<!-- END_TF_DOCS -->"


def cell(text):
    return text.replace("|", "\\|").replace("\n", " ").strip()


def code(text):
    text = text.strip()
    if "\n" in text:
        return "<pre>" + "<br/>".join(line.replace("|", "\\|") for line in text.split("\n")) + "</pre>"
    return "`" + text.replace("|", "\\|") + "`"


def anchor(kind, name):
    escaped = name.replace("_", "\\_")
    return f'<a name="{kind}_{name}"></a> [{name}](#{kind}\\_{escaped})'


def description(block):
    expr = block.attributes.get("description")
    return cell(expr["value"]) if expr and isinstance(expr.get("value"), str) else "n/a"


def render(module):
    lines = ["## Inputs", ""]
    variables = module.variables
    if variables:
        lines += ["| Name | Description | Type | Default | Required |",
                  "|------|-------------|------|---------|:--------:|"]
        for name in sorted(variables):
            var = variables[name]
            vtype = code(module.source_text(var, var.attributes["type"])) if "type" in var.attributes else "`any`"
            if "default" in var.attributes:
                default, required = code(module.source_text(var, var.attributes["default"])), "no"
            else:
                default, required = "n/a", "yes"
            lines.append(f"| {anchor('input', name)} | {description(var)} | {vtype} | {default} | {required} |")
    else:
        lines.append("No inputs.")
    lines += ["", "## Outputs", ""]
    outputs = module.outputs
    if outputs:
        lines += ["| Name | Description |", "|------|-------------|"]
        for name in sorted(outputs):
            lines.append(f"| {anchor('output', name)} | {description(outputs[name])} |")
    else:
        lines.append("No outputs.")
    return "\n".join(lines)


def main(mode, terraform_dir):
    problems = []
    for directory in all_module_dirs(terraform_dir):
        try:
            module = Module(directory)
        except CheckFailed as e:
            problems.append(str(e))
            continue
        readme = Path(directory) / "README.md"
        rel = module.rel(readme)
        tables = f"{BEGIN}\n{render(module)}\n{END}"
        text = readme.read_text(encoding="utf-8") if readme.is_file() else None
        if text is None or BEGIN not in text or END not in text:
            if mode == "--write":
                heading = f"# {Path(directory).name}\n\n" if text is None else text.rstrip() + "\n\n"
                readme.write_text(heading + tables + "\n", encoding="utf-8")
                print(f"wrote {rel}")
            else:
                problems.append(f"{rel} is missing or has no {BEGIN} ... {END} section")
            continue
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        updated = head + tables + tail
        if updated != text:
            if mode == "--write":
                readme.write_text(updated, encoding="utf-8")
                print(f"updated {rel}")
            else:
                problems.append(f"{rel}: the Inputs/Outputs tables are out of date; run `make terraform-docs`")
    report("module READMEs", problems)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("--write", "--check"):
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
