output "event_rule_pattern" {
  description = "EventBridge pattern (JSON) matching the fleet's alarms entering ALARM."
  value       = local.event_pattern
}

output "event_target_input_template" {
  description = "Input template of the EventBridge target: the execution input with alarmEvent = <aws.events.event.json>."
  value       = local.input_template
}

output "execution_input" {
  description = "Execution input for a manual run (no alarmEvent), as an object."
  value       = local.execution_input
}

output "alarm_arns" {
  description = "ARNs of the alarms that trigger the fleet's executions."
  value       = local.alarm_arns
}
