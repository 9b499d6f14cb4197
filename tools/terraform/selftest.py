#!/usr/bin/env python3
"""Self-test of the Terraform checks: each check passes on a copy of the real tree and fails, with
the expected message, on a copy broken in the way it is meant to catch.

Run by `make terraform-selftest` (tools from the environment, see run_checks.py). The copies are
checked JOBS at a time (`--jobs`); the report comes in the order of CASES either way.

The cases of the scanners that cost most CPU a copy (SHARED: checkov about 27 s, tflint about 20 s)
share copies: cases that break different files under terraform/ are made in one copy and checked by
one run, and each case must still find its own failure, naming the file it broke (see caught_in).
The unbroken copy has no finding at all, so a finding in a file only that case broke is that case's.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUN_CHECKS = Path(__file__).resolve().parent / "run_checks.py"
# CI runs on 2 cores; the checks are separate processes (tofu, tflint, checkov), so two at once use both.
JOBS = 2
# Checks whose cases share copies (one run for several cases that break different files).
SHARED = {"scan", "lint"}
COPIED = ["terraform", "statemachine", "src/main/java/dev/sfautoscaler", "src/test", "testkit/src/main/resources/events",
          "tools/worker"]  # the examples read the reference worker with file()


def make_copy(base):
    root = Path(tempfile.mkdtemp(prefix="case-", dir=base))
    for rel in COPIED:
        src = ROOT / rel
        if src.exists():
            shutil.copytree(src, root / rel, ignore=shutil.ignore_patterns(".terraform", "*.tfstate*"))
    (root / "target").mkdir()
    actions = ROOT / "target/iam-actions.json"
    if actions.is_file():
        shutil.copy(actions, root / "target/iam-actions.json")
    return root


def breaks(path):
    """Marks a mutation with the one file it breaks (cases of a SHARED check are matched by it)."""
    def mark(apply):
        apply.path = path
        return apply
    return mark


def edit(path, old, new, count=1):
    """Replace old with new in path; the self-test fails loudly if the text is not there."""
    @breaks(path)
    def apply(root):
        file = root / path
        text = file.read_text(encoding="utf-8")
        if old not in text:
            raise AssertionError(f"self-test mutation: {path} no longer contains {old!r}; update selftest.py")
        file.write_text(text.replace(old, new, count), encoding="utf-8")
    return apply


def append(path, text):
    @breaks(path)
    def apply(root):
        with open(root / path, "a", encoding="utf-8") as f:
            f.write(text)
    return apply


def edit_json(path, change):
    @breaks(path)
    def apply(root):
        file = root / path
        data = json.loads(file.read_text(encoding="utf-8"))
        change(data)
        file.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return apply


def remove(path):
    @breaks(path)
    def apply(root):
        (root / path).unlink()
    return apply


def first_resource_of(path, rtype):
    """Insert a line into the first `resource "<rtype>"` block of a file."""
    def insert(line):
        @breaks(path)
        def apply(root):
            file = root / path
            text = file.read_text(encoding="utf-8")
            m = re.search(r'resource "%s" "[^"]+" \{\n' % rtype, text)
            if not m:
                raise AssertionError(f"self-test mutation: no {rtype} in {path}")
            file.write_text(text[:m.end()] + line + "\n" + text[m.end():], encoding="utf-8")
        return apply
    return insert


AUTOSCALER = "terraform/modules/autoscaler"
IAM_TF = f"{AUTOSCALER}/iam.tf"

# (what is broken, check that must catch it, mutation, text the failure must contain)
CASES = [
    ("a misformatted file", "fmt",
     edit("terraform/modules/queue-alarms/main.tf", '  namespace           = "AWS/SQS"', 'namespace = "AWS/SQS"'),
     "queue-alarms/main.tf"),
    ("the input template loses the queueUrl field", "tofu-test",
     edit("terraform/modules/fleet-trigger/main.tf", "queueUrl = var.queue_url", "queue_url = var.queue_url"),
     'run "input_template_has_the_execution_input_shape"... fail'),
    ("the scheduled input template loses scheduledEvent", "tofu-test",
     edit("terraform/modules/fleet-trigger/main.tf", "scheduledEvent = local.event_marker", "alarmEvent = local.event_marker"),
     'run "schedule_template_has_the_scheduled_execution_input_shape"... fail'),
    ("the execution alert reads a field the events do not have", "tofu-test",
     edit("terraform/modules/execution-alerts/main.tf", '"$.detail.executionArn"', '"$.detail.executionARN"'),
     'run "message_uses_only_fields_the_events_have"... fail'),
    ("the input template names the target as fleetId", "tofu-test",
     edit("terraform/modules/fleet-trigger/main.tf", "target   = { kind = var.target.kind, id = var.target.id }",
          "fleetId  = var.target.id"),
     'run "input_template_has_the_execution_input_shape"... fail'),
    ("a deployment without spot fleets gets spot fleet ARNs", "tofu-test",
     edit("terraform/modules/fleet-targets/main.tf", "local.target_arns[key] if target.kind == kind", "local.target_arns[key]"),
     'run "without_spot_fleets_no_spot_fleet_arn"... fail'),
    ("a group name that IAM reads as a wildcard is accepted", "tofu-test",
     edit("terraform/modules/fleet-targets/variables.tf", '!can(regex("[*?]|[$&][{]"', '!can(regex("^$"'),
     'run "a_group_name_that_is_an_iam_wildcard_is_rejected"... fail'),
    ("a policy with min_capacity but no max_capacity passes plan", "tofu-test",
     edit("terraform/modules/fleet-trigger/variables.tf",
          "condition     = !(var.policy.min_capacity != null && var.policy.max_capacity == null)",
          "condition     = var.policy.min_capacity == var.policy.min_capacity"),
     'run "min_capacity_without_max_capacity_is_rejected"... fail'),
    ("a policy reaching beyond the fleet's guard passes plan", "tofu-test",
     edit("terraform/modules/fleet-trigger/outputs.tf",
          "coalesce(var.policy.max_capacity, 0) <= local.guard_bounds.max", "true"),
     'run "a_policy_max_above_the_guard_is_rejected"... fail'),
    ("the execution alert mails a failure that was already reported", "tofu-test",
     edit_json("statemachine/execution-alert-pattern.json",
               lambda d: d.update(detail={"status": ["FAILED", "TIMED_OUT", "ABORTED"]})),
     'run "pattern_is_the_shared_file_plus_this_state_machine"... fail'),
    ("the second channel's message without the cause", "tofu-test",
     edit("terraform/modules/execution-alerts/main.tf", r'\"cause\": <cause>, ', ""),
     'run "second_channel_message_is_json_with_the_cause"... fail'),
    ("the dashboard shows another queue's oldest message", "tofu-test",
     edit("terraform/modules/dashboard/main.tf", '"QueueName", fleet.queue_name', '"QueueName", fleet.key'),
     'run "decisions_by_reason_paused_and_oldest_message_per_fleet"... fail'),
    ("an invalid Lambda runtime (AWS ruleset)", "lint",
     edit(f"{AUTOSCALER}/main.tf", '"provided.al2023"', '"provided.al2099"'),
     "aws_lambda_function_invalid_runtime"),
    ("an undocumented, unused variable (terraform ruleset)", "lint",
     append("terraform/modules/notifications/variables.tf", '\nvariable "unused" {\n  type = string\n}\n'),
     "terraform_documented_variables"),
    ("a resource in a module whose calls tflint skips (ignore_module)", "lint",
     append("terraform/modules/fleet-trigger/main.tf", '\ndata "aws_region" "current" {}\n'),
     "whose calls terraform/.tflint.hcl skips"),
    ("SSH open to the internet (HIGH)", "scan",
     edit("terraform/examples/complete/main.tf", '  egress {',
          '  ingress {\n    description = "ssh"\n    from_port   = 22\n    to_port     = 22\n    protocol    = "tcp"\n'
          '    cidr_blocks = ["0.0.0.0/0"]\n  }\n\n  egress {'),
     "CKV_AWS_24"),
    ("an unencrypted SNS topic (HIGH)", "scan",
     edit("terraform/modules/notifications/main.tf", "  kms_master_key_id = aws_kms_key.this.arn\n", ""),
     "CKV_AWS_26"),
    ("a topic policy that lets any AWS principal publish (HIGH)", "scan",
     edit("terraform/modules/notifications/main.tf",
          'identifiers = ["arn:${local.partition}:iam::${local.account_id}:root"]\n    }\n  }\n\n  dynamic "statement" {\n    for_each = length(var.alarm_arns)',
          'identifiers = ["*"]\n    }\n  }\n\n  dynamic "statement" {\n    for_each = length(var.alarm_arns)'),
     "CKV_AWS_283"),
    ("a state table without the deployment's KMS key", "scan",
     edit(f"{AUTOSCALER}/main.tf", "    kms_key_arn = var.state_table_kms_key_arn\n", ""),
     "CKV_AWS_119"),
    ("a scanner skip without its reason", "scan",
     edit(f"{AUTOSCALER}/main.tf", "#checkov:skip=CKV_AWS_117:the functions call only public AWS APIs; a VPC would add NAT or endpoints and no protection",
          "#checkov:skip=CKV_AWS_117"),
     "needs a reason"),
    ("an attribute the provider does not have", "schema",
     first_resource_of(f"{AUTOSCALER}/main.tf", "aws_lambda_function")("  memry_size = 512"),
     "no argument `memry_size`"),
    ("a block the provider does not have", "schema",
     edit(f"{AUTOSCALER}/state-machine.tf", "  tracing_configuration {", "  tracing_config {"),
     "no block `tracing_config`"),
    ("a reference to an attribute that does not exist", "schema",
     edit("terraform/modules/queue-alarms/outputs.tf", "aws_cloudwatch_metric_alarm.scale_out.arn", "aws_cloudwatch_metric_alarm.scale_out.alarm_arn"),
     "has no attribute `alarm_arn`"),
    ("ignore_changes on a misspelt attribute", "schema",
     edit("terraform/modules/spot-fleet/main.tf", "ignore_changes = [target_capacity,", "ignore_changes = [target_capacty,"),
     "target_capacty"),
    ("an ASL placeholder templatefile() does not pass", "contracts",
     edit("statemachine/autoscaler.asl.json", '"${decide_function_arn}"', '"${decide_function_alias}"'),
     "decide_function_alias"),
    ("templatefile() no longer passes a placeholder", "contracts",
     edit(f"{AUTOSCALER}/state-machine.tf", '    notify_function_arn        = local.function_invoke_arns["notify"]\n', ""),
     "does not pass notify_function_arn"),
    ("a rule with its own inline pattern", "contracts",
     edit(f"{AUTOSCALER}/events.tf", "event_pattern = module.trigger[each.key].event_rule_pattern",
          'event_pattern = jsonencode({ source = ["aws.cloudwatch"] })'),
     "event_pattern must be"),
    ("a schedule target that sends the alarm input", "contracts",
     edit(f"{AUTOSCALER}/events.tf", "input_template = module.schedule_groups.targets[each.key].input_template",
          "input_template = module.trigger[each.key].event_target_input_template"),
     "of a schedule target must come from"),
    ("a schedule target that starts the state machine instead of invoking check", "contracts",
     edit(f"{AUTOSCALER}/events.tf", 'arn = local.function_invoke_arns["check"]', "arn = aws_sfn_state_machine.this.arn"),
     "schedule targets invoke the check function"),
    ("check's role may start any state machine", "iam",
     edit(f"{AUTOSCALER}/iam.tf", "resources = [local.state_machine_arn]", 'resources = ["*"]'),
     "states:StartExecution"),
    ("an execution-alert rule built from another pattern file", "contracts",
     edit(f"{AUTOSCALER}/main.tf", "statemachine/execution-alert-pattern.json", "statemachine/alarm-event-pattern.json"),
     "event_pattern_file resolves to"),
    ("a Lambda timeout allowed up to Lambda's limit (above the tasks' TimeoutSeconds)", "contracts",
     edit(f"{AUTOSCALER}/variables.tf", "var.timeout >= 1 && var.timeout < 120", "var.timeout >= 1 && var.timeout <= 900"),
     "var.timeout is validated below 901 s but task"),
    ("a function task that times out before the Lambda timeout allows", "contracts",
     edit_json("statemachine/autoscaler.asl.json", lambda d: next(
         s for s in d["States"].values() if s.get("Type") == "Task" and "_function_arn}" in s.get("Resource", "")
     ).update(TimeoutSeconds=60)),
     "times out after 60 s"),
    ("the second channel sends to the notification topic", "contracts",
     edit(f"{AUTOSCALER}/events.tf", "arn = var.fallback_alert_topic_arn", "arn = var.notify_topic_arn"),
     "the second channel's target must be var.fallback_alert_topic_arn"),
    ("an AUTOSCALER_* variable the code does not read", "contracts",
     edit(f"{AUTOSCALER}/main.tf", 'AUTOSCALER_GUARD_BOUNDS   = "state-table"', 'AUTOSCALER_GUARD_LIMITS   = "state-table"'),
     "Terraform sets AUTOSCALER_GUARD_LIMITS but"),
    ("the topic policy lets any alarm of the account publish", "contracts",
     edit("terraform/modules/notifications/main.tf",
          'test     = "ArnEquals"\n        variable = "aws:SourceArn"\n        values   = statement.value\n      }\n    }\n  }\n\n  dynamic',
          'test     = "ArnLike"\n        variable = "aws:SourceArn"\n        values   = ["arn:${local.partition}:cloudwatch:*:${local.account_id}:alarm:*"]\n      }\n    }\n  }\n\n  dynamic'),
     "topic policy statement CloudWatchAlarmsPublish lets a service publish"),
    ("the key lets CloudWatch encrypt for any topic", "contracts",
     edit("terraform/modules/notifications/main.tf",
          '    condition {\n      test     = "StringEquals"\n      variable = "kms:EncryptionContext:aws:sns:topicArn"\n      values   = [local.topic_arn]\n    }\n  }\n\n  statement {\n    sid = "EventBridgeRulesPublish"',
          '  }\n\n  statement {\n    sid = "EventBridgeRulesPublish"'),
     "key policy statement CloudWatchAlarmsPublish lets a service use the key for any topic"),
    ("a policy field missing from the root module's type", "contracts",
     edit("terraform/variables.tf", "      max_queue_data_age_seconds         = optional(number)\n", ""),
     "unlike local.policy_wire_names"),
    ("a policy field the functions read that Terraform cannot set", "contracts",
     edit_json("statemachine/schemas/execution-input.schema.json",
               lambda d: d["properties"]["policy"]["properties"].update(scaleOutPredictively={"type": "boolean"})),
     "ScalingPolicy.scaleOutPredictively cannot be set from Terraform"),
    ("a policy mode Terraform allows that the functions reject", "contracts",
     edit("terraform/modules/fleet-trigger/variables.tf", 'contains(["target-tracking", "step"]',
          'contains(["target-tracking", "step", "predictive"]'),
     "var.policy allows mode in ['predictive', 'step', 'target-tracking']"),
    ("a group name Terraform accepts and the functions refuse", "contracts",
     edit("terraform/modules/fleet-trigger/variables.tf", "0e-\\\\x1f]{1,255}$", "0e-\\\\x1f]{1,256}$"),
     "the ids of auto-scaling-group targets are validated with"),
    ("an EC2 Fleet id grammar unlike the functions'", "contracts",
     edit("terraform/modules/fleet-targets/variables.tf", 'regex("^fleet-([0-9a-f]{8}', 'regex("^fleet-([0-9a-fA-F]{8}'),
     "the ids of ec2-fleet targets are validated with"),
    ("the Auto Scaling group example scales a spot fleet", "contracts",
     edit("terraform/examples/auto-scaling-group/main.tf", 'target              = { kind = "auto-scaling-group", id = aws_autoscaling_group.workers.name }',
          'spot_fleet_request_id = "sfr-0123abcd-4567-89ef-0123-456789abcdef"'),
     "fleet workers of terraform/examples/auto-scaling-group must name a target of kind auto-scaling-group or ec2-fleet"),
    ("the published execution-input schema is missing", "contracts",
     remove("statemachine/schemas/execution-input.schema.json"),
     "execution-input.schema.json is missing"),
    ("the state machine definition is missing", "contracts",
     remove("statemachine/autoscaler.asl.json"),
     "autoscaler.asl.json is missing"),
    ("the code renames a metric the dashboard shows", "contracts",
     edit("src/main/java/dev/sfautoscaler/metrics/EmfDecisionMetrics.java", 'new Gauge("CountedBacklog"',
          'new Gauge("BacklogCounted"'),
     "SpotFleetAutoscaler metric 'CountedBacklog' is not one decide emits"),
    ("the dashboard names a metric the code does not emit", "contracts",
     edit("terraform/modules/dashboard/main.tf", '["SpotFleetAutoscaler", "QueueVisible",',
          '["SpotFleetAutoscaler", "VisibleMessages",'),
     "SpotFleetAutoscaler metric 'VisibleMessages' is not one decide emits"),
    ("the dashboard searches the decisions without their Reason dimension", "contracts",
     edit("terraform/modules/dashboard/main.tf", "{SpotFleetAutoscaler,Fleet,Reason}", "{SpotFleetAutoscaler,Fleet}"),
     "metric Decisions with dimensions [Fleet]: decide emits it with [Fleet, Reason] only"),
    ("an alarm on a metric the code does not emit", "contracts",
     append(f"{AUTOSCALER}/dashboard.tf", '\nresource "aws_cloudwatch_metric_alarm" "paused" {\n'
            '  alarm_name          = "paused"\n  namespace           = "SpotFleetAutoscaler"\n'
            '  metric_name         = "FleetPaused"\n  dimensions          = { Fleet = "sfr-1" }\n'
            '  statistic           = "Maximum"\n  period              = 60\n  evaluation_periods  = 1\n'
            '  comparison_operator = "GreaterThanThreshold"\n  threshold           = 0\n}\n'),
     "SpotFleetAutoscaler metric 'FleetPaused' is not one decide emits"),
    ("an action no code calls", "iam",
     edit(IAM_TF, 'actions   = ["sqs:GetQueueAttributes"]', 'actions   = ["sqs:GetQueueAttributes", "sqs:ReceiveMessage"]'),
     "grants sqs:ReceiveMessage, which nothing calls"),
    ("an action the code calls is missing", "iam",
     edit(IAM_TF, 'actions   = ["ec2:CreateTags"]', 'actions   = []'),
     "lacks ec2:CreateTags"),
    ("the code starts calling something new", "iam",
     edit_json("target/iam-actions.json", lambda d: d["read-capacity"].append("sqs:ReceiveMessage")),
     "lacks sqs:ReceiveMessage"),
    ("a scopable action granted on every resource", "iam",
     edit(IAM_TF, 'actions   = ["ec2:ModifySpotFleetRequest"]\n      resources = statement.value',
          'actions   = ["ec2:ModifySpotFleetRequest"]\n      resources = ["*"]'),
     'grants ec2:ModifySpotFleetRequest on "*"'),
    ("a Spot Fleet action granted to a deployment without spot fleets", "iam",
     edit(IAM_TF, 'for_each = length(local.spot_fleet_request_arns) == 0 ? [] : ["spot-fleet"]',
          'for_each = ["spot-fleet"]', count=2),
     "grants ec2:DescribeSpotFleetRequests, which only spot-fleet targets need, in a statement that is not"),
    ("an Auto Scaling action gated on the EC2 Fleets", "iam",
     edit(IAM_TF, 'for_each = length(local.auto_scaling_group_arns) == 0 ? [] : [local.auto_scaling_group_arns]\n\n    content {\n      sid       = "ScaleManagedGroups"',
          'for_each = length(local.ec2_fleet_arns) == 0 ? [] : [local.ec2_fleet_arns]\n\n    content {\n      sid       = "ScaleManagedGroups"'),
     "grants autoscaling:SetDesiredCapacity, which only auto-scaling-group targets need"),
    ("drain may terminate any instance of the account", "iam",
     edit(IAM_TF, 'sid       = "TerminateDrainedSpotFleetInstances"\n      actions   = ["ec2:TerminateInstances"]\n'
          '      resources = local.instance_arns\n\n      condition {\n        test     = "StringEquals"',
          'sid       = "TerminateDrainedSpotFleetInstances"\n      actions   = ["ec2:TerminateInstances"]\n'
          '      resources = local.instance_arns\n\n      condition {\n        test     = "StringLike"'),
     "grants ec2:TerminateInstances on instances without a StringEquals condition on "
     "aws:ResourceTag/aws:ec2spot:fleet-request-id"),
    ("drain's instance condition names another kind's tag", "iam",
     edit(IAM_TF, '"spot-fleet" = "aws:ec2spot:fleet-request-id"', '"spot-fleet" = "aws:ec2:fleet-id"'),
     "local.instance_tag_keys[\"spot-fleet\"] is 'aws:ec2:fleet-id', not 'aws:ec2spot:fleet-request-id'"),
    ("a state-table action beyond the contract", "iam",
     edit(IAM_TF, 'actions   = ["dynamodb:GetItem"]', 'actions   = ["dynamodb:GetItem", "dynamodb:Scan"]'),
     "grants dynamodb:Scan, which nothing calls"),
    ("the lease can be taken but not released", "iam",
     edit(IAM_TF, 'actions   = ["dynamodb:PutItem", "dynamodb:DeleteItem"]', 'actions   = ["dynamodb:PutItem"]'),
     "lacks dynamodb:DeleteItem"),
    ("a state-table action on every table", "iam",
     edit(IAM_TF, 'actions   = ["dynamodb:UpdateItem", "dynamodb:DeleteItem"]\n    resources = [aws_dynamodb_table.state.arn]',
          'actions   = ["dynamodb:UpdateItem", "dynamodb:DeleteItem"]\n    resources = ["*"]'),
     "dynamodb:UpdateItem must be on [aws_dynamodb_table.state.arn] only"),
    ("modify may write the guard items it is bounded by", "iam",
     edit(IAM_TF, 'values   = ["lease#*"]', 'values   = ["lease#*", "guard#*"]'),
     "lets the function write (dynamodb:PutItem, dynamodb:DeleteItem) guard# items"),
    ("a state-table action on every item of the table", "iam",
     edit(IAM_TF, 'variable = "dynamodb:LeadingKeys"', 'variable = "dynamodb:Attributes"'),
     "grants dynamodb:GetItem on the whole state table"),
    ("EventBridge allowed to start any state machine", "iam",
     edit(IAM_TF, "resources = [aws_sfn_state_machine.this.arn]", 'resources = ["*"]'),
     "states:StartExecution must be on"),
    ("the Java build output is missing", "iam",
     remove("target/iam-actions.json"),
     "iam-actions.json is missing"),
    ("a README whose tables are stale", "docs",
     edit("terraform/modules/queue-alarms/variables.tf", "Prefix of the alarm names", "Start of the alarm names"),
     "out of date"),
]


def tofu_test_module(expected):
    """The module whose tests hold the run a tofu-test case expects to fail, or None. Its copy runs
    `tofu test` in that module only: the check fails with that run's message on the broken copy
    whether or not the other modules run too, and the unbroken copy runs them all. (guard-items'
    200-fleet apply alone is seconds of CPU per copy.)"""
    m = re.match(r'run "([^"]+)"', expected)
    if not m:
        return None
    found = {test.parent.parent.name for test in (ROOT / "terraform/modules").glob("*/tests/*.tftest.hcl")
             if f'run "{m.group(1)}"' in test.read_text(encoding="utf-8")}
    return found.pop() if len(found) == 1 else None


def run_checks(root, *checks, options=()):
    result = subprocess.run([sys.executable, str(RUN_CHECKS), "--root", str(root), *options, *checks],
                            capture_output=True, text=True, env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
    return result.returncode, result.stdout + result.stderr


def check_copy(base, check, mutate=None, expected=""):
    """Run one check on a fresh copy of the tree, broken by mutate if given. Returns the copy (the
    caller removes it once its outcome is as expected), the exit status (None: the mutation could not
    be made) and the output."""
    root = make_copy(base)
    if mutate:
        try:
            mutate(root)
        except AssertionError as e:
            return root, None, str(e)
    module = tofu_test_module(expected) if check == "tofu-test" else None
    rc, out = run_checks(root, check, options=("--tofu-module", module) if module else ())
    return root, rc, out


def check_shared_copy(base, check, mutations):
    """Run one check on a fresh copy broken by every mutation at once. Returns the copy, the exit
    status and output, and per mutation the text of its AssertionError (None: it was made)."""
    root = make_copy(base)
    errors = []
    for mutate in mutations:
        try:
            mutate(root)
            errors.append(None)
        except AssertionError as e:
            errors.append(str(e))
    rc, out = run_checks(root, check)
    return root, rc, out, errors


# Where a finding starts in the scanners' output: checkov's `Check: CKV_...`, tflint's
# `Error:`/`Warning:`/`Notice:`, or one of run_checks.py's own `path:line: ...` problems.
FINDING_START = re.compile(r"^\s*(?:Check: |Error: |Warning: |Notice: |terraform/\S+?\.tf:\d+: )")


def caught_in(out, expected, path):
    """Whether one finding in out says expected and names path (a file under terraform/), as the
    file it is in: checkov names it from terraform/ (`File: /modules/...`), tflint and run_checks.py
    from the root (`terraform/modules/...`). A module's `Calling File` is not where the finding is."""
    rel = path[len("terraform/"):]
    where = re.compile(r"(?:^|\s)(?:terraform)?/?" + re.escape(rel) + r"(?=[:\s]|$)")
    findings, current = [], []
    for line in out.splitlines():
        if FINDING_START.match(line) and current:
            findings.append(current)
            current = []
        current.append(line)
    findings.append(current)
    for finding in findings:
        lines = [line for line in finding if not line.strip().startswith("Calling File:")]
        text = "\n".join(lines)
        if expected in text and any(where.search(line) for line in lines):
            return True
    return False


