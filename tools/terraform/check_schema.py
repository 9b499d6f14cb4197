#!/usr/bin/env python3
"""Offline stand-in for `terraform validate`: every name used exists.

- Each resource, data source and provider block uses only argument and block names of the AWS
  provider schema (from @cdktf/provider-aws, see provider_schema.py), nested blocks and dynamic
  blocks included, and sets every required argument.
- lifecycle.ignore_changes names real arguments.
- Every reference resolves: var.*, local.*, module.<call>.<output>, data.<type>.<name>.<attribute>,
  <type>.<name>.<attribute> (attributes from the schema), dynamic-block iterators.
- Each call of a local module passes only variables the module declares, and all that have no
  default.

Usage: check_schema.py SCHEMA_JSON TERRAFORM_DIR
"""
import json
import sys
from pathlib import Path

from tfconfig import CheckFailed, Module, all_module_dirs, report, traversal_names

RESOURCE_META_ATTRIBUTES = {"count", "for_each", "depends_on", "provider"}
RESOURCE_META_BLOCKS = {"lifecycle", "provisioner", "connection"}
MODULE_META_ARGUMENTS = {"source", "version", "count", "for_each", "depends_on", "providers"}
ALWAYS_IN_SCOPE = {"each", "count", "path", "self", "terraform"}
BUILTIN_RESOURCES = {"terraform_data"}


