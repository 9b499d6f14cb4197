output "scale_out_alarm_name" {
  description = "Name of the scale-out (backlog high) alarm."
  value       = aws_cloudwatch_metric_alarm.scale_out.alarm_name
}

output "scale_out_alarm_arn" {
  description = "ARN of the scale-out (backlog high) alarm."
  value       = aws_cloudwatch_metric_alarm.scale_out.arn
}

output "scale_in_alarm_name" {
  description = "Name of the scale-in (backlog low) alarm, or null when it is not created."
  value       = try(aws_cloudwatch_metric_alarm.scale_in[0].alarm_name, null)
}

output "scale_in_alarm_arn" {
  description = "ARN of the scale-in (backlog low) alarm, or null when it is not created."
  value       = try(aws_cloudwatch_metric_alarm.scale_in[0].arn, null)
}