def shared_copies(cases):
    """The cases of SHARED checks in groups to check on one copy each: same check, each case breaking
    one file under terraform/ that no other case of its group breaks. Others stay alone."""
    groups = []
    for index, (_, check, mutate, _) in enumerate(cases):
        path = getattr(mutate, "path", "")
        if check not in SHARED or not path.startswith("terraform/"):
            continue
        for group in groups:
            if group["check"] == check and path not in group["paths"]:
                break
        else:
            group = {"check": check, "paths": set(), "cases": []}
            groups.append(group)
        group["paths"].add(path)
        group["cases"].append(index)
    return [group["cases"] for group in groups if len(group["cases"]) > 1]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=JOBS,
                        help=f"copies checked at once (default {JOBS}: CI has 2 cores; the report does not depend on it)")
    parser.add_argument("--only", metavar="CHECK[,CHECK]",
                        help="self-test these checks only (make test runs the iam check's cases once the Java build "
                             "wrote target/iam-actions.json, the others beside that build)")
    parser.add_argument("--skip", metavar="CHECK[,CHECK]", help="self-test every check but these")
    args = parser.parse_args()
    if args.jobs < 1:
        parser.error(f"--jobs must be 1 or more, not {args.jobs}")
    known = {case[1] for case in CASES}
    only = set(args.only.split(",")) if args.only else known
    skip = set(args.skip.split(",")) if args.skip else set()
    unknown = sorted((only | skip) - known)
    if unknown:
        parser.error(f"no such check: {', '.join(unknown)} (the checks: {', '.join(sorted(known))})")
    selected = only - skip
    if not selected:
        parser.error("--only and --skip leave no check to self-test")
    cases_run = [case for case in CASES if case[1] in selected]
    start = time.monotonic()
    # Each selection in its own directory: make test runs two selections at once.
    name = "all" if selected == known else "-".join(sorted(selected)) if args.only else "all-but-" + "-".join(sorted(skip))
    base = ROOT / "target/terraform/selftest" / name
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    checks = sorted(selected)
    # Everything goes to one pool at once, the unbroken copy's checks first (one copy per check, so
    # they run side by side too); the report is printed in the order of CASES, whatever the order
    # the copies finish in, and nothing of a mutation is reported before the unbroken copy passed.
    pool = ThreadPoolExecutor(max_workers=args.jobs)
    try:
        baseline = [pool.submit(check_copy, base, check) for check in checks]
        groups = shared_copies(cases_run)
        grouped = {index: (n, i) for n, group in enumerate(groups) for i, index in enumerate(group)}
        shared = [pool.submit(check_shared_copy, base, cases_run[group[0]][1], [cases_run[i][2] for i in group])
                  for group in groups]
        cases = [None if index in grouped else pool.submit(check_copy, base, check, mutate, expected)
                 for index, (_, check, mutate, expected) in enumerate(cases_run)]
        outcomes = [future.result() for future in baseline]
        if any(rc != 0 for _, rc, _ in outcomes):
            print("\n".join(out for _, _, out in outcomes))
            print("terraform self-test: the unbroken copy must pass every check first")
            sys.exit(1)
        for root, _, _ in outcomes:
            shutil.rmtree(root)
        passed, failed = 0, 0
        shared_missed = [False] * len(groups)
        for index, ((what, check, mutate, expected), future) in enumerate(zip(cases_run, cases)):
            if index in grouped:
                n, i = grouped[index]
                root, rc, out, errors = shared[n].result()
                if errors[i] is not None:
                    rc, out = None, errors[i]
                ok = rc is not None and rc != 0 and caught_in(out, expected, mutate.path)
                missing = f"a finding in {mutate.path} saying {expected!r}"
                context = f"(one copy for {len(groups[n])} cases, each breaking another file)\n"
                shared_missed[n] = shared_missed[n] or not ok
                if i == len(groups[n]) - 1 and not shared_missed[n]:
                    shutil.rmtree(root)
            else:
                root, rc, out = future.result()
                ok = rc is not None and rc != 0 and expected in out
                missing, context = f"saying {expected!r}", ""
                if ok:
                    shutil.rmtree(root)
            if ok:
                passed += 1
                print(f"  caught by {check:<9} {what}", flush=True)
            else:
                failed += 1
                if rc is None:  # the tree no longer has what the mutation edits
                    print(f"  MISSED by {check:<9} {what}: {out}", flush=True)
                    continue
                why = "passed" if rc == 0 else f"failed without {missing}"
                print(f"  MISSED by {check:<9} {what}: the check {why}\n    " + (context + out).replace("\n", "\n    "),
                      flush=True)
    finally:
        pool.shutdown(cancel_futures=True)
    if not failed:
        print(f"terraform self-test of {', '.join(checks)} ({time.monotonic() - start:.0f} s): every check passes "
              f"on the real tree and fails on each broken copy")
    print(f"terraform-selftest: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
