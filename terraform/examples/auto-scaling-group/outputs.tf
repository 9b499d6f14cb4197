output "queue_url" {
  description = "URL of the jobs queue: send messages here to make the group grow."
  value       = aws_sqs_queue.jobs.id
}

output "auto_scaling_group_name" {
  description = "Name of the worker group (the autoscaler's target id)."
  value       = aws_autoscaling_group.workers.name
}

output "state_machine_arn" {
  description = "ARN of the autoscaler state machine."
  value       = module.autoscaler.state_machine_arn
}

output "state_machine_execution_inputs" {
  description = "Execution input of a manual run, by fleet key (JSON)."
  value       = module.autoscaler.state_machine_execution_inputs
}

output "sns_topic_arn" {
  description = "ARN of the notification topic."
  value       = module.autoscaler.sns_topic_arn
}
