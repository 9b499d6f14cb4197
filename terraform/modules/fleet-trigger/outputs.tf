output "event_rule_pattern" {
  description = "EventBridge pattern (JSON) matching the fleet's alarms entering ALARM."
  value       = local.event_pattern
}

output "event_target_input_template" {
  description = "Input template of the alarm rule's target: the execution input with alarmEvent = <aws.events.event.json>."
  value       = local.input_template
}

output "schedule_target_input_template" {
  description = "Input template of the schedule rule's target: the execution input without workflow.maxRounds, with scheduledEvent = <aws.events.event.json>."
  value       = local.schedule_input_template
}

output "execution_input" {
  description = "Execution input for a manual run (no alarmEvent or scheduledEvent), as an object."
  value       = local.execution_input
}

output "alarm_arns" {
  description = "ARNs of the alarms that trigger the fleet's executions (empty when the fleet has none)."
  value       = local.alarm_arns
}
