output "event_rule_pattern" {
  description = "EventBridge pattern (JSON) matching executions of the state machine that end TIMED_OUT, ABORTED, or FAILED without having reported the failure (any error but sfautoscaler.FailureReported)."
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

output "notification_failed_rule_pattern" {
  description = "EventBridge pattern (JSON) matching executions of the state machine that FAILED because their failure report could not be sent (sfautoscaler.NotificationFailed): the second channel's rule."
  value       = local.notification_failed_pattern
}

output "notification_failed_target_input_paths" {
  description = "Input paths of the second channel's SNS target (the alert fields plus error and cause)."
  value       = local.notification_failed_input_paths
}

output "notification_failed_target_input_template" {
  description = "Input template of the second channel's SNS target: a JSON message with the execution's error, its cause (whether and how the fleet was changed) and its console page."
  value       = local.notification_failed_input_template
}
