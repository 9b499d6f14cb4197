################################################################################
# Function roles: one per function, holding only the calls its code makes.
# tools/terraform/check_iam.py compares these documents with target/iam-actions.json,
# which the Java build derives from the adapters.
#
# DecryptStateTable (read-capacity, modify, notify): with a KMS key on the state table, DynamoDB
# decrypts the table key by calling kms:Decrypt as the principal that accesses the table, with the
# encryption context aws:dynamodb:tableName and aws:dynamodb:subscriberId (AWS KMS Developer Guide,
# "How Amazon DynamoDB uses AWS KMS": table keys, and the Decrypt entry under monitoring). The table
# key is made by DynamoDB itself when the table is created, so a caller needs no GenerateDataKey,
# Encrypt or CreateGrant: kms:Decrypt, only through DynamoDB and only for this table.
################################################################################

locals {
  # The target ARNs of each kind (modules/fleet-targets). A kind's statements are left out when its
  # list is empty: a deployment without spot fleets grants no Spot Fleet action at all, one of
  # Auto Scaling groups alone no EC2 action. tools/terraform/check_iam.py checks that every
  # statement with a kind's actions is gated on that kind's list.
  spot_fleet_request_arns = module.targets.arns_by_kind["spot-fleet"]
  ec2_fleet_arns          = module.targets.arns_by_kind["ec2-fleet"]
  auto_scaling_group_arns = module.targets.arns_by_kind["auto-scaling-group"]
  # Spot fleet requests and EC2 Fleets carry the last-change marker as an EC2 tag.
  ec2_tagged_fleet_arns = concat(local.spot_fleet_request_arns, local.ec2_fleet_arns)
  # read-capacity (and check) keep each target's learned throughput in this tag, beside the marker
  # (THROUGHPUT_TAG in dev.sfautoscaler.aws.Ec2TagMarker).
  throughput_tag_key = "sfautoscaler:throughput"
  # drain: every kind's instances are EC2 instances.
  drained_target_arns = concat(local.spot_fleet_request_arns, local.ec2_fleet_arns, local.auto_scaling_group_arns)

  # drain tags, untags and terminates instances only (this ARN), and only those carrying the tag AWS puts
  # on the instances of one of the deployment's targets (each statement's condition): a spot fleet's
  # aws:ec2spot:fleet-request-id, an EC2 Fleet's aws:ec2:fleet-id, a group's aws:autoscaling:groupName.
  instance_arns     = ["arn:${local.partition}:ec2:${local.region}:${local.account_id}:instance/*"]
  drain_fleet_ids   = { for kind in ["spot-fleet", "ec2-fleet", "auto-scaling-group"] : kind => [for t in values(local.fleet_targets) : t.id if t.kind == kind] }
  drain_tag_key     = "sfautoscaler:drain"
  drained_tag_key   = "sfautoscaler:drained"
  instance_tag_keys = { "spot-fleet" = "aws:ec2spot:fleet-request-id", "ec2-fleet" = "aws:ec2:fleet-id", "auto-scaling-group" = "aws:autoscaling:groupName" }

  # drain: on the target while one of its drains is under way (FleetSnapshot.DRAIN_STARTED_TAG).
  drain_started_tag_key = "sfautoscaler:drainStartedAt"
}

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "function" {
  for_each = local.function_names

  name               = each.value
  description        = "Runs the ${each.key} function of ${var.name}"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "read_capacity" {
  dynamic "statement" {
    for_each = length(local.spot_fleet_request_arns) == 0 ? [] : ["spot-fleet"]

    content {
      sid       = "DescribeSpotFleets"
      actions   = ["ec2:DescribeSpotFleetRequests"]
      resources = ["*"] # EC2 Describe* actions cannot be scoped to a resource
    }
  }

  dynamic "statement" {
    for_each = length(local.ec2_fleet_arns) == 0 ? [] : ["ec2-fleet"]

    content {
      sid       = "DescribeEc2Fleets"
      actions   = ["ec2:DescribeFleets"]
      resources = ["*"] # EC2 Describe* actions cannot be scoped to a resource
    }
  }

  dynamic "statement" {
    for_each = length(local.ec2_tagged_fleet_arns) == 0 ? [] : ["spot-fleet or ec2-fleet"]

    content {
      sid       = "ReadFleetMarkers"
      actions   = ["ec2:DescribeTags"]
      resources = ["*"] # EC2 Describe* actions cannot be scoped to a resource
    }
  }

  dynamic "statement" {
    for_each = length(local.auto_scaling_group_arns) == 0 ? [] : ["auto-scaling-group"]

    content {
      sid       = "DescribeAutoScalingGroups"
      actions   = ["autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribePolicies"]
      resources = ["*"] # Auto Scaling Describe* actions cannot be scoped to a resource
    }
  }

  statement {
    sid       = "ReadQueueBacklog"
    actions   = ["sqs:GetQueueAttributes"]
    resources = local.queue_arns
  }

  statement {
    sid     = "ReadQueueMetrics"
    actions = ["cloudwatch:GetMetricData"]
    # GetMetricData has no resource type and no condition key (IAM Service Authorization Reference):
    # it cannot be scoped to the fleets' queues. It only reads metrics.
    resources = ["*"]
  }

  dynamic "statement" {
    for_each = length(local.ec2_tagged_fleet_arns) == 0 ? [] : [local.ec2_tagged_fleet_arns]

    content {
      sid       = "RecordFleetThroughput"
      actions   = ["ec2:CreateTags"]
      resources = statement.value

      # Only the throughput estimate's tag, nothing else.
      condition {
        test     = "ForAllValues:StringEquals"
        variable = "aws:TagKeys"
        values   = [local.throughput_tag_key]
      }
    }
  }

  dynamic "statement" {
    for_each = length(local.auto_scaling_group_arns) == 0 ? [] : [local.auto_scaling_group_arns]

    content {
      sid       = "RecordGroupThroughput"
      actions   = ["autoscaling:CreateOrUpdateTags"]
      resources = statement.value

      # Only the throughput estimate's tag, nothing else.
      condition {
        test     = "ForAllValues:StringEquals"
        variable = "aws:TagKeys"
        values   = [local.throughput_tag_key]
      }
    }
  }

  statement {
    sid       = "ReadFailureAlert"
    actions   = ["dynamodb:GetItem"]
    resources = [aws_dynamodb_table.state.arn]

    # Only the fleets' failure-alert items (alert#<fleet id>).
    condition {
      test     = "ForAllValues:StringLike"
      variable = "dynamodb:LeadingKeys"
      values   = ["alert#*"]
    }
  }

  dynamic "statement" {
    for_each = var.state_table_kms_key_arn == null ? [] : [var.state_table_kms_key_arn]

    content {
      sid = "DecryptStateTable"
      # See DecryptStateTable at the top: the caller's kms:Decrypt of the table key, through DynamoDB.
      actions   = ["kms:Decrypt"]
      resources = [statement.value]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["dynamodb.${local.region}.amazonaws.com"]
      }

      condition {
        test     = "StringEquals"
        variable = "kms:EncryptionContext:aws:dynamodb:tableName"
        values   = [aws_dynamodb_table.state.name]
      }
    }
  }

  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.function["read-capacity"].arn}:*"]
  }

  statement {
    sid       = "SendTraces"
    actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
    resources = ["*"] # X-Ray supports no resource-level permissions
  }
}

