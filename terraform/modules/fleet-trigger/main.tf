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
  }

  workflow_wire_names = {
    settle_seconds   = "settleSeconds"
    max_rounds       = "maxRounds"
    notify_no_change = "notifyNoChange"
  }

  alarm_names = merge(
    { scaleOutAlarmName = var.scale_out_alarm.name },
    var.scale_in_alarm == null ? {} : { scaleInAlarmName = var.scale_in_alarm.name },
  )

  policy   = merge({ for name, value in var.policy : local.policy_wire_names[name] => value if value != null }, local.alarm_names)
  workflow = { for name, value in var.workflow : local.workflow_wire_names[name] => value if value != null }

  # The manual form of the execution input (statemachine/README.md).
  execution_input = {
    fleetId  = var.spot_fleet_request_id
    queueUrl = var.queue_url
    policy   = local.policy
    workflow = local.workflow
    dryRun   = var.dry_run
  }

  # EventBridge puts the whole event where the template says <aws.events.event.json>. jsonencode
  # cannot write that unquoted, so a quoted marker is swapped for it.
  event_marker   = "SFAUTOSCALER_ALARM_EVENT"
  input_template = replace(jsonencode(merge(local.execution_input, { alarmEvent = local.event_marker })), jsonencode(local.event_marker), "<aws.events.event.json>")

  alarm_arns    = compact([var.scale_out_alarm.arn, try(var.scale_in_alarm.arn, "")])
  event_pattern = jsonencode(merge(jsondecode(file(var.event_pattern_file)), { resources = local.alarm_arns }))
}
