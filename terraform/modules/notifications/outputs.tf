output "sns_topic_arn" {
  description = "ARN of the notification topic."
  value       = aws_sns_topic.this.arn
}

output "sns_topic_policy" {
  description = "The topic's access policy (JSON): the account through IAM, the given CloudWatch alarms and the given EventBridge rules may publish."
  value       = data.aws_iam_policy_document.topic.json
}

output "sns_topic_name" {
  description = "Name of the notification topic."
  value       = aws_sns_topic.this.name
}

output "kms_key_arn" {
  description = "ARN of the KMS key that encrypts the topic (the root module also encrypts the autoscaler's state table with it); publishers need kms:GenerateDataKey* and kms:Decrypt on it."
  value       = aws_kms_key.this.arn
}