data "aws_iam_policy_document" "decide" {
  # decide is pure computation: no AWS call besides its logs and traces.
  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.function["decide"].arn}:*"]
  }

  statement {
    sid       = "SendTraces"
    actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
    resources = ["*"] # X-Ray supports no resource-level permissions
  }
}

data "aws_iam_policy_document" "modify" {
  dynamic "statement" {
    for_each = length(local.spot_fleet_request_arns) == 0 ? [] : ["spot-fleet"]

    content {
      sid       = "DescribeSpotFleets"
      actions   = ["ec2:DescribeSpotFleetRequests"]
      resources = ["*"] # EC2 Describe* actions cannot be scoped to a resource
    }
  }

  dynamic "statement" {
    for_each = length(local.ec2_fleet_arns) == 0 ? [] : ["ec2-fleet"]

    content {
      sid       = "DescribeEc2Fleets"
      actions   = ["ec2:DescribeFleets"]
      resources = ["*"] # EC2 Describe* actions cannot be scoped to a resource
    }
  }

  dynamic "statement" {
    for_each = length(local.ec2_tagged_fleet_arns) == 0 ? [] : ["spot-fleet or ec2-fleet"]

    content {
      sid       = "ReadFleetMarkers"
      actions   = ["ec2:DescribeTags"]
      resources = ["*"] # EC2 Describe* actions cannot be scoped to a resource
    }
  }

  dynamic "statement" {
    for_each = length(local.auto_scaling_group_arns) == 0 ? [] : ["auto-scaling-group"]

    content {
      sid       = "DescribeAutoScalingGroups"
      actions   = ["autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribePolicies"]
      resources = ["*"] # Auto Scaling Describe* actions cannot be scoped to a resource
    }
  }

  dynamic "statement" {
    for_each = length(local.spot_fleet_request_arns) == 0 ? [] : [local.spot_fleet_request_arns]

    content {
      sid       = "ModifyManagedSpotFleets"
      actions   = ["ec2:ModifySpotFleetRequest"]
      resources = statement.value
    }
  }

  dynamic "statement" {
    for_each = length(local.ec2_fleet_arns) == 0 ? [] : [local.ec2_fleet_arns]

    content {
      sid       = "ModifyManagedEc2Fleets"
      actions   = ["ec2:ModifyFleet"]
      resources = statement.value
    }
  }

  dynamic "statement" {
    for_each = length(local.ec2_tagged_fleet_arns) == 0 ? [] : [local.ec2_tagged_fleet_arns]

    content {
      sid       = "MarkFleetLastChange"
      actions   = ["ec2:CreateTags"]
      resources = statement.value

      # Only the marker tag, nothing else.
      condition {
        test     = "ForAllValues:StringEquals"
        variable = "aws:TagKeys"
        values   = [var.marker_tag_key]
      }
    }
  }

  dynamic "statement" {
    for_each = length(local.auto_scaling_group_arns) == 0 ? [] : [local.auto_scaling_group_arns]

    content {
      sid       = "ScaleManagedGroups"
      actions   = ["autoscaling:SetDesiredCapacity"]
      resources = statement.value
    }
  }

  dynamic "statement" {
    for_each = length(local.auto_scaling_group_arns) == 0 ? [] : [local.auto_scaling_group_arns]

    content {
      sid       = "MarkGroupLastChange"
      actions   = ["autoscaling:CreateOrUpdateTags"]
      resources = statement.value

      # Only the marker tag, nothing else.
      condition {
        test     = "ForAllValues:StringEquals"
        variable = "aws:TagKeys"
        values   = [var.marker_tag_key]
      }
    }
  }

  statement {
    sid       = "ReadFleetGuard"
    actions   = ["dynamodb:GetItem"]
    resources = [aws_dynamodb_table.state.arn]

    # Only the fleets' guard items (guard#<target id>), which Terraform writes; modify only reads them.
    condition {
      test     = "ForAllValues:StringLike"
      variable = "dynamodb:LeadingKeys"
      values   = ["guard#*"]
    }
  }

  statement {
    sid       = "HoldFleetLease"
    actions   = ["dynamodb:PutItem", "dynamodb:DeleteItem"]
    resources = [aws_dynamodb_table.state.arn]

    # Only the fleets' leases (lease#<fleet id>): never a guard item, which would widen its own bounds.
    condition {
      test     = "ForAllValues:StringLike"
      variable = "dynamodb:LeadingKeys"
      values   = ["lease#*"]
    }
  }

  dynamic "statement" {
    for_each = var.state_table_kms_key_arn == null ? [] : [var.state_table_kms_key_arn]

    content {
      sid = "DecryptStateTable"
      # See DecryptStateTable at the top: the caller's kms:Decrypt of the table key, through DynamoDB.
      actions   = ["kms:Decrypt"]
      resources = [statement.value]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["dynamodb.${local.region}.amazonaws.com"]
      }

      condition {
        test     = "StringEquals"
        variable = "kms:EncryptionContext:aws:dynamodb:tableName"
        values   = [aws_dynamodb_table.state.name]
      }
    }
  }

  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.function["modify"].arn}:*"]
  }

  statement {
    sid       = "SendTraces"
    actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
    resources = ["*"] # X-Ray supports no resource-level permissions
  }
}

