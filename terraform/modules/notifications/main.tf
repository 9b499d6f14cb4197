data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  # Known before the topic exists: the key policy names the topic, and the topic needs the key.
  topic_arn = "arn:${local.partition}:sns:${data.aws_region.current.region}:${local.account_id}:${var.name}"
}

################################################################################
# KMS key: the topic is encrypted with a customer managed key, so the key policy
# decides who may read messages at rest. Publishers in the account get
# kms:GenerateDataKey* and kms:Decrypt through their own IAM policies (the account
# root delegates to IAM); service publishers (CloudWatch alarms, EventBridge rules)
# need the key policy itself.
################################################################################

data "aws_iam_policy_document" "key" {
  #checkov:skip=CKV_AWS_109:this is a key policy: the account root administers the key through IAM (the default key policy)
  #checkov:skip=CKV_AWS_111:this is a key policy: "*" is this key, and only the account root is a principal
  #checkov:skip=CKV_AWS_356:this is a key policy: "*" is this key, not every resource
  statement {
    sid       = "AccountAdministersKeyThroughIam"
    actions   = ["kms:*"]
    resources = ["*"] # in a key policy "*" is this key

    principals {
      type        = "AWS"
      identifiers = ["arn:${local.partition}:iam::${local.account_id}:root"]
    }
  }

  statement {
    sid = "CloudWatchAlarmsPublish"
    # Alarms of this account (the autoscaler's own alarms) publish to this topic, and only to it.
    actions   = ["kms:GenerateDataKey*", "kms:Decrypt"]
    resources = ["*"] # in a key policy "*" is this key

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:EncryptionContext:aws:sns:topicArn"
      values   = [local.topic_arn]
    }
  }

  statement {
    sid = "EventBridgeRulesPublish"
    # Rules of this account (the execution alerts) publish to this topic, and only to it.
    actions   = ["kms:GenerateDataKey*", "kms:Decrypt"]
    resources = ["*"] # in a key policy "*" is this key

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:EncryptionContext:aws:sns:topicArn"
      values   = [local.topic_arn]
    }
  }
}

resource "aws_kms_key" "this" {
  description             = "Encrypts the ${var.name} SNS topic"
  deletion_window_in_days = var.kms_key_deletion_window_in_days
  enable_key_rotation     = true
  policy                  = data.aws_iam_policy_document.key.json
  tags                    = var.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.name}"
  target_key_id = aws_kms_key.this.key_id
}

################################################################################
# Topic and subscriptions
################################################################################

resource "aws_sns_topic" "this" {
  name              = var.name
  kms_master_key_id = aws_kms_key.this.arn
  tags              = var.tags
}

# Replaces SNS's default policy: the account (through IAM, e.g. the notify function's role),
# the named CloudWatch alarms and the named EventBridge rules may publish; nobody else.
data "aws_iam_policy_document" "topic" {
  statement {
    sid = "AccountUsesTopicThroughIam"
    actions = [
      "sns:Publish",
      "sns:Subscribe",
      "sns:ListSubscriptionsByTopic",
      "sns:GetTopicAttributes",
      "sns:SetTopicAttributes",
      "sns:AddPermission",
      "sns:RemovePermission",
      "sns:DeleteTopic",
    ]
    resources = [aws_sns_topic.this.arn]

    principals {
      type        = "AWS"
      identifiers = ["arn:${local.partition}:iam::${local.account_id}:root"]
    }
  }

  dynamic "statement" {
    for_each = length(var.alarm_arns) > 0 ? [var.alarm_arns] : []

    content {
      sid       = "CloudWatchAlarmsPublish"
      actions   = ["sns:Publish"]
      resources = [aws_sns_topic.this.arn]

      principals {
        type        = "Service"
        identifiers = ["cloudwatch.amazonaws.com"]
      }

      condition {
        test     = "ArnEquals"
        variable = "aws:SourceArn"
        values   = statement.value
      }
    }
  }

  dynamic "statement" {
    for_each = length(var.event_rule_arns) > 0 ? [var.event_rule_arns] : []

    content {
      sid       = "EventBridgeRulesPublish"
      actions   = ["sns:Publish"]
      resources = [aws_sns_topic.this.arn]

      principals {
        type        = "Service"
        identifiers = ["events.amazonaws.com"]
      }

      condition {
        test     = "ArnEquals"
        variable = "aws:SourceArn"
        values   = statement.value
      }
    }
  }
}

resource "aws_sns_topic_policy" "this" {
  arn    = aws_sns_topic.this.arn
  policy = data.aws_iam_policy_document.topic.json
}

resource "aws_sns_topic_subscription" "email" {
  for_each = toset(var.email_addresses)

  topic_arn = aws_sns_topic.this.arn
  protocol  = "email"
  endpoint  = each.value
}
