# A queue, an EC2 Fleet of type maintain that drains it (Spot, two instance types weighted 1 and 4
# capacity units, in every default subnet), and the autoscaler that changes the fleet's total
# target capacity by the queue's backlog (EC2 Fleet has no Application Auto Scaling integration).
# No Spot Fleet anywhere: the deployment neither needs nor grants a Spot Fleet permission.

data "aws_vpc" "default" {
  default = true
}

data "aws_subnets" "default" {
  filter {
    name   = "vpc-id"
    values = [data.aws_vpc.default.id]
  }

  filter {
    name   = "default-for-az"
    values = ["true"]
  }
}

data "aws_ssm_parameter" "al2023_ami" {
  name = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
}

################################################################################
# Queue
################################################################################

resource "aws_sqs_queue" "jobs" {
  name                       = "${var.name}-jobs"
  visibility_timeout_seconds = 120
  sqs_managed_sse_enabled    = true
}

################################################################################
# Workers: receive a message, "work" on it for a few seconds, delete it
################################################################################

data "aws_iam_policy_document" "worker_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "worker" {
  name               = "${var.name}-worker"
  assume_role_policy = data.aws_iam_policy_document.worker_assume.json
}

data "aws_iam_policy_document" "worker" {
  statement {
    sid       = "ConsumeJobs"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"]
    resources = [aws_sqs_queue.jobs.arn]
  }

  # The worker contract (docs/workers.md): a worker tags its own instance, and nothing else, with the
  # keys a worker writes (sfautoscaler:worker when it starts, sfautoscaler:drained when it has stopped, the
  # optional sfautoscaler:busy).
  statement {
    sid       = "ReportDrainedOnItself"
    actions   = ["ec2:CreateTags"]
    resources = ["arn:aws:ec2:${var.region}:*:instance/*"]

    condition {
      test     = "StringEquals"
      variable = "aws:ARN"
      values   = ["$${ec2:SourceInstanceARN}"]
    }

    condition {
      test     = "ForAllValues:StringEquals"
      variable = "aws:TagKeys"
      values   = ["sfautoscaler:worker", "sfautoscaler:drained", "sfautoscaler:busy"]
    }
  }
}

resource "aws_iam_role_policy" "worker" {
  name   = "consume-jobs"
  role   = aws_iam_role.worker.id
  policy = data.aws_iam_policy_document.worker.json
}

resource "aws_iam_instance_profile" "worker" {
  name = "${var.name}-worker"
  role = aws_iam_role.worker.name
}

resource "aws_security_group" "worker" {
  name        = "${var.name}-worker"
  description = "Demo workers: no inbound traffic, HTTPS out to the AWS APIs"
  vpc_id      = data.aws_vpc.default.id

  egress {
    description = "HTTPS to SQS and package repositories"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # the workers reach the public SQS endpoint
  }
}

resource "aws_launch_template" "worker" {
  name                   = "${var.name}-workers"
  description            = "Workers of the EC2 Fleet ${var.name}-workers"
  image_id               = data.aws_ssm_parameter.al2023_ami.value
  vpc_security_group_ids = [aws_security_group.worker.id]
  update_default_version = true
  user_data = base64encode(templatefile("${path.module}/worker.sh.tftpl", {
    queue_url     = aws_sqs_queue.jobs.id
    region        = var.region
    worker_script = file("${path.module}/../../../tools/worker/sfautoscaler-worker.sh")
  }))

  # IMDSv2 only: a token is required, and it does not leave the instance.
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
    instance_metadata_tags      = "enabled" # the worker reads sfautoscaler:drain here (docs/workers.md)
  }

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size           = 8
      volume_type           = "gp3"
      encrypted             = true
      delete_on_termination = true
    }
  }

  iam_instance_profile {
    arn = aws_iam_instance_profile.worker.arn
  }

  monitoring {
    enabled = true
  }

  tag_specifications {
    resource_type = "instance"
    tags          = { Name = "${var.name}-workers" }
  }

  tag_specifications {
    resource_type = "volume"
    tags          = { Name = "${var.name}-workers" }
  }
}

################################################################################
# The EC2 Fleet: maintain, total target capacity in units (the weights), Spot
################################################################################

resource "aws_ec2_fleet" "workers" {
  type                                = "maintain"
  excess_capacity_termination_policy  = "termination"
  replace_unhealthy_instances         = true
  terminate_instances                 = true
  terminate_instances_with_expiration = true

  launch_template_config {
    launch_template_specification {
      launch_template_id = aws_launch_template.worker.id
      version            = aws_launch_template.worker.latest_version
    }

    # One override per instance type and subnet: the fleet picks the Spot pools with the best
    # price and the most spare capacity.
    dynamic "override" {
      for_each = setproduct(var.instance_types, data.aws_subnets.default.ids)

      content {
        instance_type     = override.value[0].instance_type
        weighted_capacity = override.value[0].weight
        subnet_id         = override.value[1]
      }
    }
  }

  target_capacity_specification {
    default_target_capacity_type = "spot"
    # Only the first apply sets it; from then on the autoscaler does (ignore_changes below).
    # In units, the overrides' weights (target_capacity_unit_type is for attribute-based fleets only).
    total_target_capacity     = max(1, var.on_demand_target_capacity)
    on_demand_target_capacity = var.on_demand_target_capacity
  }

  spot_options {
    allocation_strategy = "price-capacity-optimized"

    maintenance_strategies {
      capacity_rebalance {
        replacement_strategy = "launch"
      }
    }
  }

  tags = { Name = "${var.name}-workers" }

  lifecycle {
    # The autoscaler changes the total target capacity and writes its last-change tag
    # (sfautoscaler:last-change) on the fleet: an apply must undo neither.
    ignore_changes = [target_capacity_specification[0].total_target_capacity, tags]
  }
}

################################################################################
# Autoscaler
################################################################################

module "autoscaler" {
  source = "../.."

  name                         = var.name
  function_zip_path            = var.function_zip_path
  runtime_mode                 = var.runtime_mode
  architectures                = var.architectures
  notification_email_addresses = var.notification_email_addresses

  fleets = {
    workers = {
      target              = { kind = "ec2-fleet", id = aws_ec2_fleet.workers.id }
      queue_name          = aws_sqs_queue.jobs.name
      schedule_expression = var.schedule_expression
      create_alarms       = var.create_alarms
      policy = {
        mode = "target-tracking"
        # Never below the on-demand part, which ModifyFleet keeps as it is.
        min_capacity       = max(1, var.on_demand_target_capacity)
        max_capacity       = var.max_capacity
        backlog_per_unit   = 20
        in_flight_per_unit = 1       # each unit is one worker, working on one message at a time
        scale_in           = "drain" # the workers run tools/worker/sfautoscaler-worker.sh: no scale-in loses work
      }
    }
  }
}