data "aws_iam_policy_document" "notify" {
  statement {
    sid       = "PublishReports"
    actions   = ["sns:Publish"]
    resources = [var.notify_topic_arn]
  }

  dynamic "statement" {
    for_each = var.notify_topic_kms_key_arn == null ? [] : [var.notify_topic_kms_key_arn]

    content {
      sid = "EncryptForTopic"
      # Publishing to a KMS-encrypted topic: SNS encrypts the message with this key on our behalf.
      actions   = ["kms:GenerateDataKey*", "kms:Decrypt"]
      resources = [statement.value]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["sns.${local.region}.amazonaws.com"]
      }
    }
  }

  statement {
    sid       = "TrackFailureAlerts"
    actions   = ["dynamodb:UpdateItem", "dynamodb:DeleteItem"]
    resources = [aws_dynamodb_table.state.arn]

    # Only the fleets' failure-alert items (alert#<fleet id>), never a lease or a guard item.
    condition {
      test     = "ForAllValues:StringLike"
      variable = "dynamodb:LeadingKeys"
      values   = ["alert#*"]
    }
  }

  dynamic "statement" {
    for_each = var.state_table_kms_key_arn == null ? [] : [var.state_table_kms_key_arn]

    content {
      sid = "DecryptStateTable"
      # See DecryptStateTable at the top: the caller's kms:Decrypt of the table key, through DynamoDB.
      actions   = ["kms:Decrypt"]
      resources = [statement.value]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["dynamodb.${local.region}.amazonaws.com"]
      }

      condition {
        test     = "StringEquals"
        variable = "kms:EncryptionContext:aws:dynamodb:tableName"
        values   = [aws_dynamodb_table.state.name]
      }
    }
  }

  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.function["notify"].arn}:*"]
  }

  statement {
    sid       = "SendTraces"
    actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
    resources = ["*"] # X-Ray supports no resource-level permissions
  }
}

