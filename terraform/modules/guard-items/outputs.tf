output "items" {
  description = "The state table's guard item of each fleet, by fleet key, in DynamoDB's JSON (aws_dynamodb_table_item's item): pk guard#<target id>, min, max, fleet."
  value       = local.items
}

output "key_prefix" {
  description = "The prefix of the guard items' keys (guard#): the functions may read such items, never write them."
  value       = local.key_prefix
}
