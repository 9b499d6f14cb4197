data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.region
  account_id = data.aws_caller_identity.current.account_id

  # What each fleet key scales, { kind, id } (kind spot-fleet, ec2-fleet or auto-scaling-group);
  # a legacy spot_fleet_request_id is a spot-fleet target. Read a fleet's target here, never its
  # spot_fleet_request_id.
  fleet_targets = module.targets.targets

  # The six handlers of the one zip, by their @Named id (QUARKUS_LAMBDA_HANDLER): the workflow's five
  # (drain: a scale-in that drains the instances that leave), and check, which the schedule invokes (events.tf).
  functions = {
    "read-capacity" = {
      description = "Reads a target's capacity (spot fleet, EC2 Fleet or Auto Scaling group) and its queue's backlog"
      environment = { AUTOSCALER_STATE_TABLE = aws_dynamodb_table.state.name }
    }
    decide = {
      description = "Decides a target's new capacity from the policy"
      environment = { AUTOSCALER_METRICS = local.metrics_switch }
    }
    modify = {
      description = "Sets a target's capacity (target capacity or desired capacity) and marks the change"
      environment = {
        AUTOSCALER_MARKER_TAG_KEY = var.marker_tag_key
        AUTOSCALER_STATE_TABLE    = aws_dynamodb_table.state.name
        AUTOSCALER_GUARD_BOUNDS   = "state-table"
      }
    }
    notify = {
      description = "Reports each change or failure to SNS"
      environment = {
        AUTOSCALER_NOTIFY_TOPIC_ARN = var.notify_topic_arn
        AUTOSCALER_STATE_TABLE      = aws_dynamodb_table.state.name
      }
    }
    drain = {
      description = "Drains the instances a scale-in removes: tags them, waits for their workers, terminates exactly those"
      environment = {
        AUTOSCALER_MARKER_TAG_KEY = var.marker_tag_key
        AUTOSCALER_STATE_TABLE    = aws_dynamodb_table.state.name
        AUTOSCALER_GUARD_BOUNDS   = "state-table"
      }
    }
    check = {
      description = "On the schedule: reads and decides, starts the state machine only when there is something to do"
      environment = {
        AUTOSCALER_STATE_TABLE       = aws_dynamodb_table.state.name
        AUTOSCALER_STATE_MACHINE_ARN = local.state_machine_arn
        AUTOSCALER_METRICS           = local.metrics_switch
      }
    }
  }

  # decide's metrics, also written when check decides through decide's handler.
  metrics_switch = var.metrics_enabled ? "on" : "off"

  # The state machine's ARN from its name: check's environment cannot refer to the state machine,
  # whose definition refers to the functions (a cycle). A postcondition on it keeps the two equal.
  state_machine_arn = "arn:${local.partition}:states:${local.region}:${local.account_id}:stateMachine:${var.name}"

  native = var.runtime_mode == "native"

  runtime     = local.native ? "provided.al2023" : "java21"
  handler     = local.native ? "bootstrap" : "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest"
  memory_size = coalesce(var.memory_size, local.native ? 256 : 1024)
  # A native image installs no JVM signal handlers; Quarkus asks for this on Lambda.
  runtime_environment = local.native ? { DISABLE_SIGNAL_HANDLERS = "true" } : {}

  function_names = { for key in keys(local.functions) : key => "${var.name}-${key}" }

  queue_arns = distinct([for fleet in values(var.fleets) : fleet.queue_arn])
  alarm_arns = flatten([for key, fleet in var.fleets : module.trigger[key].alarm_arns])

  definition_file              = coalesce(var.state_machine_definition_file, "${path.module}/../../../statemachine/autoscaler.asl.json")
  event_pattern_file           = coalesce(var.event_pattern_file, "${path.module}/../../../statemachine/alarm-event-pattern.json")
  execution_alert_pattern_file = "${path.module}/../../../statemachine/execution-alert-pattern.json"
  # The second channel's rule: executions whose failure report could not be sent.
  notification_failed_pattern_file = "${path.module}/../../../statemachine/notification-failed-pattern.json"
}

################################################################################
# Targets: each fleet's { kind, id }, checked (exactly one of target and spot_fleet_request_id,
# the id grammar of its kind, one fleet per target), and their ARNs by kind for the IAM policies.
################################################################################

module "targets" {
  source = "../fleet-targets"

  fleets     = { for key, fleet in var.fleets : key => { target = fleet.target, spot_fleet_request_id = fleet.spot_fleet_request_id } }
  partition  = local.partition
  region     = local.region
  account_id = local.account_id
}

################################################################################
# State table: the functions' leases (one execution at a time changes a fleet) and failure-alert
# records (a lasting failure is mailed once, then at a back-off). Items expire by TTL (expiresAt).
################################################################################