data "aws_iam_policy_document" "check" {
  # What read-capacity and decide need (check reads and decides through them), and starting this
  # state machine; plus the dead-letter queue for its failed asynchronous invocations.
  dynamic "statement" {
    for_each = length(local.spot_fleet_request_arns) == 0 ? [] : ["spot-fleet"]

    content {
      sid       = "DescribeSpotFleets"
      actions   = ["ec2:DescribeSpotFleetRequests"]
      resources = ["*"] # EC2 Describe* actions cannot be scoped to a resource
    }
  }

  dynamic "statement" {
    for_each = length(local.ec2_fleet_arns) == 0 ? [] : ["ec2-fleet"]

    content {
      sid       = "DescribeEc2Fleets"
      actions   = ["ec2:DescribeFleets"]
      resources = ["*"] # EC2 Describe* actions cannot be scoped to a resource
    }
  }

  dynamic "statement" {
    for_each = length(local.ec2_tagged_fleet_arns) == 0 ? [] : ["spot-fleet or ec2-fleet"]

    content {
      sid       = "ReadFleetMarkers"
      actions   = ["ec2:DescribeTags"]
      resources = ["*"] # EC2 Describe* actions cannot be scoped to a resource
    }
  }

  dynamic "statement" {
    for_each = length(local.auto_scaling_group_arns) == 0 ? [] : ["auto-scaling-group"]

    content {
      sid       = "DescribeAutoScalingGroups"
      actions   = ["autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribePolicies"]
      resources = ["*"] # Auto Scaling Describe* actions cannot be scoped to a resource
    }
  }

  statement {
    sid       = "ReadQueueBacklog"
    actions   = ["sqs:GetQueueAttributes"]
    resources = local.queue_arns
  }

  statement {
    sid     = "ReadQueueMetrics"
    actions = ["cloudwatch:GetMetricData"]
    # GetMetricData has no resource type and no condition key (IAM Service Authorization Reference):
    # it cannot be scoped to the fleets' queues. It only reads metrics.
    resources = ["*"]
  }

  dynamic "statement" {
    for_each = length(local.ec2_tagged_fleet_arns) == 0 ? [] : [local.ec2_tagged_fleet_arns]

    content {
      sid       = "RecordFleetThroughput"
      actions   = ["ec2:CreateTags"]
      resources = statement.value

      # Only the throughput estimate's tag, nothing else.
      condition {
        test     = "ForAllValues:StringEquals"
        variable = "aws:TagKeys"
        values   = [local.throughput_tag_key]
      }
    }
  }

  dynamic "statement" {
    for_each = length(local.auto_scaling_group_arns) == 0 ? [] : [local.auto_scaling_group_arns]

    content {
      sid       = "RecordGroupThroughput"
      actions   = ["autoscaling:CreateOrUpdateTags"]
      resources = statement.value

      # Only the throughput estimate's tag, nothing else.
      condition {
        test     = "ForAllValues:StringEquals"
        variable = "aws:TagKeys"
        values   = [local.throughput_tag_key]
      }
    }
  }

  statement {
    sid       = "ReadFailureAlert"
    actions   = ["dynamodb:GetItem"]
    resources = [aws_dynamodb_table.state.arn]

    # Only the fleets' failure-alert items (alert#<fleet id>).
    condition {
      test     = "ForAllValues:StringLike"
      variable = "dynamodb:LeadingKeys"
      values   = ["alert#*"]
    }
  }

  dynamic "statement" {
    for_each = var.state_table_kms_key_arn == null ? [] : [var.state_table_kms_key_arn]

    content {
      sid = "DecryptStateTable"
      # See DecryptStateTable at the top: the caller's kms:Decrypt of the table key, through DynamoDB.
      actions   = ["kms:Decrypt"]
      resources = [statement.value]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["dynamodb.${local.region}.amazonaws.com"]
      }

      condition {
        test     = "StringEquals"
        variable = "kms:EncryptionContext:aws:dynamodb:tableName"
        values   = [aws_dynamodb_table.state.name]
      }
    }
  }

  statement {
    sid       = "StartThisStateMachine"
    actions   = ["states:StartExecution"]
    resources = [local.state_machine_arn]
  }

  # Whether an execution is in flight for a fleet (check starts none then): the running executions of
  # this state machine, and the input of each (alarm-started executions have generated names).
  statement {
    sid       = "ListThisStateMachinesExecutions"
    actions   = ["states:ListExecutions"]
    resources = [local.state_machine_arn]
  }

  statement {
    sid       = "ReadThisStateMachinesExecutions"
    actions   = ["states:DescribeExecution"]
    resources = ["${replace(local.state_machine_arn, ":stateMachine:", ":execution:")}:*"]
  }

  statement {
    sid = "SendFailedEventsToDeadLetterQueue"
    # aws_lambda_function_event_invoke_config.check: Lambda sends with the function's role.
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.dead_letter.arn]
  }

  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.function["check"].arn}:*"]
  }

  statement {
    sid       = "SendTraces"
    actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
    resources = ["*"] # X-Ray supports no resource-level permissions
  }
}

