#!/usr/bin/env python3
"""The Terraform agrees with the code and the state machine (contracts of the project brief).

- ASL placeholders: the `${...}` placeholders of statemachine/autoscaler.asl.json are exactly the
  variables that templatefile() passes in modules/autoscaler, and exactly the four of the contract;
  each is the ARN of the function it names; the file is JSON as it stands (placeholders only inside
  strings).
- Event rules: a schedule rule per fleet (schedule_expression), whose target sends the fleet-trigger
  module's scheduled input; alarm rules that render statemachine/alarm-event-pattern.json (the file
  the state-machine tests match with event-ruler) merged with the fleet's alarm ARNs as resources,
  whose targets send its alarm input; the execution-alert rule that renders
  statemachine/execution-alert-pattern.json with the state machine's ARN, whose target sends the
  execution-alerts module's message. A test under src/test or lab/src/test reads each pattern file.
- Execution input: the policy fields Terraform sends are the policy fields of the published
  execution-input schema (statemachine/schemas/, generated from the wire codec's table of the
  ScalingPolicy fields), with the same names in every module's variable type, and a policy field
  with a fixed set of names (mode, excessCapacityTerminationPolicy) is validated against exactly
  those names; the workflow fields are ones the schema describes and the ASL reads.
- Target ids: the id pattern each target kind is validated with in modules/fleet-targets and
  modules/fleet-trigger (and the legacy spot_fleet_request_id's) is the pattern the published
  execution-input schema gives that kind (TargetKind's grammar), so plan refuses what the functions
  refuse and nothing they accept.
- Examples without Spot Fleet: examples/auto-scaling-group and examples/ec2-fleet create no spot
  fleet (no aws_spot_fleet_request, no modules/spot-fleet) and give the autoscaler only targets of
  other kinds, so they need no Spot Fleet permission to deploy and their roles get none to run.
- Functions: the handler ids (the workflow's five and check) are the @Named ids of the handlers; each function gets
  QUARKUS_LAMBDA_HANDLER = its id; every AUTOSCALER_* variable is a property of the config mapping.
- Timeouts: the functions' Lambda timeout is validated to stay below the TimeoutSeconds of the
  ASL's function tasks (var.timeout < T), so Lambda stops a hung function before the workflow
  gives up on it.
- Publishers: in modules/notifications, every statement of the topic policy that lets an AWS
  service publish names exactly this deployment's alarms or rules (aws:SourceArn, ArnEquals, no
  wildcard), and every statement of the key policy for a service is bound to this topic
  (kms:EncryptionContext:aws:sns:topicArn).
- The second channel: the rule for executions whose failure report could not be sent renders
  statemachine/notification-failed-pattern.json with the state machine's ARN (the execution-alerts
  module), and its target sends that module's message to the fallback topic.
- Metrics: every metric of decide's namespace that the dashboard and the alarms name (metric arrays
  ["<namespace>", "<name>", "<dimension>", <value>, ...] and SEARCH('{<namespace>,<dimensions>}
  MetricName="<name>" ...') in any module, and the namespace/metric_name/dimensions of every
  aws_cloudwatch_metric_alarm, metric_query blocks included) is one the code emits, with the same
  dimension names. The emitted set is read from the emitter
  (src/main/java/dev/sfautoscaler/metrics/EmfDecisionMetrics.java: NAMESPACE, FLEET, REASON, DECISIONS
  and the names of GAUGES), whose unit test holds the document it writes to the same table.

Usage: check_contracts.py REPO_ROOT
"""
import json
import re
import sys
from pathlib import Path

from tfconfig import (CheckFailed, Module, all_module_dirs, body_exprs, object_items, policy_statements,
                      reference_path, report, traversal_names, unwrap, walk_exprs)

PLACEHOLDERS = {
    "read_capacity_function_arn": "read-capacity",
    "decide_function_arn": "decide",
    "modify_function_arn": "modify",
    "notify_function_arn": "notify",
    "drain_function_arn": "drain",
}
# check is no task of the workflow: the schedule invokes it, and it starts the state machine.
FUNCTIONS = set(PLACEHOLDERS.values()) | {"check"}
# Where the tests are that must read each deployed event pattern (the functions' and the lab's).
TEST_DIRS = ("src/test", "lab/src/test")
ALARM_NAME_FIELDS = {"scaleOutAlarmName", "scaleInAlarmName"}
# Made from the wire codec's tables (dev.sfautoscaler.wire); the policy's fields and names are read here.
SCHEMA = "statemachine/schemas/execution-input.schema.json"

# The class that writes decide's metrics (Embedded Metric Format); its constants are read here.
METRICS_EMITTER = "src/main/java/dev/sfautoscaler/metrics/EmfDecisionMetrics.java"
# The dashboard: it must name some of them (a dashboard whose metrics this check cannot read is a problem).
DASHBOARD = "terraform/modules/dashboard/main.tf"


def emitted_metrics(text):
    """(namespace, {metric name: dimension names}) that EmfDecisionMetrics writes, from its source."""
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", text, flags=re.S)

    def constant(name):
        m = re.search(r"\bstatic\s+final\s+String\s+%s\s*=\s*\"([^\"]+)\"\s*;" % name, code)
        if not m:
            raise CheckFailed(f"{METRICS_EMITTER}: no string constant {name}; the metrics check reads the emitted "
                              f"namespace, dimensions and count from NAMESPACE, FLEET, REASON and DECISIONS")
        return m.group(1)

    gauges = re.search(r"\bGAUGES\s*=\s*List\.of\((.*?)\);", code, flags=re.S)
    names = re.findall(r"\bnew\s+Gauge\(\s*\"([^\"]+)\"", gauges.group(1)) if gauges else []
    if not names:
        raise CheckFailed(f"{METRICS_EMITTER}: no GAUGES = List.of(new Gauge(\"<name>\", ...), ...) to read the "
                          f"emitted gauges from")
    fleet, reason = constant("FLEET"), constant("REASON")
    metrics = {name: (fleet,) for name in names}
    metrics[constant("DECISIONS")] = (fleet, reason)
    return constant("NAMESPACE"), metrics


