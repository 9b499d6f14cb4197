output "items" {
  description = "The guard module's items."
  value       = module.guard.items
}

output "target_ids" {
  description = "Each fleet's target id, by fleet key."
  value       = { for key, target in module.targets.targets : key => target.id }
}

output "schedule_rules" {
  description = "The schedule-groups module's rules."
  value       = module.schedule.rules
}

output "oversized_targets" {
  description = "The schedule-groups module's targets over EventBridge's input limit."
  value       = module.schedule.oversized_targets
}
