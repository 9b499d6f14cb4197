output "state_machine_arn" {
  description = "ARN of the autoscaler state machine."
  value       = aws_sfn_state_machine.this.arn
}

output "state_machine_name" {
  description = "Name of the autoscaler state machine."
  value       = aws_sfn_state_machine.this.name
}

output "state_machine_log_group_name" {
  description = "Log group of the state machine's executions."
  value       = aws_cloudwatch_log_group.state_machine.name
}

output "lambda_function_arns" {
  description = "ARNs of the six functions (the workflow's five and check), by handler id."
  value       = { for key, fn in aws_lambda_function.this : key => fn.arn }
}

output "lambda_function_names" {
  description = "Names of the six functions (the workflow's five and check), by handler id."
  value       = { for key, fn in aws_lambda_function.this : key => fn.function_name }
}

output "lambda_log_group_names" {
  description = "Log groups of the six functions (the workflow's five and check), by handler id."
  value       = { for key, group in aws_cloudwatch_log_group.function : key => group.name }
}

output "iam_role_arns" {
  description = "ARNs of the roles: one per function, the state machine's and EventBridge's."
  value = merge(
    { for key, role in aws_iam_role.function : key => role.arn },
    { state-machine = aws_iam_role.state_machine.arn, eventbridge = aws_iam_role.eventbridge.arn },
  )
}

output "event_rule_arns" {
  description = "ARNs of the alarm rules, by fleet key (fleets with alarms only)."
  value       = { for key, rule in aws_cloudwatch_event_rule.fleet : key => rule.arn }
}

output "schedule_rule_arns" {
  description = "ARNs of the schedule rules, by fleet key (fleets with enable_schedule only)."
  value       = { for key, rule in aws_cloudwatch_event_rule.schedule : key => rule.arn }
}

output "execution_alert_rule_arn" {
  description = "ARN of the rule that reports TIMED_OUT, ABORTED and unreported FAILED executions to the topic (null when create_execution_alerts is false); the topic policy must let it publish."
  value       = try(aws_cloudwatch_event_rule.execution_alerts[0].arn, null)
}

output "dead_letter_queue_url" {
  description = "URL of the queue that keeps events EventBridge could not deliver (schedule, alarm, execution alert)."
  value       = aws_sqs_queue.dead_letter.id
}

output "state_machine_execution_inputs" {
  description = "Execution input of a manual run, by fleet key (JSON): aws stepfunctions start-execution --input '<this>'."
  value       = { for key, trigger in module.trigger : key => jsonencode(trigger.execution_input) }
}

output "notification_failed_rule_arn" {
  description = "ARN of the rule that sends executions whose failure report could not be sent to fallback_alert_topic_arn (null without one); the fallback topic's policy must let it publish."
  value       = try(aws_cloudwatch_event_rule.notification_failed[0].arn, null)
}

output "notification_alarm_arns" {
  description = "ARNs of this module's alarms that publish to the notification topic (the dead-letter alarm; the executions-failed alarm when there is no fallback topic); the topic policy must let them publish."
  value = concat(
    [for alarm in aws_cloudwatch_metric_alarm.dead_letter : alarm.arn],
    var.fallback_alert_topic_arn == null ? [for alarm in aws_cloudwatch_metric_alarm.executions_failed : alarm.arn] : [],
  )
}

output "alert_alarm_arns" {
  description = "ARNs of the alarms about the autoscaler itself (executions failed, events undelivered); with fallback_alert_topic_arn its policy must let them publish."
  value = concat(
    [for alarm in aws_cloudwatch_metric_alarm.executions_failed : alarm.arn],
    [for alarm in aws_cloudwatch_metric_alarm.dead_letter : alarm.arn],
  )
}

output "state_table_name" {
  description = "Name of the DynamoDB state table (AUTOSCALER_STATE_TABLE of read-capacity, modify and notify)."
  value       = aws_dynamodb_table.state.name
}

output "state_table_arn" {
  description = "ARN of the DynamoDB state table; the functions' roles are scoped to it."
  value       = aws_dynamodb_table.state.arn
}

output "dashboard_name" {
  description = "Name of the CloudWatch dashboard (null when dashboard_enabled is false)."
  value       = one(aws_cloudwatch_dashboard.this[*].dashboard_name)
}

output "dashboard_url" {
  description = "The dashboard in the CloudWatch console of the aws partition (null when dashboard_enabled is false)."
  value       = var.dashboard_enabled ? "https://${local.region}.console.aws.amazon.com/cloudwatch/home?region=${local.region}#dashboards/dashboard/${local.dashboard_name}" : null
}