resource "aws_dynamodb_table" "state" {
  #checkov:skip=CKV_AWS_28:no point-in-time recovery: the state is rebuildable (a lost lease is taken again, a lost alert record only mails once more)
  name         = "${var.name}-state"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  ttl {
    attribute_name = "expiresAt"
    enabled        = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.state_table_kms_key_arn
  }

  tags = var.tags
}

################################################################################
# Guard bounds: the capacities modify may set on each target, whatever the execution input says
# (the policy travels in the input; these bounds live with the deployment). One item per fleet in
# the state table, guard#<target id> (modules/guard-items), which modify reads when it checks that
# fleet (AUTOSCALER_GUARD_BOUNDS = "state-table"): no function may write them (iam.tf), and their
# number does not count against Lambda's 4 KB of environment, so one deployment takes hundreds of
# fleets. Changing a guard is a plan diff on its item and applies at the next modify.
################################################################################

module "guard_items" {
  source = "../guard-items"

  guards = { for key, target in local.fleet_targets : key => merge({ target_id = target.id }, module.trigger[key].guard_bounds) }
}

resource "aws_dynamodb_table_item" "guard" {
  for_each = module.guard_items.items

  table_name = aws_dynamodb_table.state.name
  hash_key   = aws_dynamodb_table.state.hash_key
  item       = each.value
}

################################################################################
# Lambda functions
################################################################################

resource "aws_cloudwatch_log_group" "function" {
  #checkov:skip=CKV_AWS_158:CloudWatch Logs encrypts at rest by default; set cloudwatch_logs_kms_key_arn for a customer managed key
  for_each = local.function_names

  name              = "/aws/lambda/${each.value}"
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.cloudwatch_logs_kms_key_arn
  tags              = var.tags
}

resource "aws_lambda_function" "this" {
  #checkov:skip=CKV_AWS_116:Step Functions invokes the workflow's functions synchronously and handles their errors; check, invoked asynchronously by the schedule, sends failed events to the dead-letter queue through aws_lambda_function_event_invoke_config.check (events.tf)
  #checkov:skip=CKV_AWS_117:the functions call only public AWS APIs; a VPC would add NAT or endpoints and no protection
  #checkov:skip=CKV_AWS_115:off by default (README, reserved concurrency): reserving takes concurrency from the account and can fail on a low limit; set reserved_concurrent_executions to cap it
  #checkov:skip=CKV_AWS_272:the zip is built by the user; set code_signing_config_arn to enforce signed code
  #checkov:skip=CKV_AWS_173:the environment holds no secrets (handler id, topic ARN, tag key, table name, state machine ARN); Lambda encrypts it at rest with an AWS managed key
  for_each = local.functions

  function_name    = local.function_names[each.key]
  description      = each.value.description
  role             = aws_iam_role.function[each.key].arn
  filename         = var.function_zip_path
  source_code_hash = filebase64sha256(var.function_zip_path)
  runtime          = local.runtime
  handler          = local.handler
  architectures    = var.architectures
  memory_size      = local.memory_size
  timeout          = var.timeout

  reserved_concurrent_executions = var.reserved_concurrent_executions
  code_signing_config_arn        = var.code_signing_config_arn
  # SnapStart works on published versions only; the state machine then calls the version.
  publish = !local.native

  environment {
    variables = merge(
      { QUARKUS_LAMBDA_HANDLER = each.key },
      local.runtime_environment,
      each.value.environment,
    )
  }

  dynamic "snap_start" {
    for_each = local.native ? [] : ["PublishedVersions"]

    content {
      apply_on = snap_start.value
    }
  }

  tracing_config {
    mode = each.key == "check" ? var.check_tracing_mode : var.lambda_tracing_mode
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.function[each.key].name
  }

  tags = var.tags

  # The guard items first: a modify before them would refuse every change (no guard for the fleet).
  depends_on = [aws_iam_role_policy.function, aws_dynamodb_table_item.guard]

  lifecycle {
    # Lambda allows 4 KB of environment variables per function, names and values together. No variable
    # grows with the fleets (the guard bounds are state table items): fail the plan with this, not the
    # apply with Lambda's error, should one ever do.
    precondition {
      condition     = length(jsonencode(merge({ QUARKUS_LAMBDA_HANDLER = each.key }, local.runtime_environment, each.value.environment))) <= 4000
      error_message = "The ${each.key} function's environment is over Lambda's 4 KB (names and values together); keep per-fleet settings out of it (the execution input, or the state table as for the guard bounds)."
    }
  }
}

locals {
  # What the state machine invokes: the published version when SnapStart is on.
  function_invoke_arns = { for key, fn in aws_lambda_function.this : key => local.native ? fn.arn : fn.qualified_arn }
}
