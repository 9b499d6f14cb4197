"""Read Terraform modules through hclast (the HCL parser OpenTofu uses) for the offline checks.

A Module is a directory of .tf files: its blocks (with file and line), variables, locals,
outputs, module calls, resources and data sources. Expressions are the JSON nodes hclast prints:
{"kind", "line", "refs", "value"?, ...}.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class CheckFailed(Exception):
    """A check found problems; each problem is one sentence."""


def hclast_binary():
    binary = os.environ.get("HCLAST", str(ROOT / ".tools" / "bin" / "sfa-hclast"))
    if not Path(binary).is_file():
        sys.exit(f"the HCL parser {binary} is missing; run `make terraform-tools` first")
    return binary


def parse_files(paths):
    result = subprocess.run([hclast_binary(), *map(str, paths)], capture_output=True, text=True)
    if result.returncode != 0:
        raise CheckFailed(f"HCL does not parse: {result.stderr.strip()}")
    return json.loads(result.stdout)["files"]


class Block:
    def __init__(self, node, path):
        self.type = node["type"]
        self.labels = node["labels"]
        self.line = node["line"]
        self.body = node["body"]
        self.path = path

    @property
    def where(self):
        return f"{self.path}:{self.line}"

    @property
    def attributes(self):
        return self.body["attributes"]

    def blocks(self, block_type=None):
        return [Block(b, self.path) for b in self.body["blocks"] if block_type in (None, b["type"])]


class Module:
    def __init__(self, directory):
        self.dir = Path(directory).resolve()
        files = sorted(self.dir.glob("*.tf"))
        if not files:
            raise CheckFailed(f"{self.dir} holds no .tf files")
        self.sources = {str(f): f.read_bytes() for f in files}
        self.blocks = []
        for parsed in parse_files(files):
            for node in parsed["body"]["blocks"]:
                self.blocks.append(Block(node, parsed["path"]))

    def rel(self, path):
        try:
            return str(Path(path).resolve().relative_to(ROOT))
        except ValueError:
            return str(path)

    def of_type(self, block_type):
        return [b for b in self.blocks if b.type == block_type]

    @property
    def variables(self):
        return {b.labels[0]: b for b in self.of_type("variable")}

    @property
    def outputs(self):
        return {b.labels[0]: b for b in self.of_type("output")}

    @property
    def locals(self):
        merged = {}
        for block in self.of_type("locals"):
            for name, expr in block.attributes.items():
                merged[name] = (expr, block)
        return merged

    @property
    def module_calls(self):
        return {b.labels[0]: b for b in self.of_type("module")}

    @property
    def resources(self):
        return {(b.labels[0], b.labels[1]): b for b in self.of_type("resource")}

    @property
    def data_sources(self):
        return {(b.labels[0], b.labels[1]): b for b in self.of_type("data")}

    def source_text(self, block, expr):
        start, end = expr["src"]
        return self.sources[block.path][start:end].decode("utf-8")

    def module_dir(self, call):
        source = call.attributes.get("source", {}).get("value")
        if not isinstance(source, str) or not source.startswith(("./", "../")):
            return None
        return (self.dir / source).resolve()


def all_module_dirs(terraform_dir):
    """Every directory under terraform/ that holds .tf files (tests and .terraform excluded)."""
    dirs = set()
    for tf in Path(terraform_dir).rglob("*.tf"):
        if ".terraform" in tf.parts:
            continue
        dirs.add(tf.parent.resolve())
    return sorted(dirs)


def walk_exprs(expr):
    """The expression and every expression nested in it."""
    yield expr
    for key, value in expr.items():
        if key in ("refs", "value", "src", "traversal"):
            continue
        if isinstance(value, dict) and "kind" in value:
            yield from walk_exprs(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict) and "kind" in item:
                    yield from walk_exprs(item)
                elif isinstance(item, dict):
                    for sub in item.values():
                        if isinstance(sub, dict) and "kind" in sub:
                            yield from walk_exprs(sub)


def body_exprs(body):
    """Every attribute expression of a body and of its nested blocks."""
    for expr in body["attributes"].values():
        yield expr
    for block in body["blocks"]:
        yield from body_exprs(block["body"])


def policy_statements(document):
    """(statement body, where) for the static and dynamic statement blocks of an aws_iam_policy_document."""
    for block in document.blocks():
        if block.type == "statement":
            yield block.body, block.where
        elif block.type == "dynamic" and block.labels == ["statement"]:
            for content in block.body["blocks"]:
                if content["type"] == "content":
                    yield content["body"], f"{block.path}:{content['line']}"


def traversal_names(traversal):
    """["a", {"key": 1}, "b"] -> ("a", "b"): names only, index steps dropped."""
    return tuple(step for step in traversal if isinstance(step, str))


def object_items(expr):
    """Items of an object constructor as {key: value_expr}; None if it is not one."""
    if expr.get("kind") != "object":
        return None
    items = {}
    for item in expr["items"]:
        key = item.get("key")
        if key is None:
            key_expr = item.get("key_expr", {})
            key = key_expr.get("value") if isinstance(key_expr.get("value"), str) else None
        if key is None:
            raise CheckFailed(f"object key at line {expr['line']} is not a constant")
        items[key] = item["value"]
    return items


def reference_path(expr):
    """a.b[each.key].c as ("a", "b", "[each.key]", "c"); a.b["k"] as ("a", "b", "[k]"). None if no reference."""
    expr = unwrap(expr)
    kind = expr.get("kind")
    if kind == "traversal":
        return tuple(s if isinstance(s, str) else f"[{s.get('key')}]" for s in expr["traversal"])
    if kind == "index":
        base = reference_path(expr["collection"])
        key = unwrap(expr["key"])
        if base is None:
            return None
        if "value" in key:
            return base + (f"[{key['value']}]",)
        inner = reference_path(key)
        return base + (f"[{'.'.join(inner)}]",) if inner else None
    if kind == "relative_traversal":
        base = reference_path(expr["source"])
        if base is None:
            return None
        return base + tuple(s if isinstance(s, str) else f"[{s.get('key')}]" for s in expr["traversal"])
    return None


def unwrap(expr):
    while expr.get("kind") in ("parentheses", "template_wrap"):
        expr = expr["wrapped"]
    return expr


def report(name, problems):
    """Print the outcome of a check; exit 1 when it found problems."""
    if problems:
        print(f"{name}: {len(problems)} problem(s)")
        for problem in problems:
            print(f"  - {problem}")
        sys.exit(1)
    print(f"{name}: ok")
