################################################################################
# EventBridge: the schedule rules (the default trigger: per schedule expression, a rule for up to five
# check invocations of schedule_fleets_per_check fleets each) and, per fleet with backlog alarms, a
# rule matching them entering ALARM, which starts the state machine. The fleets' execution inputs
# are built by modules/fleet-trigger.
################################################################################

module "trigger" {
  source   = "../fleet-trigger"
  for_each = var.fleets

  target             = local.fleet_targets[each.key]
  queue_url          = each.value.queue_url
  policy             = each.value.policy
  workflow           = each.value.workflow
  dry_run            = each.value.dry_run
  guard_min_capacity = each.value.guard_min_capacity
  guard_max_capacity = each.value.guard_max_capacity
  scale_out_alarm    = each.value.scale_out_alarm
  scale_in_alarm     = each.value.scale_in_alarm
  event_pattern_file = local.event_pattern_file
}

locals {
  # Decided by the configuration alone (not by ARNs only known after apply), as for_each needs.
  alarm_fleets     = { for key, fleet in var.fleets : key => fleet if fleet.scale_out_alarm != null || fleet.scale_in_alarm != null }
  scheduled_fleets = { for key, fleet in var.fleets : key => fleet if fleet.enable_schedule }
}

# The schedule: one rule per schedule expression and up to five targets a rule, each target one check
# invocation for up to schedule_fleets_per_check fleets (modules/schedule-groups). 200 fleets on
# rate(1 minute) are 2 rules and 10 invocations a minute, not 200 rules: EventBridge's default quota
# is 300 rules a bus, and each rule would add a statement to check's resource policy (20 KB at most).
module "schedule_groups" {
  source = "../schedule-groups"

  fleets            = { for key, fleet in local.scheduled_fleets : key => { schedule_expression = fleet.schedule_expression, input = module.trigger[key].schedule_fleet_input } }
  fleets_per_target = var.schedule_fleets_per_check
}

resource "aws_cloudwatch_event_rule" "schedule" {
  for_each = module.schedule_groups.rules

  name                = "${var.name}-schedule-${each.key}"
  description         = "Checks ${var.name}'s fleets on ${each.value.schedule_expression}: the check function reads their live queues and targets together, decides each once and starts the state machine only for a change"
  schedule_expression = each.value.schedule_expression
  tags                = var.tags
}

# The schedule invokes the check function, not the state machine: a minute with nothing to change
# costs a share of one small Lambda invocation instead of a Standard execution (README: the bill).
# check starts the state machine with a fleet's own input when there is a change, an open failure
# alert or a failure for that fleet.
resource "aws_cloudwatch_event_target" "schedule" {
  for_each = module.schedule_groups.targets

  rule = aws_cloudwatch_event_rule.schedule[each.value.rule].name
  # Lambda targets take no role: aws_lambda_permission.schedule lets this rule invoke check.
  arn = local.function_invoke_arns["check"]

  # check's list form: each fleet's execution input (target, queue, policy, workflow without
  # maxRounds: one round per tick) and, once, the whole "Scheduled Event".
  input_transformer {
    input_template = module.schedule_groups.targets[each.key].input_template
  }

  retry_policy {
    maximum_retry_attempts       = var.event_maximum_retry_attempts
    maximum_event_age_in_seconds = var.event_maximum_age_in_seconds
  }

  dead_letter_config {
    arn = aws_sqs_queue.dead_letter.arn
  }

  lifecycle {
    precondition {
      condition     = length(module.schedule_groups.oversized_targets) == 0
      error_message = "A schedule target's input is over EventBridge's 8,192 characters: lower schedule_fleets_per_check."
    }
  }
}

resource "aws_lambda_permission" "schedule" {
  for_each = module.schedule_groups.rules

  statement_id  = "${var.name}-schedule-${each.key}"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this["check"].function_name
  # The published version when SnapStart is on, as the target invokes it.
  qualifier      = local.native ? null : aws_lambda_function.this["check"].version
  principal      = "events.amazonaws.com"
  source_arn     = aws_cloudwatch_event_rule.schedule[each.key].arn
  source_account = local.account_id
}

