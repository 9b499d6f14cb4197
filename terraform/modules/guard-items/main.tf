locals {
  # The key of a fleet's item in the state table (dev.sfautoscaler.aws.DynamoDbStateTable.guardKey);
  # the functions' IAM allows no write to keys with this prefix (modules/autoscaler iam.tf).
  key_prefix = "guard#"

  # One item per fleet in DynamoDB's JSON, as aws_dynamodb_table_item takes it: pk, min, max, and the
  # fleet's key for whoever reads the table. No expiresAt: the table's TTL must never remove a guard.
  items = {
    for key, guard in var.guards : key => jsonencode({
      pk    = { S = "${local.key_prefix}${guard.target_id}" }
      min   = { N = tostring(guard.min) }
      max   = { N = tostring(guard.max) }
      fleet = { S = key }
    })
  }
}