class SchemaCheck:
    def __init__(self, schema):
        self.schema = schema
        self.problems = []

    def problem(self, where, text):
        self.problems.append(f"{where}: {text}")

    # --- names in blocks ---------------------------------------------------------------

    def check_body(self, block, body, node, what, top):
        for name in body["attributes"]:
            if top and name in RESOURCE_META_ATTRIBUTES:
                continue
            if name in node["arguments"]:
                continue
            if name in node["blocks"]:
                self.problem(block.where, f"{what}: `{name}` is a block, not an argument")
            else:
                self.problem(block.where, f"{what}: the AWS provider has no argument `{name}` here")
        present = set(body["attributes"])
        for nested in body["blocks"]:
            btype = nested["type"]
            line = f"{block.path}:{nested['line']}"
            if top and btype in RESOURCE_META_BLOCKS:
                if btype == "lifecycle":
                    self.check_lifecycle(nested, node, what, line)
                continue
            if btype == "dynamic":
                name = nested["labels"][0]
                present.add(name)
                if name not in node["blocks"]:
                    self.problems.append(f"{line}: {what}: the AWS provider has no block `{name}` here")
                    continue
                for content in nested["body"]["blocks"]:
                    if content["type"] == "content":
                        self.check_body(block, content["body"], node["blocks"][name], f"{what}.{name}", False)
                continue
            present.add(btype)
            if btype in node.get("attribute_blocks", {}):
                self.check_body(block, nested["body"], node["attribute_blocks"][btype], f"{what}.{btype}", False)
                continue
            if btype not in node["blocks"]:
                hint = " (it is an argument: write `= ...`)" if btype in node["arguments"] else ""
                self.problems.append(f"{line}: {what}: the AWS provider has no block `{btype}` here{hint}")
                continue
            self.check_body(block, nested["body"], node["blocks"][btype], f"{what}.{btype}", False)
        for name in node.get("required", []):
            if name not in present and name != "id":
                self.problem(block.where, f"{what}: required `{name}` is not set")

    def check_lifecycle(self, lifecycle, node, what, line):
        for attr in ("ignore_changes", "replace_triggered_by"):
            expr = lifecycle["body"]["attributes"].get(attr)
            if not expr or attr == "replace_triggered_by":
                continue
            for item in expr.get("items", []):
                if item.get("kind") != "traversal":
                    continue
                name = item["traversal"][0]
                if name not in node["arguments"] and name not in node["blocks"]:
                    self.problems.append(f"{line}: {what}: lifecycle.ignore_changes names `{name}`, which the resource does not have")

    def check_module_blocks(self, module):
        for block in module.blocks:
            if block.type in ("resource", "data"):
                rtype = block.labels[0]
                kind = "resource" if block.type == "resource" else "data"
                if rtype in BUILTIN_RESOURCES and kind == "resource":
                    continue
                node = self.schema[kind].get(rtype)
                if node is None:
                    noun = "resource type" if kind == "resource" else "data source"
                    self.problem(block.where, f"the AWS provider {self.schema['provider_version']} has no {noun} `{rtype}`")
                    continue
                what = f"{'data.' if kind == 'data' else ''}{rtype}.{block.labels[1]}"
                self.check_body(block, block.body, node, what, True)
            elif block.type == "provider" and block.labels[0] == "aws":
                node = self.schema["provider"]
                self.check_body(block, block.body, node, 'provider "aws"', True)

    # --- references --------------------------------------------------------------------

    def check_references(self, module, modules_by_dir):
        variables = module.variables
        local_names = set(module.locals)
        calls = module.module_calls
        resources = module.resources
        data_sources = module.data_sources
        for block in module.blocks:
            self.check_refs_in_body(module, block, block.body, set(), variables, local_names, calls,
                                    resources, data_sources, modules_by_dir)

    def check_refs_in_body(self, module, block, body, iterators, *scope):
        for name, expr in body["attributes"].items():
            if block.type == "variable" and name == "type" and body is block.body:
                continue  # type constraints are keywords (string, number, ...), not references
            for ref in expr["refs"]:
                self.check_ref(module, block, ref, iterators, *scope)
        for nested in body["blocks"]:
            inner = set(iterators)
            if nested["type"] == "dynamic":
                iterator = nested["body"]["attributes"].get("iterator")
                inner.add(iterator["traversal"][0] if iterator else nested["labels"][0])
                # for_each of a dynamic block is evaluated outside its own iterator
                for_each = nested["body"]["attributes"].get("for_each")
                if for_each:
                    for ref in for_each["refs"]:
                        self.check_ref(module, block, ref, iterators, *scope)
                content = [b for b in nested["body"]["blocks"] if b["type"] == "content"]
                for c in content:
                    self.check_refs_in_body(module, block, c["body"], inner, *scope)
                continue
            if block.type == "resource" and nested["type"] == "lifecycle":
                continue  # ignore_changes holds attribute names, checked above
            self.check_refs_in_body(module, block, nested["body"], inner, *scope)

    def check_ref(self, module, block, ref, iterators, variables, local_names, calls, resources,
                  data_sources, modules_by_dir):
        names = traversal_names(ref)
        root = names[0]
        if root in ALWAYS_IN_SCOPE or root in iterators:
            return
        if block.type == "output" and root == "output":
            return
        if root == "var":
            if len(names) < 2 or names[1] not in variables:
                self.problem(block.where, f"reference to undeclared variable `{'.'.join(names[:2])}`")
        elif root == "local":
            if len(names) < 2 or names[1] not in local_names:
                self.problem(block.where, f"reference to undeclared local `{'.'.join(names[:2])}`")
        elif root == "module":
            call = calls.get(names[1]) if len(names) > 1 else None
            if call is None:
                self.problem(block.where, f"reference to undeclared module `{'.'.join(names[:2])}`")
                return
            callee = modules_by_dir.get(module.module_dir(call))
            if callee is not None and len(names) > 2 and names[2] not in callee.outputs:
                self.problem(block.where, f"module `{names[1]}` has no output `{names[2]}`")
        elif root == "data":
            if len(names) < 3 or (names[1], names[2]) not in data_sources:
                self.problem(block.where, f"reference to undeclared data source `{'.'.join(names[:3])}`")
                return
            self.check_attribute(block, "data", names[1], names[3:4])
        elif root.startswith("aws_") or root in BUILTIN_RESOURCES:
            if len(names) < 2 or (root, names[1]) not in resources:
                self.problem(block.where, f"reference to undeclared resource `{'.'.join(names[:2])}`")
                return
            self.check_attribute(block, "resource", root, names[2:3])
        else:
            self.problem(block.where, f"reference `{'.'.join(names)}` is to nothing in scope")

    def check_attribute(self, block, kind, rtype, attribute):
        if not attribute or rtype in BUILTIN_RESOURCES:
            return
        node = self.schema[kind].get(rtype)
        if node is not None and attribute[0] not in node["attributes"]:
            self.problem(block.where, f"`{rtype}` has no attribute `{attribute[0]}`")

    # --- module calls --------------------------------------------------------------------

    def check_module_calls(self, module, modules_by_dir):
        for name, call in module.module_calls.items():
            callee_dir = module.module_dir(call)
            if callee_dir is None:
                self.problem(call.where, f"module `{name}` must use a local source (./ or ../)")
                continue
            callee = modules_by_dir.get(callee_dir)
            if callee is None:
                self.problem(call.where, f"module `{name}`: no module at {module.rel(callee_dir)}")
                continue
            declared = callee.variables
            passed = set(call.attributes) - MODULE_META_ARGUMENTS
            for arg in sorted(passed - set(declared)):
                self.problem(call.where, f"module `{name}` ({module.rel(callee_dir)}) has no variable `{arg}`")
            for var_name, var in sorted(declared.items()):
                if "default" not in var.attributes and var_name not in passed:
                    self.problem(call.where, f"module `{name}` needs variable `{var_name}`, which has no default")


def main(schema_path, terraform_dir):
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    check = SchemaCheck(schema)
    try:
        modules = {d: Module(d) for d in all_module_dirs(terraform_dir)}
    except CheckFailed as e:
        report("provider schema", [str(e)])
        return
    for module in modules.values():
        check.check_module_blocks(module)
        check.check_references(module, modules)
        check.check_module_calls(module, modules)
    count = sum(len(m.blocks) for m in modules.values())
    if not check.problems:
        print(f"checked {count} blocks in {len(modules)} modules against AWS provider {schema['provider_version']}")
    report("provider schema and references", [p.replace(str(Path(terraform_dir).resolve().parent) + "/", "") for p in check.problems])


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
