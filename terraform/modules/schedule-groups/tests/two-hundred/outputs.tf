output "rules" {
  description = "As the module's."
  value       = module.groups.rules
}

output "targets" {
  description = "As the module's."
  value       = module.groups.targets
}

output "fleet_rules" {
  description = "As the module's."
  value       = module.groups.fleet_rules
}

output "oversized_targets" {
  description = "As the module's."
  value       = module.groups.oversized_targets
}