def all_exprs(expr):
    """Like tfconfig.walk_exprs, and into the result of a for expression (its "value"), where the
    dashboard's widgets are made per fleet."""
    for node in walk_exprs(expr):
        yield node
        if node.get("kind") == "for":
            for key in ("value", "key", "condition"):
                if isinstance(node.get(key), dict) and "kind" in node[key]:
                    yield from all_exprs(node[key])


def string_value(expr):
    """The constant string of a literal or a template without interpolation, else None."""
    expr = unwrap(expr)
    value = expr.get("value")
    return value if isinstance(value, str) else None


def template_text(expr):
    """A template's text with each interpolation as <expr>; None if it is no string."""
    expr = unwrap(expr)
    if isinstance(expr.get("value"), str):
        return expr["value"]
    if expr.get("kind") != "template":
        return None
    return "".join(p["value"] if isinstance(p.get("value"), str) else "<expr>" for p in expr["parts"])


def camel_to_snake(name):
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def interface_bodies(text):
    """{interface name: body text} for every (nested) interface of a Java file."""
    bodies = {}
    for m in re.finditer(r"\binterface\s+(\w+)[^{]*\{", text):
        depth, i = 1, m.end()
        while depth and i < len(text):
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        bodies[m.group(1)] = text[m.end():i - 1]
    return bodies


def config_mapping_env_names(text):
    """Environment variable names of the leaves of a @ConfigMapping(prefix = "...") interface."""
    m = re.search(r"@ConfigMapping\(\s*prefix\s*=\s*\"([^\"]+)\"\s*\)\s*public\s+interface\s+(\w+)", text)
    if not m:
        return set()
    bodies = interface_bodies(re.sub(r"/\*.*?\*/|//[^\n]*", "", text, flags=re.S))
    names = set()

    def walk(interface, prefix, seen):
        body = bodies.get(interface, "")
        # only this interface's own members: drop nested interface bodies
        for nested in bodies:
            if nested != interface:
                body = re.sub(r"\binterface\s+%s\b[^{]*\{" % nested + re.escape(bodies[nested]) + r"\}", "", body)
        for member in re.finditer(r"((?:@\w+(?:\([^)]*\))?\s*)*)([\w.<>, ?]+?)\s+(\w+)\s*\(\s*\)\s*;", body):
            annotations, rtype, method = member.groups()
            named = re.search(r"@WithName\(\s*\"([^\"]+)\"\s*\)", annotations)
            prop = named.group(1) if named else re.sub(r"([A-Z])", lambda c: "-" + c.group(1).lower(), method)
            inner = re.sub(r"^Optional<(.*)>$", r"\1", rtype.strip())
            if inner in bodies and inner not in seen:
                walk(inner, f"{prefix}.{prop}", seen | {inner})
            else:
                names.add(re.sub(r"[^A-Za-z0-9]", "_", f"{prefix}.{prop}").upper())

    walk(m.group(2), m.group(1), {m.group(2)})
    return names


def refs(expr):
    return {traversal_names(r) for r in expr.get("refs", [])}


def function_tasks(states):
    """(name, state) of every Task that invokes one of the functions (a ${..._function_arn} placeholder)."""
    for name, state in states.items():
        resource = state.get("Resource", "")
        if state.get("Type") == "Task" and re.fullmatch(r"\$\{[a-z_]+_function_arn\}", resource):
            yield name, state
        for branch in state.get("Branches", []):
            yield from function_tasks(branch.get("States", {}))
        for key in ("Iterator", "ItemProcessor"):
            if key in state:
                yield from function_tasks(state[key].get("States", {}))


