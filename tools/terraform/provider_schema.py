#!/usr/bin/env python3
"""Extract the AWS provider's resource schema from the @cdktf/provider-aws jsii assembly.

The npm package @cdktf/provider-aws is generated from `terraform providers schema -json` of the
hashicorp/aws provider; its `.jsii` file keeps, for every resource and data source, a class and a
config struct whose properties link to the registry docs with the Terraform name as the anchor
(`.../resources/lambda_function#function_name`). From that we rebuild, per type, the argument and
block names (recursively) and the attributes that can be referenced (arguments + computed).

Usage: provider_schema.py JSII_FILE OUT_JSON
"""
import json
import re
import sys

ANCHOR = re.compile(r"/docs/(?:resources|data-sources)/[a-z0-9_]+#([a-z0-9_]+)")
TYPE_LINK = re.compile(r"/docs/(resources|data-sources)/([a-z0-9_]+) (aws_[a-z0-9_]+)\}")
META_ARGUMENTS = {"count", "dependsOn", "forEach", "lifecycle", "provider", "provisioners", "connection"}


def snake(camel):
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", camel).lower()


def terraform_name(prop):
    docs = prop.get("docs", {})
    for text in (docs.get("summary", ""), docs.get("remarks", "")):
        m = ANCHOR.search(text)
        if m:
            return m.group(1)
    return snake(prop["name"])


def struct_fqn(type_ref):
    """The struct a property refers to (directly, as a list/set of it, or in a union), if any."""
    if "fqn" in type_ref:
        return type_ref["fqn"]
    if "collection" in type_ref:
        return struct_fqn(type_ref["collection"]["elementtype"])
    if "union" in type_ref:
        for member in type_ref["union"]["types"]:
            fqn = struct_fqn(member)
            if fqn and not fqn.startswith("cdktf."):
                return fqn
    return None


def schema_of(types, fqn, seen=()):
    """Arguments and blocks of a config struct; blocks recurse into their own struct."""
    out = {"arguments": [], "blocks": {}, "required": [], "attribute_blocks": {}}
    struct = types.get(fqn)
    if struct is None or fqn in seen:
        return out
    for prop in struct.get("properties", []):
        if prop["name"] in META_ARGUMENTS and fqn.endswith("Config"):
            continue
        name = terraform_name(prop)
        nested = struct_fqn(prop["type"])
        is_block = prop.get("docs", {}).get("summary", "").endswith(" block.")
        if is_block:
            out["blocks"][name] = schema_of(types, nested, seen + (fqn,)) if nested and nested in types \
                else {"arguments": [], "blocks": {}, "required": [], "attribute_blocks": {}}
        else:
            out["arguments"].append(name)
            if nested and nested in types and types[nested].get("datatype"):
                # An object-typed argument (e.g. aws_security_group.egress) may also be written
                # in block syntax (the provider's "attributes as blocks" mode).
                out["attribute_blocks"][name] = schema_of(types, nested, seen + (fqn,))
        if not prop.get("optional"):
            out["required"].append(name)
    out["arguments"].sort()
    out["required"].sort()
    return out


def main(jsii_path, out_path):
    with open(jsii_path, encoding="utf-8") as f:
        assembly = json.load(f)
    types = assembly["types"]
    schema = {"provider_version": None, "resource": {}, "data": {}, "provider": {}}
    kinds = {"cdktf.TerraformResource": "resource", "cdktf.TerraformDataSource": "data"}
    for cls in types.values():
        if cls.get("kind") != "class":
            continue
        summary = cls.get("docs", {}).get("summary", "")
        config = None
        for param in cls.get("initializer", {}).get("parameters", []):
            if param["name"] == "config":
                config = param["type"].get("fqn")
        if cls.get("base") == "cdktf.TerraformProvider":
            m = re.search(r"/hashicorp/aws/([0-9.]+)/docs", summary)
            schema["provider_version"] = m and m.group(1)
            schema["provider"] = schema_of(types, config)
            continue
        kind = kinds.get(cls.get("base"))
        m = TYPE_LINK.search(summary)
        if not kind or not m or not config:
            continue
        tf_type = m.group(3)
        entry = schema_of(types, config)
        # Referenceable attributes: the arguments plus the computed getters of the class.
        getters = {snake(p["name"]) for p in cls.get("properties", [])
                   if not p.get("static") and not p["name"].endswith("Input")}
        entry["attributes"] = sorted(set(entry["arguments"]) | set(entry["blocks"]) | getters)
        schema[kind][tf_type] = entry
    if not schema["resource"]:
        sys.exit(f"{jsii_path} holds no Terraform resource classes; is it the @cdktf/provider-aws assembly?")
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(schema, f, sort_keys=True)
    print(f"AWS provider {schema['provider_version']}: {len(schema['resource'])} resources, "
          f"{len(schema['data'])} data sources -> {out_path}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