# EventBridge invokes check asynchronously: Lambda retries a failed invocation twice, then sends the
# event to the dead-letter queue (check fails only when it could not start a needed execution).
resource "aws_lambda_function_event_invoke_config" "check" {
  function_name                = aws_lambda_function.this["check"].function_name
  qualifier                    = local.native ? null : aws_lambda_function.this["check"].version
  maximum_retry_attempts       = 2
  maximum_event_age_in_seconds = var.event_maximum_age_in_seconds

  destination_config {
    on_failure {
      destination = aws_sqs_queue.dead_letter.arn
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "check_errors" {
  count = var.create_check_errors_alarm ? 1 : 0

  alarm_name        = "${var.name}-check-errors"
  alarm_description = "The check function of ${var.name} failed in the last 5 minutes: a scheduled evaluation that needed the state machine could not start it (its log says why; after two retries the event is in ${aws_sqs_queue.dead_letter.name})."
  namespace         = "AWS/Lambda"
  metric_name       = "Errors"
  dimensions        = { FunctionName = aws_lambda_function.this["check"].function_name }
  statistic         = "Sum"
  period            = 300
  # Only entering ALARM mails: a lasting failure is one mail, not one a tick.
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alert_alarm_actions
  tags                = var.tags
}

resource "aws_cloudwatch_event_rule" "fleet" {
  for_each = local.alarm_fleets

  name          = "${var.name}-${each.key}"
  description   = "Starts ${var.name} for ${module.targets.labels[each.key]} when its backlog alarms go to ALARM"
  event_pattern = module.trigger[each.key].event_rule_pattern
  tags          = var.tags
}

resource "aws_cloudwatch_event_target" "fleet" {
  for_each = local.alarm_fleets

  rule     = aws_cloudwatch_event_rule.fleet[each.key].name
  arn      = aws_sfn_state_machine.this.arn
  role_arn = aws_iam_role.eventbridge.arn

  # The execution input: fleet, queue, policy and workflow, and the whole alarm event.
  input_transformer {
    input_template = module.trigger[each.key].event_target_input_template
  }

  retry_policy {
    maximum_retry_attempts       = var.event_maximum_retry_attempts
    maximum_event_age_in_seconds = var.event_maximum_age_in_seconds
  }

  dead_letter_config {
    arn = aws_sqs_queue.dead_letter.arn
  }
}

################################################################################
# Execution alerts: an execution that ends TIMED_OUT (the definition's TimeoutSeconds) or ABORTED
# sends no report of its own, and one that failed before or while reporting is FAILED without one.
# EventBridge sees every execution status change; this rule tells the topic about those (a FAILED
# execution whose error is sfautoscaler.FailureReported has told it already).
################################################################################

module "execution_alerts" {
  source = "../execution-alerts"
  count  = var.create_execution_alerts || var.fallback_alert_topic_arn != null ? 1 : 0

  state_machine_arn                = aws_sfn_state_machine.this.arn
  event_pattern_file               = local.execution_alert_pattern_file
  notification_failed_pattern_file = local.notification_failed_pattern_file
}

resource "aws_cloudwatch_event_rule" "execution_alerts" {
  count = var.create_execution_alerts ? 1 : 0

  name          = "${var.name}-execution-alerts"
  description   = "Reports ${var.name} executions that end TIMED_OUT, ABORTED, or FAILED without a failure report to the notification topic"
  event_pattern = module.execution_alerts[0].event_rule_pattern
  tags          = var.tags
}

resource "aws_cloudwatch_event_target" "execution_alerts" {
  count = var.create_execution_alerts ? 1 : 0

  rule = aws_cloudwatch_event_rule.execution_alerts[0].name
  # SNS targets take no role: the topic policy lets this rule publish (modules/notifications).
  arn = var.notify_topic_arn

  input_transformer {
    input_paths    = module.execution_alerts[0].target_input_paths
    input_template = module.execution_alerts[0].target_input_template
  }

  retry_policy {
    maximum_retry_attempts       = var.event_maximum_retry_attempts
    maximum_event_age_in_seconds = var.event_maximum_age_in_seconds
  }

  dead_letter_config {
    arn = aws_sqs_queue.dead_letter.arn
  }
}

################################################################################
# Second channel: when the notification topic itself fails, a failure report cannot reach it, and
# neither can the execution alert. The workflow then ends with sfautoscaler.NotificationFailed
# (its cause says whether the fleet was changed); this rule sends those executions to a topic that
# does not depend on the first, and an alarm on the state machine's ExecutionsFailed metric goes
# there too (or, without a fallback topic, to the notification topic).
################################################################################

resource "aws_cloudwatch_event_rule" "notification_failed" {
  count = var.fallback_alert_topic_arn != null ? 1 : 0

  name          = "${var.name}-notification-failed"
  description   = "Sends ${var.name} executions whose failure report could not be sent to the fallback alert topic"
  event_pattern = module.execution_alerts[0].notification_failed_rule_pattern
  tags          = var.tags
}

resource "aws_cloudwatch_event_target" "notification_failed" {
  count = var.fallback_alert_topic_arn != null ? 1 : 0

  rule = aws_cloudwatch_event_rule.notification_failed[0].name
  # SNS targets take no role: the fallback topic's policy must let this rule publish.
  arn = var.fallback_alert_topic_arn

  input_transformer {
    input_paths    = module.execution_alerts[0].notification_failed_target_input_paths
    input_template = module.execution_alerts[0].notification_failed_target_input_template
  }

  retry_policy {
    maximum_retry_attempts       = var.event_maximum_retry_attempts
    maximum_event_age_in_seconds = var.event_maximum_age_in_seconds
  }

  dead_letter_config {
    arn = aws_sqs_queue.dead_letter.arn
  }
}

locals {
  # Where the alarms about the autoscaler itself go: the fallback topic when there is one (they
  # matter most when the notification topic is what fails), else the notification topic.
  alert_alarm_actions = [coalesce(var.fallback_alert_topic_arn, var.notify_topic_arn)]
}

resource "aws_cloudwatch_metric_alarm" "executions_failed" {
  count = var.create_executions_failed_alarm ? 1 : 0

  alarm_name          = "${var.name}-executions-failed"
  alarm_description   = "Executions of ${var.name} failed in the last 5 minutes. A failure the topic was told about ends with sfautoscaler.FailureReported; one whose report could not be sent ends with sfautoscaler.NotificationFailed (its cause says whether the fleet was changed). The execution list of the state machine shows which."
  namespace           = "AWS/States"
  metric_name         = "ExecutionsFailed"
  dimensions          = { StateMachineArn = aws_sfn_state_machine.this.arn }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  # Only entering ALARM mails: a lasting failure is one mail, not one a tick.
  alarm_actions = local.alert_alarm_actions
  tags          = var.tags
}

################################################################################
# Dead-letter queue: events EventBridge could not deliver
################################################################################

locals {
  event_rule_arns = concat(
    [for rule in aws_cloudwatch_event_rule.schedule : rule.arn],
    [for rule in aws_cloudwatch_event_rule.fleet : rule.arn],
    [for rule in aws_cloudwatch_event_rule.execution_alerts : rule.arn],
    [for rule in aws_cloudwatch_event_rule.notification_failed : rule.arn],
  )
}

resource "aws_sqs_queue" "dead_letter" {
  name                      = "${var.name}-events-dlq"
  message_retention_seconds = var.dead_letter_message_retention_seconds
  sqs_managed_sse_enabled   = true
  tags                      = var.tags
}

data "aws_iam_policy_document" "dead_letter" {
  statement {
    sid       = "EventBridgeRulesSendUndeliveredEvents"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.dead_letter.arn]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = local.event_rule_arns
    }
  }
}

resource "aws_sqs_queue_policy" "dead_letter" {
  queue_url = aws_sqs_queue.dead_letter.id
  policy    = data.aws_iam_policy_document.dead_letter.json
}

resource "aws_cloudwatch_metric_alarm" "dead_letter" {
  count = var.create_dead_letter_alarm ? 1 : 0

  alarm_name        = "${var.name}-events-undelivered"
  alarm_description = "EventBridge could not deliver a schedule, alarm or execution-alert event of ${var.name}, or the check function failed on a scheduled event; the event is in ${aws_sqs_queue.dead_letter.name}."
  # An undelivered execution alert may mean the notification topic fails: tell the fallback too.
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.dead_letter.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = distinct([var.notify_topic_arn, coalesce(var.fallback_alert_topic_arn, var.notify_topic_arn)])
  tags                = var.tags
}
