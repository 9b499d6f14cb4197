data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

################################################################################
# KMS key: the topic is encrypted with a customer managed key, so the key policy
# decides who may read messages at rest. Publishers in the account get
# kms:GenerateDataKey* and kms:Decrypt through their own IAM policies (the account
# root delegates to IAM); CloudWatch alarms need the key policy itself.
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
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  statement {
    sid = "CloudWatchAlarmsPublish"
    # Alarms of this account (e.g. undelivered alarm events) publish to the encrypted topic.
    actions   = ["kms:GenerateDataKey*", "kms:Decrypt"]
    resources = ["*"] # in a key policy "*" is this key

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
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

resource "aws_sns_topic_subscription" "email" {
  for_each = toset(var.email_addresses)

  topic_arn = aws_sns_topic.this.arn
  protocol  = "email"
  endpoint  = each.value
}
