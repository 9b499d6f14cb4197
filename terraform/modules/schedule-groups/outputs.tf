output "rules" {
  description = "The schedule rules, by key (<group>-<n>): each one's schedule expression. At most five targets each."
  value       = { for key, expressions in local.rules : key => { schedule_expression = expressions[0] } }
}

output "targets" {
  description = "The rules' targets, by key: { rule, fleet_keys, input_template }, the template being the check function's list form with scheduledEvent = <aws.events.event.json>."
  value       = local.targets
}

output "oversized_targets" {
  description = "Targets whose input is over EventBridge's 8,192 characters (the caller fails the plan on any: fewer fleets_per_target)."
  value       = sort([for key, target in local.targets : key if length(target.input_template) > local.input_template_limit])
}

output "fleet_rules" {
  description = "The rule that checks each fleet, by fleet key."
  value       = merge([for target in values(local.targets) : { for key in target.fleet_keys : key => target.rule }]...)
}
