# A queue, a demo worker fleet that drains it, and the autoscaler that sizes the fleet by the
# queue's backlog. Workers run in the default VPC's subnets.

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

module "fleet" {
  source = "../../modules/spot-fleet"

  name                     = "${var.name}-workers"
  ami_id                   = data.aws_ssm_parameter.al2023_ami.value
  instance_types           = var.instance_types
  subnet_ids               = data.aws_subnets.default.ids
  security_group_ids       = [aws_security_group.worker.id]
  iam_instance_profile_arn = aws_iam_instance_profile.worker.arn
  initial_target_capacity  = 1
  user_data_base64 = base64encode(templatefile("${path.module}/worker.sh.tftpl", {
    queue_url     = aws_sqs_queue.jobs.id
    region        = var.region
    worker_script = file("${path.module}/../../../tools/worker/sfautoscaler-worker.sh")
  }))
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

  # The default triggers: a one-minute schedule reads the queue and decides, and two backlog alarms
  # start an execution as soon as one enters ALARM (create_alarms = false leaves the schedule alone).
  fleets = {
    workers = {
      spot_fleet_request_id = module.fleet.spot_fleet_request_id
      queue_name            = aws_sqs_queue.jobs.name
      schedule_expression   = var.schedule_expression
      create_alarms         = var.create_alarms
      policy = {
        mode               = "target-tracking"
        min_capacity       = 0
        max_capacity       = var.max_capacity
        backlog_per_unit   = 20
        in_flight_per_unit = 1       # each worker works on one message at a time
        scale_in           = "drain" # the workers run tools/worker/sfautoscaler-worker.sh: no scale-in loses work
      }
    }
  }
}
