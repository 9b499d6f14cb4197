output "state_machine_arn" {
  description = "ARN of the autoscaler state machine (aws stepfunctions start-execution --state-machine-arn ...)."
  value       = module.autoscaler.state_machine_arn
}

output "state_machine_log_group_name" {
  description = "Log group of the state machine's executions."
  value       = module.autoscaler.state_machine_log_group_name
}

output "lambda_function_names" {
  description = "Names of the five functions (the workflow's four and check), by handler id."
  value       = module.autoscaler.lambda_function_names
}

output "lambda_log_group_names" {
  description = "Log groups of the five functions (the workflow's four and check), by handler id."
  value       = module.autoscaler.lambda_log_group_names
}

output "sns_topic_arn" {
  description = "ARN of the topic that receives change and failure reports."
  value       = module.notifications.sns_topic_arn
}

output "dead_letter_queue_url" {
  description = "URL of the queue that keeps events EventBridge could not deliver (schedule, alarm, execution alert)."
  value       = module.autoscaler.dead_letter_queue_url
}

output "schedule_rule_arns" {
  description = "EventBridge schedule rules by fleet key (fleets with enable_schedule)."
  value       = module.autoscaler.schedule_rule_arns
}

output "cloudwatch_alarm_names" {
  description = "Backlog alarms by fleet key (fleets with create_alarms, the default): scale_out and scale_in (null when not created)."
  value = {
    for key, alarms in module.queue_alarms : key => {
      scale_out = alarms.scale_out_alarm_name
      scale_in  = alarms.scale_in_alarm_name
    }
  }
}

output "state_machine_execution_inputs" {
  description = "Execution input of a manual run, by fleet key (JSON)."
  value       = module.autoscaler.state_machine_execution_inputs
}

output "state_table_name" {
  description = "DynamoDB table of the functions' leases and failure-alert records (AUTOSCALER_STATE_TABLE)."
  value       = module.autoscaler.state_table_name
}

output "fallback_alert_publishers" {
  description = "What must be allowed to publish to fallback_alert_topic_arn (null without one): the rule's ARN (events.amazonaws.com) and the alarms' ARNs (cloudwatch.amazonaws.com), for its topic and key policies."
  value = var.fallback_alert_topic_arn == null ? null : {
    event_rule_arn = module.autoscaler.notification_failed_rule_arn
    alarm_arns     = module.autoscaler.alert_alarm_arns
  }
}

output "dashboard_name" {
  description = "Name of the CloudWatch dashboard (null when dashboard_enabled is false)."
  value       = module.autoscaler.dashboard_name
}

output "dashboard_url" {
  description = "The dashboard in the CloudWatch console (null when dashboard_enabled is false)."
  value       = module.autoscaler.dashboard_url
}