data "aws_iam_policy_document" "drain" {
  dynamic "statement" {
    for_each = length(local.spot_fleet_request_arns) == 0 ? [] : ["spot-fleet"]

    content {
      sid       = "DescribeSpotFleets"
      actions   = ["ec2:DescribeSpotFleetRequests"]
      resources = ["*"] # EC2 Describe* actions cannot be scoped to a resource
    }
  }

  dynamic "statement" {
    for_each = length(local.spot_fleet_request_arns) == 0 ? [] : [local.spot_fleet_request_arns]

    content {
      sid       = "ListSpotFleetInstances"
      actions   = ["ec2:DescribeSpotFleetInstances"]
      resources = statement.value
    }
  }

  dynamic "statement" {
    for_each = length(local.ec2_fleet_arns) == 0 ? [] : ["ec2-fleet"]

    content {
      sid       = "DescribeEc2Fleets"
      actions   = ["ec2:DescribeFleets"]
      resources = ["*"] # EC2 Describe* actions cannot be scoped to a resource
    }
  }

  dynamic "statement" {
    for_each = length(local.ec2_fleet_arns) == 0 ? [] : [local.ec2_fleet_arns]

    content {
      sid       = "ListEc2FleetInstances"
      actions   = ["ec2:DescribeFleetInstances"]
      resources = statement.value
    }
  }

  dynamic "statement" {
    for_each = length(local.ec2_tagged_fleet_arns) == 0 ? [] : ["spot-fleet or ec2-fleet"]

    content {
      sid       = "ReadFleetMarkers"
      actions   = ["ec2:DescribeTags"]
      resources = ["*"] # EC2 Describe* actions cannot be scoped to a resource
    }
  }

  dynamic "statement" {
    for_each = length(local.drained_target_arns) == 0 ? [] : ["any kind"]

    content {
      sid       = "DescribeInstances"
      actions   = ["ec2:DescribeInstances"]
      resources = ["*"] # EC2 Describe* actions cannot be scoped to a resource
    }
  }

  dynamic "statement" {
    for_each = length(local.auto_scaling_group_arns) == 0 ? [] : ["auto-scaling-group"]

    content {
      sid       = "DescribeAutoScalingGroups"
      actions   = ["autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribePolicies"]
      resources = ["*"] # Auto Scaling Describe* actions cannot be scoped to a resource
    }
  }

  # Lower a fleet with noTermination at the start of a drain, raise it back when a scale-out cancels it.
  dynamic "statement" {
    for_each = length(local.spot_fleet_request_arns) == 0 ? [] : [local.spot_fleet_request_arns]

    content {
      sid       = "ModifyManagedSpotFleets"
      actions   = ["ec2:ModifySpotFleetRequest"]
      resources = statement.value
    }
  }

  dynamic "statement" {
    for_each = length(local.ec2_fleet_arns) == 0 ? [] : [local.ec2_fleet_arns]

    content {
      sid       = "ModifyManagedEc2Fleets"
      actions   = ["ec2:ModifyFleet"]
      resources = statement.value
    }
  }

  dynamic "statement" {
    for_each = length(local.ec2_tagged_fleet_arns) == 0 ? [] : [local.ec2_tagged_fleet_arns]

    content {
      sid       = "MarkFleetLastChange"
      actions   = ["ec2:CreateTags"]
      resources = statement.value

      # Only the marker and the drain-under-way tag, nothing else.
      condition {
        test     = "ForAllValues:StringEquals"
        variable = "aws:TagKeys"
        values   = [var.marker_tag_key, local.drain_started_tag_key]
      }
    }
  }

  # FinishDrain removes the drain-under-way tag from the fleet.
  dynamic "statement" {
    for_each = length(local.ec2_tagged_fleet_arns) == 0 ? [] : [local.ec2_tagged_fleet_arns]

    content {
      sid       = "EndFleetDrain"
      actions   = ["ec2:DeleteTags"]
      resources = statement.value

      condition {
        test     = "ForAllValues:StringEquals"
        variable = "aws:TagKeys"
        values   = [local.drain_started_tag_key]
      }
    }
  }

  # A group's desired capacity after the drained instances left (where the decrement did not land it).
  dynamic "statement" {
    for_each = length(local.auto_scaling_group_arns) == 0 ? [] : [local.auto_scaling_group_arns]

    content {
      sid       = "ScaleManagedGroups"
      actions   = ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"]
      resources = statement.value
    }
  }

  dynamic "statement" {
    for_each = length(local.auto_scaling_group_arns) == 0 ? [] : [local.auto_scaling_group_arns]

    content {
      sid       = "MarkGroupLastChange"
      actions   = ["autoscaling:CreateOrUpdateTags"]
      resources = statement.value

      # Only the marker and the drain-under-way tag, nothing else.
      condition {
        test     = "ForAllValues:StringEquals"
        variable = "aws:TagKeys"
        values   = [var.marker_tag_key, local.drain_started_tag_key]
      }
    }
  }

  # FinishDrain removes the drain-under-way tag from the group.
  dynamic "statement" {
    for_each = length(local.auto_scaling_group_arns) == 0 ? [] : [local.auto_scaling_group_arns]

    content {
      sid       = "EndGroupDrain"
      actions   = ["autoscaling:DeleteTags"]
      resources = statement.value

      condition {
        test     = "ForAllValues:StringEquals"
        variable = "aws:TagKeys"
        values   = [local.drain_started_tag_key]
      }
    }
  }

  # The instances of the deployment's spot-fleet targets: tag them sfautoscaler:drain, untag them when a
  # scale-out cancels the drain, terminate them once drained (or timed out).
  dynamic "statement" {
    for_each = length(local.spot_fleet_request_arns) == 0 ? [] : ["spot-fleet"]

    content {
      sid       = "TagDrainedSpotFleetInstances"
      actions   = ["ec2:CreateTags"]
      resources = local.instance_arns

      condition {
        test     = "StringEquals"
        variable = "aws:ResourceTag/${local.instance_tag_keys["spot-fleet"]}"
        values   = local.drain_fleet_ids["spot-fleet"]
      }

      condition {
        test     = "ForAllValues:StringEquals"
        variable = "aws:TagKeys"
        values   = [local.drain_tag_key]
      }
    }
  }

  dynamic "statement" {
    for_each = length(local.spot_fleet_request_arns) == 0 ? [] : ["spot-fleet"]

    content {
      sid       = "UntagDrainedSpotFleetInstances"
      actions   = ["ec2:DeleteTags"]
      resources = local.instance_arns

      condition {
        test     = "StringEquals"
        variable = "aws:ResourceTag/${local.instance_tag_keys["spot-fleet"]}"
        values   = local.drain_fleet_ids["spot-fleet"]
      }

      condition {
        test     = "ForAllValues:StringEquals"
        variable = "aws:TagKeys"
        values   = [local.drain_tag_key, local.drained_tag_key]
      }
    }
  }

  dynamic "statement" {
    for_each = length(local.spot_fleet_request_arns) == 0 ? [] : ["spot-fleet"]

    content {
      sid       = "TerminateDrainedSpotFleetInstances"
      actions   = ["ec2:TerminateInstances"]
      resources = local.instance_arns

      condition {
        test     = "StringEquals"
        variable = "aws:ResourceTag/${local.instance_tag_keys["spot-fleet"]}"
        values   = local.drain_fleet_ids["spot-fleet"]
      }
    }
  }

  # The instances of the deployment's ec2-fleet targets: tag them sfautoscaler:drain, untag them when a
  # scale-out cancels the drain, terminate them once drained (or timed out).
  dynamic "statement" {
    for_each = length(local.ec2_fleet_arns) == 0 ? [] : ["ec2-fleet"]

    content {
      sid       = "TagDrainedEc2FleetInstances"
      actions   = ["ec2:CreateTags"]
      resources = local.instance_arns

      condition {
        test     = "StringEquals"
        variable = "aws:ResourceTag/${local.instance_tag_keys["ec2-fleet"]}"
        values   = local.drain_fleet_ids["ec2-fleet"]
      }

      condition {
        test     = "ForAllValues:StringEquals"
        variable = "aws:TagKeys"
        values   = [local.drain_tag_key]
      }
    }
  }

  dynamic "statement" {
    for_each = length(local.ec2_fleet_arns) == 0 ? [] : ["ec2-fleet"]

    content {
      sid       = "UntagDrainedEc2FleetInstances"
      actions   = ["ec2:DeleteTags"]
      resources = local.instance_arns

      condition {
        test     = "StringEquals"
        variable = "aws:ResourceTag/${local.instance_tag_keys["ec2-fleet"]}"
        values   = local.drain_fleet_ids["ec2-fleet"]
      }

      condition {
        test     = "ForAllValues:StringEquals"
        variable = "aws:TagKeys"
        values   = [local.drain_tag_key, local.drained_tag_key]
      }
    }
  }

  dynamic "statement" {
    for_each = length(local.ec2_fleet_arns) == 0 ? [] : ["ec2-fleet"]

    content {
      sid       = "TerminateDrainedEc2FleetInstances"
      actions   = ["ec2:TerminateInstances"]
      resources = local.instance_arns

      condition {
        test     = "StringEquals"
        variable = "aws:ResourceTag/${local.instance_tag_keys["ec2-fleet"]}"
        values   = local.drain_fleet_ids["ec2-fleet"]
      }
    }
  }

  # The instances of the deployment's auto-scaling-group targets: tag them sfautoscaler:drain, untag them when a
  # scale-out cancels the drain, terminate them once drained (or timed out).
  dynamic "statement" {
    for_each = length(local.auto_scaling_group_arns) == 0 ? [] : ["auto-scaling-group"]

    content {
      sid       = "TagDrainedGroupInstances"
      actions   = ["ec2:CreateTags"]
      resources = local.instance_arns

      condition {
        test     = "StringEquals"
        variable = "aws:ResourceTag/${local.instance_tag_keys["auto-scaling-group"]}"
        values   = local.drain_fleet_ids["auto-scaling-group"]
      }

      condition {
        test     = "ForAllValues:StringEquals"
        variable = "aws:TagKeys"
        values   = [local.drain_tag_key]
      }
    }
  }

  dynamic "statement" {
    for_each = length(local.auto_scaling_group_arns) == 0 ? [] : ["auto-scaling-group"]

    content {
      sid       = "UntagDrainedGroupInstances"
      actions   = ["ec2:DeleteTags"]
      resources = local.instance_arns

      condition {
        test     = "StringEquals"
        variable = "aws:ResourceTag/${local.instance_tag_keys["auto-scaling-group"]}"
        values   = local.drain_fleet_ids["auto-scaling-group"]
      }

      condition {
        test     = "ForAllValues:StringEquals"
        variable = "aws:TagKeys"
        values   = [local.drain_tag_key, local.drained_tag_key]
      }
    }
  }

  statement {
    sid       = "ReadQueueBacklog"
    actions   = ["sqs:GetQueueAttributes"]
    resources = local.queue_arns
  }

  statement {
    sid     = "ReadQueueMetrics"
    actions = ["cloudwatch:GetMetricData"]
    # check reads the queue as read-capacity does (CloudWatch's metrics for a policy with targetWaitSeconds).
    # GetMetricData has no resource type and no condition key: it cannot be scoped to the fleets' queues.
    resources = ["*"]
  }

  statement {
    sid       = "ReadFleetGuard"
    actions   = ["dynamodb:GetItem"]
    resources = [aws_dynamodb_table.state.arn]

    # Only the fleets' guard items (guard#<target id>), which Terraform writes; a drain start only reads them.
    condition {
      test     = "ForAllValues:StringLike"
      variable = "dynamodb:LeadingKeys"
      values   = ["guard#*"]
    }
  }

  # Each drain step holds the target's lease (modify's), so two executions' steps never interleave.
  statement {
    sid       = "HoldFleetLease"
    actions   = ["dynamodb:PutItem", "dynamodb:DeleteItem"]
    resources = [aws_dynamodb_table.state.arn]

    # Only the fleets' leases (lease#<fleet id>): never a guard item, which would widen its own bounds.
    condition {
      test     = "ForAllValues:StringLike"
      variable = "dynamodb:LeadingKeys"
      values   = ["lease#*"]
    }
  }

  dynamic "statement" {
    for_each = var.state_table_kms_key_arn == null ? [] : [var.state_table_kms_key_arn]

    content {
      sid = "DecryptStateTable"
      # See DecryptStateTable at the top: the caller's kms:Decrypt of the table key, through DynamoDB.
      actions   = ["kms:Decrypt"]
      resources = [statement.value]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["dynamodb.${local.region}.amazonaws.com"]
      }

      condition {
        test     = "StringEquals"
        variable = "kms:EncryptionContext:aws:dynamodb:tableName"
        values   = [aws_dynamodb_table.state.name]
      }
    }
  }

  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.function["drain"].arn}:*"]
  }

  statement {
    sid       = "SendTraces"
    actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
    resources = ["*"] # X-Ray supports no resource-level permissions
  }
}

