output "state_machine_arn" {
  description = "ARN of the autoscaler state machine."
  value       = module.autoscaler.state_machine_arn
}

output "state_machine_execution_inputs" {
  description = "Execution input of a manual run, by fleet key (JSON)."
  value       = module.autoscaler.state_machine_execution_inputs
}

output "schedule_rule_arns" {
  description = "The EventBridge schedule that starts the autoscaler."
  value       = module.autoscaler.schedule_rule_arns
}

output "cloudwatch_alarm_names" {
  description = "The backlog alarms that also trigger the autoscaler (with create_alarms, the default)."
  value       = module.autoscaler.cloudwatch_alarm_names
}
