locals {
  # Terraform names (snake_case) -> execution input names (camelCase record components of
  # dev.sfautoscaler.core.ScalingPolicy; tools/terraform/check_contracts.py keeps them equal).
  policy_wire_names = {
    mode                               = "mode"
    min_capacity                       = "minCapacity"
    max_capacity                       = "maxCapacity"
    backlog_per_unit                   = "backlogPerUnit"
    include_delayed                    = "includeDelayed"
    activation_backlog                 = "activationBacklog"
    scale_out_cooldown_seconds         = "scaleOutCooldownSeconds"
    scale_in_cooldown_seconds          = "scaleInCooldownSeconds"
    max_scale_out_step                 = "maxScaleOutStep"
    max_scale_in_step                  = "maxScaleInStep"
    scale_in_tolerance                 = "scaleInTolerance"
    step_size                          = "stepSize"
    disable_scale_in                   = "disableScaleIn"
    on_demand_target_capacity          = "onDemandTargetCapacity"
    excess_capacity_termination_policy = "excessCapacityTerminationPolicy"
    max_queue_data_age_seconds         = "maxQueueDataAgeSeconds"
    in_flight_per_unit                 = "inFlightPerUnit"
    apply_max_immediately              = "applyMaxImmediately"
    schedules                          = "schedules"
    target_wait_seconds                = "targetWaitSeconds"
    scale_in                           = "scaleIn"
    drain_timeout_seconds              = "drainTimeoutSeconds"
    drain_check_seconds                = "drainCheckSeconds"
  }

  # A window of policy.schedules (dev.sfautoscaler.core.ScheduleWindow): Terraform name -> wire name.
  schedule_wire_names = {
    name             = "name"
    cron             = "cron"
    time_zone        = "timeZone"
    duration_minutes = "durationMinutes"
    min_capacity     = "minCapacity"
    max_capacity     = "maxCapacity"
  }

  workflow_wire_names = {
    settle_seconds   = "settleSeconds"
    max_rounds       = "maxRounds"
    notify_no_change = "notifyNoChange"
  }

  alarm_names = merge(
    var.scale_out_alarm == null ? {} : { scaleOutAlarmName = var.scale_out_alarm.name },
    var.scale_in_alarm == null ? {} : { scaleInAlarmName = var.scale_in_alarm.name },
  )

  schedules = var.policy.schedules == null ? {} : {
    schedules = [for w in var.policy.schedules : { for name, value in w : local.schedule_wire_names[name] => value if value != null }]
  }
  # target_wait_seconds = 0 is the static backlog_per_unit: the input then has no targetWaitSeconds.
  policy   = merge({ for name, value in var.policy : local.policy_wire_names[name] => value if value != null && name != "schedules" && !(name == "target_wait_seconds" && value == 0) }, local.schedules, local.alarm_names)
  workflow = { for name, value in var.workflow : local.workflow_wire_names[name] => value if value != null }

  # The manual form of the execution input (statemachine/README.md).
  execution_input = {
    target   = { kind = var.target.kind, id = var.target.id }
    queueUrl = var.queue_url
    policy   = local.policy
    workflow = local.workflow
    dryRun   = var.dry_run
  }

  # EventBridge puts the whole event where the template says <aws.events.event.json>. jsonencode
  # cannot write that unquoted, so a quoted marker is swapped for it.
  event_marker   = "SFAUTOSCALER_TRIGGER_EVENT"
  input_template = replace(jsonencode(merge(local.execution_input, { alarmEvent = local.event_marker })), jsonencode(local.event_marker), "<aws.events.event.json>")

  # A scheduled execution decides once: the next tick is the next round, so maxRounds is left out
  # (the state machine then runs one round, as for a manual execution).
  scheduled_input         = merge(local.execution_input, { workflow = { for name, value in local.workflow : name => value if name != "maxRounds" } })
  schedule_input_template = replace(jsonencode(merge(local.scheduled_input, { scheduledEvent = local.event_marker })), jsonencode(local.event_marker), "<aws.events.event.json>")

  # The guard of this fleet (modify refuses any target outside it, whatever the input says): the
  # policy's bounds unless set wider. The state table's guard#<target id> item (modules/guard-items).
  guard_bounds = {
    min = coalesce(var.guard_min_capacity, var.policy.min_capacity, 0)
    max = coalesce(var.guard_max_capacity, var.policy.max_capacity, 0)
  }

  # Known at plan time (the objects are, their ARNs may not be), so callers can count on it.
  alarm_arns    = [for alarm in [var.scale_out_alarm, var.scale_in_alarm] : alarm.arn if alarm != null]
  event_pattern = jsonencode(merge(jsondecode(file(var.event_pattern_file)), { resources = local.alarm_arns }))
}