locals {
  function_policies = {
    "read-capacity" = data.aws_iam_policy_document.read_capacity.json
    decide          = data.aws_iam_policy_document.decide.json
    modify          = data.aws_iam_policy_document.modify.json
    notify          = data.aws_iam_policy_document.notify.json
    check           = data.aws_iam_policy_document.check.json
    drain           = data.aws_iam_policy_document.drain.json
  }
}

resource "aws_iam_role_policy" "function" {
  for_each = local.function_policies

  name   = "calls-it-makes"
  role   = aws_iam_role.function[each.key].id
  policy = each.value
}

################################################################################
# State machine role: invoke the workflow's functions, read the fleets' alarms, deliver
# its logs and traces.
################################################################################

data "aws_iam_policy_document" "state_machine_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["states.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "state_machine" {
  name               = "${var.name}-state-machine"
  description        = "Runs the ${var.name} state machine"
  assume_role_policy = data.aws_iam_policy_document.state_machine_assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "state_machine" {
  statement {
    sid     = "InvokeFunctions"
    actions = ["lambda:InvokeFunction"]
    # The workflow's functions and their versions (SnapStart runs invoke a published version); not check.
    resources = flatten([for key, fn in aws_lambda_function.this : [fn.arn, "${fn.arn}:*"] if key != "check"])
  }

  # CheckAlarm asks whether the alarm that started an execution is still in ALARM; fleets
  # without alarms never get there.
  dynamic "statement" {
    for_each = length(local.alarm_fleets) > 0 ? [local.alarm_arns] : []

    content {
      sid       = "ReadFleetAlarms"
      actions   = ["cloudwatch:DescribeAlarms"]
      resources = statement.value
    }
  }

  statement {
    sid = "DeliverLogs"
    # CloudWatch Logs delivery for Step Functions is configured on "*" (AWS documents no narrower form).
    actions = [
      "logs:CreateLogDelivery",
      "logs:GetLogDelivery",
      "logs:UpdateLogDelivery",
      "logs:DeleteLogDelivery",
      "logs:ListLogDeliveries",
      "logs:PutResourcePolicy",
      "logs:DescribeResourcePolicies",
      "logs:DescribeLogGroups",
    ]
    resources = ["*"] # log delivery actions support no resource-level permissions
  }

  statement {
    sid       = "SendTraces"
    actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"]
    resources = ["*"] # X-Ray supports no resource-level permissions
  }
}

resource "aws_iam_role_policy" "state_machine" {
  name   = "invoke-functions-and-deliver-logs"
  role   = aws_iam_role.state_machine.id
  policy = data.aws_iam_policy_document.state_machine.json
}

################################################################################
# EventBridge role: start executions of this state machine, nothing else
################################################################################

data "aws_iam_policy_document" "eventbridge_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "eventbridge" {
  name               = "${var.name}-eventbridge"
  description        = "Lets EventBridge start ${var.name} executions"
  assume_role_policy = data.aws_iam_policy_document.eventbridge_assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "eventbridge" {
  statement {
    sid       = "StartExecutions"
    actions   = ["states:StartExecution"]
    resources = [aws_sfn_state_machine.this.arn]
  }
}

resource "aws_iam_role_policy" "eventbridge" {
  name   = "start-executions"
  role   = aws_iam_role.eventbridge.id
  policy = data.aws_iam_policy_document.eventbridge.json
}
