output "targets" {
  description = "Each fleet key's target, { kind, id } (a legacy spot_fleet_request_id becomes kind spot-fleet)."
  value       = local.targets
}

output "target_arns" {
  description = "Each fleet key's target ARN: spot-fleet-request/<id>, fleet/<id> or autoScalingGroup:*:autoScalingGroupName/<name>."
  value       = local.target_arns
}

output "arns_by_kind" {
  description = "The target ARNs of each kind (spot-fleet, ec2-fleet, auto-scaling-group), in the order of their fleet keys; an empty list for a kind no fleet has."
  value       = local.arns_by_kind
}

output "labels" {
  description = "Each fleet key's target in words, for descriptions: spot fleet <id>, EC2 Fleet <id> or Auto Scaling group <name>."
  value       = local.labels
}
