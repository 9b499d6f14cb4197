output "queue_url" {
  description = "URL of the jobs queue: send messages here to make the fleet grow."
  value       = aws_sqs_queue.jobs.id
}

output "ec2_fleet_id" {
  description = "ID of the worker fleet (fleet-...; the autoscaler's target id)."
  value       = aws_ec2_fleet.workers.id
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