class Contracts:
    def __init__(self, root):
        self.root = Path(root).resolve()
        self.problems = []
        self.autoscaler = Module(self.root / "terraform/modules/autoscaler")
        self.trigger = Module(self.root / "terraform/modules/fleet-trigger")
        self.alerts = Module(self.root / "terraform/modules/execution-alerts")
        self.top = Module(self.root / "terraform")

    def problem(self, text):
        self.problems.append(text)

    # --- helpers ---------------------------------------------------------------------

    def resolve_local(self, module, expr):
        """Follow local.x indirections to the defining expression."""
        expr = unwrap(expr)
        while expr.get("kind") == "traversal" and expr["traversal"][0] == "local":
            name = expr["traversal"][1]
            if name not in module.locals:
                raise CheckFailed(f"local.{name} is not defined in {module.rel(module.dir)}")
            expr = unwrap(module.locals[name][0])
        return expr

    def resolve_path(self, module, expr):
        """A path expression: literal / "${path.module}/..." / coalesce(var.override, default)."""
        expr = self.resolve_local(module, expr)
        if expr.get("kind") == "call" and expr["name"] == "coalesce":
            expr = self.resolve_local(module, expr["args"][-1])
        if isinstance(expr.get("value"), str):
            return (module.dir / expr["value"]).resolve()
        if expr.get("kind") == "template":
            text = ""
            for part in expr["parts"]:
                if isinstance(part.get("value"), str):
                    text += part["value"]
                elif part.get("kind") == "traversal" and traversal_names(part["traversal"]) == ("path", "module"):
                    text += str(module.dir)
                else:
                    return None
            return Path(text).resolve()
        return None

    def rel(self, path):
        try:
            return str(Path(path).relative_to(self.root))
        except ValueError:
            return str(path)

    def single_resource(self, module, rtype):
        found = [b for b in module.of_type("resource") if b.labels[0] == rtype]
        if len(found) != 1:
            raise CheckFailed(f"{module.rel(module.dir)} must have exactly one {rtype} (found {len(found)})")
        return found[0]

    # --- ASL placeholders -------------------------------------------------------------

    def check_placeholders(self):
        asl_path = self.root / "statemachine/autoscaler.asl.json"
        if not asl_path.is_file():
            self.problem(f"{self.rel(asl_path)} is missing: the state machine definition is needed to check its placeholders")
            return
        text = asl_path.read_text(encoding="utf-8")
        try:
            json.loads(text)
        except json.JSONDecodeError as e:
            self.problem(f"{self.rel(asl_path)} is not JSON as it stands ({e}); placeholders belong inside JSON strings")
        if "%{" in text:
            self.problem(f"{self.rel(asl_path)} contains a template directive %{{...}}; only ${{...}} placeholders are allowed")
        in_file = set(re.findall(r"(?<!\$)\$\{([^}]*)\}", text))
        for name in sorted(in_file - set(PLACEHOLDERS)):
            self.problem(f"{self.rel(asl_path)} has placeholder ${{{name}}}, which is not one of the workflow's function ARNs of the contract")
        machine = self.single_resource(self.autoscaler, "aws_sfn_state_machine")
        definition = unwrap(machine.attributes.get("definition", {}))
        if definition.get("kind") != "call" or definition.get("name") != "templatefile":
            self.problem(f"{machine.where}: the definition must be templatefile(<asl file>, <vars>)")
            return
        template_path = self.resolve_path(self.autoscaler, definition["args"][0])
        if template_path != asl_path.resolve():
            self.problem(f"{machine.where}: templatefile() renders {template_path}, not {self.rel(asl_path)}")
        passed = object_items(self.resolve_local(self.autoscaler, definition["args"][1]))
        if passed is None:
            self.problem(f"{machine.where}: the templatefile() variables must be an object literal (or a local holding one)")
            return
        for name in sorted(in_file - set(passed)):
            self.problem(f"{self.rel(asl_path)} uses ${{{name}}} but templatefile() does not pass it")
        for name in sorted(set(passed) - in_file):
            self.problem(f"templatefile() passes {name} but {self.rel(asl_path)} has no ${{{name}}}")
        for name in sorted(set(PLACEHOLDERS) - set(passed)):
            self.problem(f"templatefile() does not pass {name} of the contract")
        for name, expr in sorted(passed.items()):
            key = PLACEHOLDERS.get(name)
            if key is None:
                continue
            if reference_path(expr) != ("local", "function_invoke_arns", f"[{key}]"):
                self.problem(f"{machine.where}: {name} must be local.function_invoke_arns[\"{key}\"]")

    # --- event rules and targets -----------------------------------------------------

    def pattern_shape_ok(self, module, output_name, extra_keys, file_variable="event_pattern_file"):
        """The output is jsonencode(merge(jsondecode(file(var.<file_variable>)), { <extra_keys> }))."""
        output = module.outputs.get(output_name)
        if output is None:
            self.problem(f"{module.rel(module.dir)} has no output {output_name}")
            return
        expr = self.resolve_local(module, output.attributes["value"])
        shape_ok = False
        if expr.get("kind") == "call" and expr["name"] == "jsonencode":
            merged = unwrap(expr["args"][0])
            if merged.get("kind") == "call" and merged["name"] == "merge" and len(merged["args"]) == 2:
                decoded, extra = (unwrap(a) for a in merged["args"])
                file_call = unwrap(decoded["args"][0]) if decoded.get("name") == "jsondecode" else {}
                extra_items = object_items(extra) if extra.get("kind") == "object" else None
                shape_ok = (file_call.get("kind") == "call" and file_call.get("name") == "file"
                            and refs(file_call) == {("var", file_variable)}
                            and extra_items is not None and set(extra_items) == set(extra_keys))
        if not shape_ok:
            self.problem(f"{output.where}: the rule pattern must be jsonencode(merge(jsondecode(file(var.{file_variable})), "
                         f"{{ {', '.join(extra_keys)} = ... }}))")

    def pattern_file_tested(self, pattern_path):
        test_dirs = [self.root / d for d in TEST_DIRS if (self.root / d).is_dir()]
        tests = [p for d in test_dirs for p in d.rglob("*") if p.is_file() and p.suffix in (".java", ".py", ".js", ".json")]
        if not any(pattern_path.name in p.read_text(encoding="utf-8", errors="replace") for p in tests):
            self.problem(f"no test under {' or '.join(TEST_DIRS)} reads {self.rel(pattern_path)}, "
                         "so the pattern Terraform deploys is untested")

    def check_event_pattern(self):
        """Three kinds of rule in modules/autoscaler, each checked against what the tests check:
        schedule rules (schedule_expression, no pattern), alarm rules (the fleet-trigger pattern from
        statemachine/alarm-event-pattern.json) and the execution-alert rule (the execution-alerts
        pattern from statemachine/execution-alert-pattern.json). Targets that start the state machine
        send the fleet-trigger template of their rule's kind; the alert target sends the
        execution-alerts message."""
        pattern_files = {
            "alarm": (self.root / "statemachine/alarm-event-pattern.json", self.trigger.dir, "event_pattern_file"),
            "alert": (self.root / "statemachine/execution-alert-pattern.json", self.alerts.dir, "event_pattern_file"),
            "fallback": (self.root / "statemachine/notification-failed-pattern.json", self.alerts.dir,
                         "notification_failed_pattern_file"),
        }
        for path, _, _ in pattern_files.values():
            if not path.is_file():
                self.problem(f"{self.rel(path)} is missing")
                return
        if "resources" in json.loads(pattern_files["alarm"][0].read_text(encoding="utf-8")):
            self.problem(f"{self.rel(pattern_files['alarm'][0])} must not list resources; Terraform and the tests add each fleet's alarm ARNs")
        rules = [b for b in self.autoscaler.of_type("resource") if b.labels[0] == "aws_cloudwatch_event_rule"]
        if not rules:
            self.problem("modules/autoscaler has no aws_cloudwatch_event_rule")
        calls = self.autoscaler.module_calls
        kinds = {}
        for rule in rules:
            if "schedule_expression" in rule.attributes:
                if "event_pattern" in rule.attributes:
                    self.problem(f"{rule.where}: a schedule rule has no event_pattern")
                kinds[rule.labels[1]] = "schedule"
                continue
            names = reference_path(rule.attributes.get("event_pattern", {})) or ()
            call = calls.get(names[1]) if len(names) == 4 and names[0] == "module" else None
            call_dir = self.autoscaler.module_dir(call) if call is not None else None
            kind = None
            if call_dir == self.trigger.dir and names[2] == "[each.key]" and names[3] == "event_rule_pattern":
                kind = "alarm"
            elif call_dir == self.alerts.dir and names[3] == "event_rule_pattern":
                kind = "alert"
            elif call_dir == self.alerts.dir and names[3] == "notification_failed_rule_pattern":
                kind = "fallback"
            if kind is None:
                self.problem(f"{rule.where}: event_pattern must be module.<fleet-trigger>[each.key].event_rule_pattern "
                             f"(alarm rules), module.<execution-alerts>[0].event_rule_pattern (the execution-alert rule) or "
                             f"module.<execution-alerts>[0].notification_failed_rule_pattern (the second channel), "
                             f"or the rule a schedule_expression")
                continue
            kinds[rule.labels[1]] = kind
            expected_file = pattern_files[kind][0]
            arg = call.attributes.get(pattern_files[kind][2])
            file_used = self.resolve_path(self.autoscaler, arg) if arg else None
            if file_used != expected_file.resolve():
                self.problem(f"{call.where}: {pattern_files[kind][2]} resolves to {file_used}, not {self.rel(expected_file)}")
        if "schedule" not in kinds.values():
            self.problem("modules/autoscaler has no schedule rule (schedule_expression): the default trigger")
        templates = {"schedule": "schedule_target_input_template", "alarm": "event_target_input_template",
                     "alert": "target_input_template", "fallback": "notification_failed_target_input_template"}
        notifying = ("alert", "fallback")
        targets = [b for b in self.autoscaler.of_type("resource") if b.labels[0] == "aws_cloudwatch_event_target"]
        for target in targets:
            rule_ref = reference_path(target.attributes.get("rule", {})) or ()
            kind = kinds.get(rule_ref[1]) if rule_ref[:1] == ("aws_cloudwatch_event_rule",) and len(rule_ref) > 1 else None
            if kind is None:
                self.problem(f"{target.where}: rule must be one of the module's event rules (aws_cloudwatch_event_rule.<name>...name)")
                continue
            target_refs = refs(target.attributes.get("arn", {}))
            starts_machine = target_refs == {("aws_sfn_state_machine", "this", "arn")}
            invokes_check = target_refs == {("local", "function_invoke_arns")} and '"check"' in json.dumps(
                target.attributes.get("arn", {}))
            if kind == "schedule" and not invokes_check:
                self.problem(f"{target.where}: schedule targets invoke the check function "
                             f"(arn = local.function_invoke_arns[\"check\"]), which starts the state machine when needed")
            elif kind != "schedule" and starts_machine != (kind not in notifying):
                self.problem(f"{target.where}: alarm targets start the state machine (arn = aws_sfn_state_machine.this.arn); "
                             f"the execution-alert and second-channel targets do not")
            if kind == "fallback" and refs(target.attributes.get("arn", {})) != {("var", "fallback_alert_topic_arn")}:
                self.problem(f"{target.where}: the second channel's target must be var.fallback_alert_topic_arn, "
                             f"a topic that does not depend on the notification topic")
            transformers = target.blocks("input_transformer")
            template = transformers[0].attributes.get("input_template", {}) if transformers else {}
            names = reference_path(template) or ()
            call = calls.get(names[1]) if len(names) == 4 and names[0] == "module" else None
            source_dir = self.trigger.dir if kind not in notifying else self.alerts.dir
            if call is None or self.autoscaler.module_dir(call) != source_dir or names[3] != templates[kind]:
                module_name = "fleet-trigger" if kind not in notifying else "execution-alerts"
                self.problem(f"{target.where}: input_transformer.input_template of a {kind} target must come from the "
                             f"{module_name} module ({templates[kind]})")
        # Inside the pure modules: jsonencode(merge(jsondecode(file(var.event_pattern_file)), { ... }))
        self.pattern_shape_ok(self.trigger, "event_rule_pattern", ["resources"])
        self.pattern_shape_ok(self.alerts, "event_rule_pattern", ["detail"])
        self.pattern_shape_ok(self.alerts, "notification_failed_rule_pattern", ["detail"], "notification_failed_pattern_file")
        for path, _, _ in pattern_files.values():
            self.pattern_file_tested(path)

    # --- execution input --------------------------------------------------------------

    def execution_input_schema(self):
        """The published execution-input schema, which the wire codec generates (make schemas)."""
        source = self.root / SCHEMA
        if not source.is_file():
            raise CheckFailed(f"{self.rel(source)} is missing (make schemas writes it from the code)")
        try:
            schema = json.loads(source.read_text(encoding="utf-8"))
            return schema["properties"]["policy"]["properties"], schema["properties"]["workflow"]["properties"]
        except (ValueError, KeyError, TypeError) as e:
            raise CheckFailed(f"{self.rel(source)} has no properties.policy.properties and "
                              f"properties.workflow.properties ({e!r})")

    def policy_enum_validations(self):
        """{policy field (snake_case): the names a validation of var.policy allows}, from contains([...], ...)."""
        text = (self.trigger.dir / "variables.tf").read_text(encoding="utf-8")
        found = {}
        for m in re.finditer(r"contains\(\[([^\]]*)\],\s*coalesce\(var\.policy\.(\w+)", text):
            found[m.group(2)] = set(re.findall(r'"([^"]*)"', m.group(1)))
        return found

    def object_type_fields(self, module, variable, path):
        """Attribute names of a nested object type, e.g. fleets -> map(object({policy = optional(object({...}))}))."""
        var = module.variables.get(variable)
        if var is None:
            raise CheckFailed(f"{module.rel(module.dir)} has no variable {variable}")
        expr = unwrap(var.attributes["type"])
        steps = list(path)
        while True:
            if expr.get("kind") == "call" and expr["name"] in ("map", "optional", "list", "set", "object"):
                expr = unwrap(expr["args"][0])
                continue
            if expr.get("kind") == "object":
                items = object_items(expr)
                if not steps:
                    return set(items)
                expr = unwrap(items[steps.pop(0)])
                continue
            raise CheckFailed(f"{var.where}: cannot read the type of {variable}")

    def check_execution_input(self):
        wire = self.trigger.locals.get("policy_wire_names")
        workflow_wire = self.trigger.locals.get("workflow_wire_names")
        if wire is None or workflow_wire is None:
            self.problem("modules/fleet-trigger must define local.policy_wire_names and local.workflow_wire_names")
            return
        wire = {k: unwrap(v).get("value") for k, v in object_items(unwrap(wire[0])).items()}
        policy_schema, workflow_schema = self.execution_input_schema()
        components = list(policy_schema)
        expected = [c for c in components if c not in ALARM_NAME_FIELDS]
        for name in sorted(set(expected) - set(wire.values())):
            self.problem(f"ScalingPolicy.{name} cannot be set from Terraform: add it to local.policy_wire_names and the policy types")
        for name in sorted(set(wire.values()) - set(components)):
            self.problem(f"Terraform sends policy.{name}, which is no field of the execution input's policy ({SCHEMA})")
        validations = self.policy_enum_validations()
        for name, field in sorted(policy_schema.items()):
            names = {n for n in field.get("enum", []) if n is not None}
            if not names:
                continue
            allowed = validations.get(camel_to_snake(name))
            if allowed is None:
                self.problem(f"modules/fleet-trigger: var.policy has no validation that "
                             f"{camel_to_snake(name)} is one of {sorted(names)}")
            elif allowed != names:
                self.problem(f"modules/fleet-trigger: var.policy allows {camel_to_snake(name)} in {sorted(allowed)}; "
                             f"the functions accept {sorted(names)} ({SCHEMA})")
        for key, value in sorted(wire.items()):
            if isinstance(value, str) and camel_to_snake(value) != key:
                self.problem(f"local.policy_wire_names: {key} should be {camel_to_snake(value)} (snake_case of {value})")
        for module, variable, path in ((self.trigger, "policy", []), (self.autoscaler, "fleets", ["policy"]),
                                       (self.top, "fleets", ["policy"])):
            fields = self.object_type_fields(module, variable, path)
            if fields != set(wire):
                self.problem(f"{module.rel(module.dir)}: the type of var.{variable}{''.join('.' + p for p in path)} has "
                             f"{sorted(fields ^ set(wire))} unlike local.policy_wire_names")
        workflow_wire = {k: unwrap(v).get("value") for k, v in object_items(unwrap(workflow_wire[0])).items()}
        for module, variable, path in ((self.trigger, "workflow", []), (self.autoscaler, "fleets", ["workflow"]),
                                       (self.top, "fleets", ["workflow"])):
            fields = self.object_type_fields(module, variable, path)
            if fields != set(workflow_wire):
                self.problem(f"{module.rel(module.dir)}: the type of var.{variable}{''.join('.' + p for p in path)} has "
                             f"{sorted(fields ^ set(workflow_wire))} unlike local.workflow_wire_names")
        for name in sorted(set(workflow_wire.values()) - set(workflow_schema)):
            self.problem(f"Terraform sends workflow.{name}, which is no field of the execution input's workflow ({SCHEMA})")
        asl_path = self.root / "statemachine/autoscaler.asl.json"
        if asl_path.is_file():
            asl = asl_path.read_text(encoding="utf-8")
            for name in sorted(workflow_wire.values()):
                if not re.search(r"\b%s\b" % re.escape(name), asl):
                    self.problem(f"Terraform sends workflow.{name} but {self.rel(asl_path)} never mentions {name}")

    # --- functions --------------------------------------------------------------------

    def check_functions(self):
        functions = object_items(unwrap(self.autoscaler.locals["functions"][0])) if "functions" in self.autoscaler.locals else None
        if functions is None:
            self.problem("modules/autoscaler must define local.functions (one entry per handler id)")
            return
        if set(functions) != FUNCTIONS:
            self.problem(f"local.functions has {sorted(functions)}; the contract's handler ids are {sorted(FUNCTIONS)}")
        handler_dir = self.root / "src/main/java/dev/sfautoscaler/handler"
        named = set()
        for source in sorted(handler_dir.glob("*.java")) if handler_dir.is_dir() else []:
            named |= set(re.findall(r"@Named\(\s*\"([^\"]+)\"\s*\)", source.read_text(encoding="utf-8")))
        if not named:
            self.problem(f"{self.rel(handler_dir)} has no @Named handlers to compare the functions with")
        elif named != set(functions):
            self.problem(f"the @Named handlers are {sorted(named)} but Terraform deploys {sorted(functions)}")
        function = self.single_resource(self.autoscaler, "aws_lambda_function")
        env_blocks = function.blocks("environment")
        variables = env_blocks[0].attributes.get("variables", {}) if env_blocks else {}
        env_text = json.dumps(variables)
        handler_set = False
        for expr in [variables] + list(unwrap(variables).get("args", [])):
            items = object_items(unwrap(expr)) if unwrap(expr).get("kind") == "object" else None
            if items and "QUARKUS_LAMBDA_HANDLER" in items:
                handler_set = refs(items["QUARKUS_LAMBDA_HANDLER"]) == {("each", "key")}
        if not handler_set:
            self.problem(f"{function.where}: environment.variables must set QUARKUS_LAMBDA_HANDLER = each.key")
        if "functions" not in env_text and "environment" not in env_text:
            self.problem(f"{function.where}: environment.variables must include each function's own variables (local.functions[*].environment)")
        env_names = set()
        for item in object_items(unwrap(self.autoscaler.locals["functions"][0])).values():
            env = object_items(unwrap(item)).get("environment")
            env_names |= set(object_items(unwrap(env)) or {}) if env else set()
        runtime_env = self.autoscaler.locals.get("runtime_environment")
        runtime_text = json.dumps(runtime_env[0]) if runtime_env else ""
        if "DISABLE_SIGNAL_HANDLERS" not in runtime_text:
            self.problem("local.runtime_environment must set DISABLE_SIGNAL_HANDLERS for native functions")
        if "AUTOSCALER_NOTIFY_TOPIC_ARN" not in env_names:
            self.problem("the notify function must get AUTOSCALER_NOTIFY_TOPIC_ARN")
        config_dir = self.root / "src/main/java/dev/sfautoscaler/config"
        known = set()
        for source in sorted(config_dir.rglob("*.java")) if config_dir.is_dir() else []:
            known |= config_mapping_env_names(source.read_text(encoding="utf-8"))
        if not known:
            self.problem(f"{self.rel(config_dir)} has no @ConfigMapping(prefix = \"autoscaler\") to read the AUTOSCALER_* variables")
            return
        for name in sorted(n for n in env_names if n.startswith("AUTOSCALER_")):
            if name not in known:
                self.problem(f"Terraform sets {name} but the autoscaler config mapping reads no such property "
                             f"(it reads {', '.join(sorted(known))})")

    # --- publishers -------------------------------------------------------------------

    def check_publishers(self):
        module = Module(self.root / "terraform/modules/notifications")
        documents = {b.labels[1]: b for b in module.of_type("data") if b.labels[0] == "aws_iam_policy_document"}
        for name, rule in (("topic", "aws:SourceArn"), ("key", "kms:EncryptionContext:aws:sns:topicArn")):
            doc = documents.get(name)
            if doc is None:
                self.problem(f"modules/notifications has no data.aws_iam_policy_document.{name}")
                continue
            for body, where in policy_statements(doc):
                services = [b for b in body["blocks"] if b["type"] == "principals"
                            and unwrap(b["body"]["attributes"].get("type", {})).get("value") == "Service"]
                if not services:
                    continue
                sid = unwrap(body["attributes"].get("sid", {})).get("value", "?")
                conditions = [b["body"]["attributes"] for b in body["blocks"] if b["type"] == "condition"]
                bound = [c for c in conditions if unwrap(c.get("variable", {})).get("value") == rule]
                if name == "topic":
                    ok = any(unwrap(c.get("test", {})).get("value") == "ArnEquals"
                             and "*" not in json.dumps(c.get("values", {}))
                             and any(r[0] in ("var", "statement") for r in map(traversal_names, c.get("values", {}).get("refs", [])))
                             for c in bound)
                    if not ok:
                        self.problem(f"{where}: topic policy statement {sid} lets a service publish without naming this "
                                     f"deployment's publishers: add a condition ArnEquals aws:SourceArn = their ARNs (a variable, no wildcard)")
                else:
                    ok = any(refs(c.get("values", {})) == {("local", "topic_arn")} for c in bound)
                    if not ok:
                        self.problem(f"{where}: key policy statement {sid} lets a service use the key for any topic: add a "
                                     f"condition StringEquals kms:EncryptionContext:aws:sns:topicArn = local.topic_arn")

    # --- timeouts ---------------------------------------------------------------------

    def check_timeouts(self):
        """var.timeout is validated below the TimeoutSeconds of every function task of the ASL."""
        asl_path = self.root / "statemachine/autoscaler.asl.json"
        if not asl_path.is_file():
            return  # check_placeholders reports it
        try:
            asl = json.loads(asl_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            return  # check_placeholders reports it
        limits = {}
        for name, state in function_tasks(asl.get("States", {})):
            seconds = state.get("TimeoutSeconds")
            if not isinstance(seconds, int):
                self.problem(f"{self.rel(asl_path)}: task {name} invokes a function but has no TimeoutSeconds "
                             f"(TimeoutSecondsPath cannot be checked against the Lambda timeout)")
            else:
                limits[name] = seconds
        if not limits:
            return
        task, limit = min(limits.items(), key=lambda item: item[1])
        variable = self.autoscaler.variables.get("timeout")
        function = self.single_resource(self.autoscaler, "aws_lambda_function")
        if variable is None or refs(function.attributes.get("timeout", {})) != {("var", "timeout")}:
            self.problem(f"{function.where}: timeout must be var.timeout, validated below the tasks' TimeoutSeconds")
            return
        bounds = []
        for validation in variable.blocks("validation"):
            condition = validation.attributes.get("condition", {})
            start, end = condition.get("src", (0, 0))
            source = self.autoscaler.sources[validation.path][start:end].decode("utf-8")
            for op, number in re.findall(r"var\.timeout\s*(<=?)\s*(\d+)\b", source):
                bounds.append(int(number) + (1 if op == "<=" else 0))
        if not bounds:
            self.problem(f"{variable.where}: var.timeout has no validation `var.timeout < {limit}`: a Lambda timeout "
                         f"not below the TimeoutSeconds of task {task} ({limit} s) lets Step Functions give up on a "
                         f"function that still runs")
        elif min(bounds) > limit:
            self.problem(f"{variable.where}: var.timeout is validated below {min(bounds)} s but task {task} of "
                         f"{self.rel(asl_path)} times out after {limit} s; validate var.timeout < {limit}")
        elif min(bounds) < limit:
            self.problem(f"{variable.where}: var.timeout is validated below {min(bounds)} s, not the tasks' "
                         f"TimeoutSeconds ({limit} s, task {task}); keep the two equal")
        default = unwrap(variable.attributes.get("default", {})).get("value")
        if isinstance(default, (int, float)) and default >= limit:
            self.problem(f"{variable.where}: the default timeout {default} s is not below the tasks' TimeoutSeconds ({limit} s)")

    # --- target ids ---------------------------------------------------------------------

    TARGET_ID_FILES = ("terraform/modules/fleet-targets/variables.tf", "terraform/modules/fleet-trigger/variables.tf")

    @staticmethod
    def bare_pattern(pattern):
        """^(?:X)$ or ^X$ -> X with (?: written (, to compare the schema's and Terraform's forms."""
        m = re.fullmatch(r"\^\(\?:(.*)\)\$", pattern) or re.fullmatch(r"\^(.*)\$", pattern)
        return (m.group(1) if m else pattern).replace("(?:", "(")

    def check_target_ids(self):
        source = self.root / SCHEMA
        if not source.is_file():
            raise CheckFailed(f"{self.rel(source)} is missing (make schemas writes it from the code)")
        try:
            properties = json.loads(source.read_text(encoding="utf-8"))["properties"]
            expected = {branch["if"]["properties"]["kind"]["const"]: branch["then"]["properties"]["id"]["pattern"]
                        for branch in properties["target"]["allOf"]}
            legacy = properties["fleetId"]["pattern"]
        except (ValueError, KeyError, TypeError) as e:
            raise CheckFailed(f"{self.rel(source)} has no per-kind target.id patterns and fleetId pattern ({e!r})")
        for name in self.TARGET_ID_FILES:
            path = self.root / name
            if not path.is_file():
                self.problem(f"{name} is missing")
                continue
            found = {}
            for line in path.read_text(encoding="utf-8").splitlines():
                m = re.search(r'regex\("(\^(?:[^"\\]|\\.)*\$)"', line)
                kind = re.search(r'"(%s)"' % "|".join(map(re.escape, expected)), line)
                if m and kind:
                    # HCL string escapes: \\ is one backslash
                    found.setdefault(kind.group(1), set()).add(m.group(1).replace("\\\\", "\\"))
                if m and "spot_fleet_request_id" in line:
                    found.setdefault("spot_fleet_request_id", set()).add(m.group(1).replace("\\\\", "\\"))
            for kind, pattern in sorted(expected.items()):
                patterns = found.get(kind)
                if not patterns:
                    self.problem(f"{name}: no validation of the ids of {kind} targets with regex(...) (the schema's pattern: {pattern})")
                    continue
                for tf_pattern in sorted(patterns):
                    if self.bare_pattern(tf_pattern) != self.bare_pattern(pattern):
                        self.problem(f"{name}: the ids of {kind} targets are validated with {tf_pattern}, but the functions "
                                     f"accept {pattern} ({SCHEMA})")
            for tf_pattern in sorted(found.get("spot_fleet_request_id", ())):
                if self.bare_pattern(tf_pattern) != self.bare_pattern(legacy):
                    self.problem(f"{name}: spot_fleet_request_id is validated with {tf_pattern}, but the functions "
                                 f"accept fleetId {legacy} ({SCHEMA})")

    # --- examples that must need no Spot Fleet permission ----------------------------------

    NO_SPOT_FLEET_EXAMPLES = ("terraform/examples/auto-scaling-group", "terraform/examples/ec2-fleet")

    def check_examples_without_spot_fleet(self):
        for name in self.NO_SPOT_FLEET_EXAMPLES:
            if not (self.root / name).is_dir():
                self.problem(f"{name} is missing")
                continue
            example = Module(self.root / name)
            for (rtype, label), block in sorted(example.resources.items()):
                if rtype in ("aws_spot_fleet_request", "aws_spot_instance_request"):
                    self.problem(f"{block.where}: {name} must run without Spot Fleet permissions, but creates {rtype}.{label}")
            autoscalers = []
            for call_name, call in sorted(example.module_calls.items()):
                directory = example.module_dir(call)
                if directory is not None and directory.name == "spot-fleet":
                    self.problem(f"{call.where}: {name} must run without Spot Fleet permissions, but uses modules/spot-fleet")
                if directory == (self.root / "terraform").resolve():
                    autoscalers.append(call)
            if not autoscalers:
                self.problem(f"{name} does not call the root module (source = \"../..\")")
            for call in autoscalers:
                fleets = object_items(unwrap(call.attributes.get("fleets", {"kind": "none"})))
                if not fleets:
                    self.problem(f"{call.where}: the fleets of {name} must be a literal map, so this check can read their targets")
                    continue
                for key, value in sorted(fleets.items()):
                    fleet = object_items(unwrap(value)) or {}
                    target = object_items(unwrap(fleet.get("target", {"kind": "none"}))) or {}
                    kind = unwrap(target.get("kind", {})).get("value")
                    if "spot_fleet_request_id" in fleet or kind not in ("auto-scaling-group", "ec2-fleet"):
                        self.problem(f"{call.where}: fleet {key} of {name} must name a target of kind auto-scaling-group or "
                                     f"ec2-fleet (a literal kind), not a spot fleet: the example must need no Spot Fleet permission")

    def check_metrics(self):
        """Every metric of decide's namespace that Terraform names is one the code emits (name and dimensions)."""
        emitter = self.root / METRICS_EMITTER
        if not emitter.is_file():
            raise CheckFailed(f"{METRICS_EMITTER} is missing: the metrics check reads what decide emits from it")
        namespace, emitted = emitted_metrics(emitter.read_text(encoding="utf-8"))
        named = []  # (where, metric name, dimension names or None when the form gives none)
        for directory in all_module_dirs(self.root / "terraform"):
            module = Module(directory)
            for block in module.blocks:
                where = f"{self.rel(block.path)}:{block.line}"
                if block.type == "resource" and block.labels[0] == "aws_cloudwatch_metric_alarm":
                    self.alarm_metrics(module, block.body, where, namespace, named)
                for expr in body_exprs(block.body):
                    for node in all_exprs(expr):
                        self.dashboard_metrics(module, node, block, namespace, named)
        if (self.root / DASHBOARD).is_file() and not any(w.startswith(DASHBOARD + ":") for w, _, _ in named):
            self.problem(f"{DASHBOARD} names no {namespace} metric in a form this check reads (a metric array "
                         f'["{namespace}", "<name>", "Fleet", <id>] or a SEARCH with MetricName="<name>"): '
                         f"it cannot prove the dashboard's metrics are emitted")
        for where, name, dims in dict.fromkeys(named):
            if name not in emitted:
                self.problem(f"{where}: {namespace} metric {name!r} is not one decide emits "
                             f"({', '.join(sorted(emitted))}; read from {METRICS_EMITTER})")
            elif dims is not None and tuple(sorted(dims)) != tuple(sorted(emitted[name])):
                self.problem(f"{where}: {namespace} metric {name} with dimensions [{', '.join(dims)}]: decide "
                             f"emits it with [{', '.join(emitted[name])}] only, so CloudWatch has no such series")

    def alarm_metrics(self, module, body, where, namespace, named):
        """The metric of an alarm (or of each metric block of its metric_query blocks) in our namespace."""
        bodies = [body] + [m["body"] for q in body["blocks"] if q["type"] == "metric_query"
                           for m in q["body"]["blocks"] if m["type"] == "metric"]
        for b in bodies:
            attrs = b["attributes"]
            if "namespace" not in attrs:
                continue
            ns = string_value(self.resolve_local(module, attrs["namespace"]))
            if ns is None:
                self.problem(f"{where}: the alarm's namespace is not a constant; the metrics check cannot read it")
                continue
            if ns != namespace:
                continue
            name = string_value(self.resolve_local(module, attrs.get("metric_name", {})))
            items = object_items(unwrap(attrs["dimensions"])) if "dimensions" in attrs else {}
            if name is None or items is None:
                self.problem(f"{where}: an alarm on {namespace} needs a constant metric_name and a dimensions "
                             f"object with constant keys, for the metrics check to read them")
                continue
            named.append((where, name, tuple(items)))

    def dashboard_metrics(self, module, node, block, namespace, named):
        """A metric array or a SEARCH expression of our namespace in any expression."""
        where = f"{self.rel(block.path)}:{node.get('line', block.line)}"
        if node.get("kind") == "tuple" and node.get("items"):
            items = node["items"]
            first = items[0]
            if unwrap(first).get("kind") == "traversal" and unwrap(first)["traversal"][0] == "local":
                first = self.resolve_local(module, first)
            if string_value(first) != namespace:
                return
            strings = [string_value(i) if unwrap(i).get("kind") != "object" else None for i in items]
            if len(items) < 2 or strings[1] in (None, "...", "."):
                self.problem(f"{where}: a {namespace} metric array must give its metric name as a constant "
                             f"(no \"...\" or \".\" shorthand), for the metrics check to read it")
                return
            dims = []
            for i in range(2, len(items), 2):
                if unwrap(items[i]).get("kind") == "object":
                    break
                if strings[i] in (None, "...", "."):
                    self.problem(f"{where}: dimension {i // 2} of {namespace} {strings[1]} is not a constant name")
                    return
                dims.append(strings[i])
            named.append((where, strings[1], tuple(dims)))
        elif node.get("kind") in ("template", "literal"):
            text = template_text(node)
            if not text or "SEARCH(" not in text or "{" + namespace not in text:
                return
            for schema in re.finditer(r"\{%s((?:,[^,}]+)*)\}" % re.escape(namespace), text):
                dims = tuple(d.strip().strip('"') for d in schema.group(1).split(",") if d.strip())
                metric = re.search(r"MetricName\s*=\s*\\?\"?([A-Za-z0-9_.-]+)", text[schema.end():])
                if not metric:
                    self.problem(f"{where}: a SEARCH of {namespace} without MetricName=\"<name>\": the metrics "
                                 f"check cannot prove it finds a metric decide emits")
                    continue
                named.append((where, metric.group(1), dims))

    def run(self):
        for step in (self.check_placeholders, self.check_event_pattern, self.check_execution_input, self.check_functions,
                     self.check_timeouts, self.check_publishers, self.check_target_ids,
                     self.check_examples_without_spot_fleet, self.check_metrics):
            try:
                step()
            except CheckFailed as e:
                self.problem(str(e))
        return self.problems


def main(root):
    try:
        problems = Contracts(root).run()
    except CheckFailed as e:
        problems = [str(e)]
    report("contracts (ASL placeholders, event pattern, execution input, functions, metrics)", problems)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
