output "event_rule_pattern" {
  description = "EventBridge pattern (JSON) matching executions of the state machine that end FAILED, TIMED_OUT or ABORTED."
  value       = local.event_pattern
}

output "target_input_paths" {
  description = "Input paths of the SNS target's input transformer."
  value       = local.input_paths
}

output "target_input_template" {
  description = "Input template of the SNS target: a readable message naming the execution, its status and its console page."
  value       = local.input_template
}
