output "event_rule_pattern" {
  description = "EventBridge pattern (JSON) matching the fleet's alarms entering ALARM."
  value       = local.event_pattern
}

output "event_target_input_template" {
  description = "Input template of the alarm rule's target: the execution input with alarmEvent = <aws.events.event.json>."
  value       = local.input_template
}

output "schedule_target_input_template" {
  description = "Input template of the schedule rule's target: the execution input without workflow.maxRounds, with scheduledEvent = <aws.events.event.json>."
  value       = local.schedule_input_template
}

output "schedule_fleet_input" {
  description = "The fleet's entry in a schedule's list for the check function (modules/schedule-groups): the scheduled execution input (no workflow.maxRounds), without scheduledEvent, as JSON."
  value       = jsonencode(local.scheduled_input)
}

output "execution_input" {
  description = "Execution input for a manual run (no alarmEvent or scheduledEvent), as an object."
  value       = local.execution_input

  precondition {
    # The modify function refuses it (AutoScalingGroupGateway): every change would fail.
    condition     = var.target.kind != "auto-scaling-group" || coalesce(var.policy.on_demand_target_capacity, 0) == 0
    error_message = "The policy.on_demand_target_capacity cannot be set for an auto-scaling-group target: the group's on-demand part is its mixed instances policy's on_demand_base_capacity. Leave it out for this fleet."
  }
}

output "alarm_arns" {
  description = "ARNs of the alarms that trigger the fleet's executions (empty when the fleet has none)."
  value       = local.alarm_arns
}

output "guard_bounds" {
  description = "The fleet's guard bounds, { min, max }: the lowest and highest target capacity the modify function may set (modules/guard-items makes it the state table's guard#<target id> item). The policy's bounds must lie within them."
  value       = local.guard_bounds

  precondition {
    condition     = local.guard_bounds.min <= local.guard_bounds.max
    error_message = "The guard_min_capacity must not exceed guard_max_capacity."
  }

  precondition {
    condition     = var.policy.min_capacity == null || var.policy.max_capacity == null || (coalesce(var.policy.min_capacity, 0) >= local.guard_bounds.min && coalesce(var.policy.max_capacity, 0) <= local.guard_bounds.max)
    error_message = "The policy's bounds (min_capacity..max_capacity) must lie within the fleet's guard (guard_min_capacity..guard_max_capacity): the modify function refuses every target outside the guard, so a policy reaching beyond it would fail."
  }
}
