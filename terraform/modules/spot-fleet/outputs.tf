output "spot_fleet_request_id" {
  description = "ID of the spot fleet request (sfr-...)."
  value       = aws_spot_fleet_request.this.id
}

output "launch_template_id" {
  description = "ID of the workers' launch template."
  value       = aws_launch_template.this.id
}

output "iam_role_arn" {
  description = "ARN of the role the Spot Fleet service uses to launch and tag instances."
  value       = aws_iam_role.fleet.arn
}
