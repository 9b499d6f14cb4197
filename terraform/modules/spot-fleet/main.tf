data "aws_partition" "current" {}

################################################################################
# Launch template
################################################################################

resource "aws_launch_template" "this" {
  name                   = var.name
  description            = "Workers of spot fleet ${var.name}"
  image_id               = var.ami_id
  vpc_security_group_ids = var.security_group_ids
  user_data              = var.user_data_base64
  update_default_version = true

  # IMDSv2 only: a token is required, and it does not leave the instance.
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
    instance_metadata_tags      = "enabled" # a worker reads its sfautoscaler:drain tag here (docs/workers.md)
  }

  block_device_mappings {
    device_name = var.root_device_name

    ebs {
      volume_size           = var.root_volume_size
      volume_type           = "gp3"
      encrypted             = true
      delete_on_termination = true
    }
  }

  dynamic "iam_instance_profile" {
    for_each = var.iam_instance_profile_arn == null ? [] : [var.iam_instance_profile_arn]

    content {
      arn = iam_instance_profile.value
    }
  }

  monitoring {
    enabled = true
  }

  tag_specifications {
    resource_type = "instance"
    tags          = merge(var.tags, { Name = var.name })
  }

  tag_specifications {
    resource_type = "volume"
    tags          = merge(var.tags, { Name = var.name })
  }

  tags = var.tags
}

################################################################################
# Fleet role: lets the Spot Fleet service launch, tag and terminate instances
################################################################################

data "aws_iam_policy_document" "fleet_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["spotfleet.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "fleet" {
  name               = "${var.name}-spot-fleet"
  assume_role_policy = data.aws_iam_policy_document.fleet_assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy_attachment" "fleet" {
  role       = aws_iam_role.fleet.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonEC2SpotFleetTaggingRole"
}

################################################################################
# Spot fleet request
################################################################################

resource "aws_spot_fleet_request" "this" {
  iam_fleet_role                      = aws_iam_role.fleet.arn
  fleet_type                          = "maintain"
  allocation_strategy                 = "priceCapacityOptimized"
  target_capacity                     = var.initial_target_capacity
  excess_capacity_termination_policy  = var.excess_capacity_termination_policy
  terminate_instances_on_delete       = var.terminate_instances_on_delete ? "true" : "false"
  terminate_instances_with_expiration = true
  replace_unhealthy_instances         = true
  wait_for_fulfillment                = false

  launch_template_config {
    launch_template_specification {
      id      = aws_launch_template.this.id
      version = aws_launch_template.this.latest_version
    }

    # One override per instance type and subnet: the fleet picks the pools with the best
    # price and the most spare capacity (priceCapacityOptimized).
    dynamic "overrides" {
      for_each = setproduct(var.instance_types, var.subnet_ids)

      content {
        instance_type     = overrides.value[0]
        subnet_id         = overrides.value[1]
        weighted_capacity = lookup(var.instance_weights, overrides.value[0], 1)
      }
    }
  }

  spot_maintenance_strategies {
    capacity_rebalance {
      replacement_strategy = "launch"
    }
  }

  tags = merge(var.tags, { Name = var.name })

  depends_on = [aws_iam_role_policy_attachment.fleet]

  lifecycle {
    # The autoscaler changes the targets; an apply must never undo that.
    ignore_changes = [target_capacity, on_demand_target_capacity]
  }
}
