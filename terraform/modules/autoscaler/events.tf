################################################################################
# EventBridge: one rule per fleet, matching its alarms entering ALARM
################################################################################

module "trigger" {
  source   = "../fleet-trigger"
  for_each = var.fleets

  spot_fleet_request_id = each.value.spot_fleet_request_id
  queue_url             = each.value.queue_url
  policy                = each.value.policy
  workflow              = each.value.workflow
  dry_run               = each.value.dry_run
  scale_out_alarm       = each.value.scale_out_alarm
  scale_in_alarm        = each.value.scale_in_alarm
  event_pattern_file    = local.event_pattern_file
}

resource "aws_cloudwatch_event_rule" "fleet" {
  for_each = var.fleets

  name          = "${var.name}-${each.key}"
  description   = "Starts ${var.name} for fleet ${each.value.spot_fleet_request_id} when its backlog alarms go to ALARM"
  event_pattern = module.trigger[each.key].event_rule_pattern
  tags          = var.tags
}

resource "aws_cloudwatch_event_target" "fleet" {
  for_each = var.fleets

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
# Dead-letter queue: events EventBridge could not deliver
################################################################################

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
      values   = [for rule in aws_cloudwatch_event_rule.fleet : rule.arn]
    }
  }
}

resource "aws_sqs_queue_policy" "dead_letter" {
  queue_url = aws_sqs_queue.dead_letter.id
  policy    = data.aws_iam_policy_document.dead_letter.json
}

resource "aws_cloudwatch_metric_alarm" "dead_letter" {
  count = var.create_dead_letter_alarm ? 1 : 0

  alarm_name          = "${var.name}-events-undelivered"
  alarm_description   = "EventBridge could not start ${var.name} for an alarm event; the event is in ${aws_sqs_queue.dead_letter.name}."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.dead_letter.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.notify_topic_arn]
  tags                = var.tags
}
