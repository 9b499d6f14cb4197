locals {
  kinds = ["spot-fleet", "ec2-fleet", "auto-scaling-group"]

  # Every fleet as { kind, id }: the legacy spot_fleet_request_id is a spot-fleet target.
  targets = {
    for key, fleet in var.fleets : key => fleet.target != null ? { kind = fleet.target.kind, id = fleet.target.id } : { kind = "spot-fleet", id = fleet.spot_fleet_request_id }
  }

  # The ARN IAM scopes each kind's write calls to (Service Authorization Reference: EC2's
  # spot-fleet-request and fleet resources, Auto Scaling's autoScalingGroup with any group id).
  arn_formats = {
    "spot-fleet"         = "arn:${var.partition}:ec2:${var.region}:${var.account_id}:spot-fleet-request/%s"
    "ec2-fleet"          = "arn:${var.partition}:ec2:${var.region}:${var.account_id}:fleet/%s"
    "auto-scaling-group" = "arn:${var.partition}:autoscaling:${var.region}:${var.account_id}:autoScalingGroup:*:autoScalingGroupName/%s"
  }

  target_arns = { for key, target in local.targets : key => format(local.arn_formats[target.kind], target.id) }

  # By kind, the ARNs of that kind's targets in the order of their fleet keys; empty for a kind the
  # deployment does not scale, and then modules/autoscaler grants none of that kind's actions. Not
  # sort()ed: an id known only after apply (a new EC2 Fleet's) would make the whole list, and its
  # length that gates the statements, unknown at plan.
  arns_by_kind = { for kind in local.kinds : kind => [for key, target in local.targets : local.target_arns[key] if target.kind == kind] }

  # For rule and function descriptions: "spot fleet sfr-...", "EC2 Fleet fleet-...", "Auto Scaling group jobs".
  kind_labels = {
    "spot-fleet"         = "spot fleet"
    "ec2-fleet"          = "EC2 Fleet"
    "auto-scaling-group" = "Auto Scaling group"
  }
  labels = { for key, target in local.targets : key => "${local.kind_labels[target.kind]} ${target.id}" }
}
