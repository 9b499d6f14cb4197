# Offline tests of what EventBridge will send (run by `make terraform-check` with `tofu test`).

variables {
  target             = { kind = "spot-fleet", id = "sfr-0123abcd-4567-89ef-0123-456789abcdef" }
  queue_url          = "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs"
  event_pattern_file = "../../../statemachine/alarm-event-pattern.json"
  scale_out_alarm = {
    name = "jobs-backlog-high"
    arn  = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:jobs-backlog-high"
  }
  scale_in_alarm = {
    name = "jobs-backlog-low"
    arn  = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:jobs-backlog-low"
  }
  policy = {
    min_capacity                       = 1
    max_capacity                       = 20
    backlog_per_unit                   = 100
    in_flight_per_unit                 = 4
    excess_capacity_termination_policy = "noTermination"
  }
  workflow = {
    settle_seconds = 60
  }
}

run "pattern_is_the_shared_file_plus_the_fleet_alarms" {
  command = apply

  assert {
    condition     = jsondecode(output.event_rule_pattern).source == ["aws.cloudwatch"] && jsondecode(output.event_rule_pattern)["detail-type"] == ["CloudWatch Alarm State Change"]
    error_message = "The pattern must keep source and detail-type from statemachine/alarm-event-pattern.json."
  }

  assert {
    condition     = jsondecode(output.event_rule_pattern).detail == { state = { value = ["ALARM"] } }
    error_message = "The pattern must match only alarms entering ALARM."
  }

  assert {
    condition     = jsondecode(output.event_rule_pattern).resources == [var.scale_out_alarm.arn, var.scale_in_alarm.arn]
    error_message = "The pattern must list the fleet's two alarm ARNs as resources."
  }
}

run "input_template_has_the_execution_input_shape" {
  command = apply

  assert {
    condition     = length(regexall("<aws\\.events\\.event\\.json>", output.event_target_input_template)) == 1
    error_message = "The template must carry the whole event exactly once, unquoted."
  }

  assert {
    condition     = join(",", sort(keys(jsondecode(replace(output.event_target_input_template, "<aws.events.event.json>", file("../../../testkit/src/main/resources/events/cloudwatch-alarm-scale-out-alarm.json")))))) == "alarmEvent,dryRun,policy,queueUrl,target,workflow"
    error_message = "With the event in place the template must be JSON with exactly target, queueUrl, policy, workflow, dryRun and alarmEvent."
  }

  assert {
    condition     = jsondecode(replace(output.event_target_input_template, "<aws.events.event.json>", file("../../../testkit/src/main/resources/events/cloudwatch-alarm-scale-out-alarm.json"))).alarmEvent == jsondecode(file("../../../testkit/src/main/resources/events/cloudwatch-alarm-scale-out-alarm.json"))
    error_message = "alarmEvent must be the event itself, not a string."
  }

  assert {
    condition = output.execution_input.policy == {
      minCapacity                     = 1
      maxCapacity                     = 20
      backlogPerUnit                  = 100
      inFlightPerUnit                 = 4
      excessCapacityTerminationPolicy = "noTermination"
      scaleOutAlarmName               = "jobs-backlog-high"
      scaleInAlarmName                = "jobs-backlog-low"
    }
    error_message = "The policy must be camelCase, leave unset fields out and name the fleet's alarms."
  }

  assert {
    condition     = output.execution_input.workflow == { settleSeconds = 60 }
    error_message = "The workflow must be camelCase and leave unset fields out."
  }

  assert {
    condition     = output.execution_input.target == { kind = "spot-fleet", id = "sfr-0123abcd-4567-89ef-0123-456789abcdef" } && output.execution_input.queueUrl == var.queue_url && output.execution_input.dryRun == false
    error_message = "target {kind, id}, queueUrl and dryRun must come from the variables."
  }
}

run "schedule_template_has_the_scheduled_execution_input_shape" {
  command = apply

  variables {
    workflow = {
      settle_seconds   = 60
      max_rounds       = 5
      notify_no_change = false
    }
  }

  # The template with the real "Scheduled Event" where EventBridge puts it.
  assert {
    condition     = length(regexall("<aws\\.events\\.event\\.json>", output.schedule_target_input_template)) == 1
    error_message = "The schedule template must carry the whole event exactly once, unquoted."
  }

  assert {
    condition     = join(",", sort(keys(jsondecode(replace(output.schedule_target_input_template, "<aws.events.event.json>", file("../../../testkit/src/main/resources/events/scheduled-event.json")))))) == "dryRun,policy,queueUrl,scheduledEvent,target,workflow"
    error_message = "With the event in place the schedule template must be JSON with exactly target, queueUrl, policy, workflow, dryRun and scheduledEvent (no alarmEvent)."
  }

  assert {
    condition     = jsondecode(replace(output.schedule_target_input_template, "<aws.events.event.json>", file("../../../testkit/src/main/resources/events/scheduled-event.json"))).scheduledEvent == jsondecode(file("../../../testkit/src/main/resources/events/scheduled-event.json"))
    error_message = "scheduledEvent must be the event itself, not a string."
  }

  assert {
    condition     = jsondecode(replace(output.schedule_target_input_template, "<aws.events.event.json>", "{}")).workflow == { settleSeconds = 60, notifyNoChange = false }
    error_message = "A scheduled execution decides once: its workflow must leave maxRounds out and keep the other settings."
  }

  assert {
    condition     = jsondecode(replace(output.event_target_input_template, "<aws.events.event.json>", "{}")).workflow == { settleSeconds = 60, maxRounds = 5, notifyNoChange = false }
    error_message = "An alarm-driven execution keeps maxRounds."
  }

  assert {
    condition = {
      for key, value in jsondecode(replace(output.schedule_target_input_template, "<aws.events.event.json>", "{}")) : key => value if key != "scheduledEvent" && key != "workflow"
      } == {
      for key, value in jsondecode(replace(output.event_target_input_template, "<aws.events.event.json>", "{}")) : key => value if key != "alarmEvent" && key != "workflow"
    }
    error_message = "The scheduled and the alarm-driven inputs must carry the same fleet, queue, policy and dryRun."
  }
}

run "without_alarms_only_the_schedule_triggers" {
  command = apply

  variables {
    scale_out_alarm = null
    scale_in_alarm  = null
  }

  assert {
    condition     = output.alarm_arns == []
    error_message = "A fleet without alarms has no alarm ARNs (and no alarm rule)."
  }

  assert {
    condition     = !contains(keys(output.execution_input.policy), "scaleOutAlarmName") && !contains(keys(output.execution_input.policy), "scaleInAlarmName")
    error_message = "Without alarms the policy names none."
  }

  assert {
    condition     = jsondecode(replace(output.schedule_target_input_template, "<aws.events.event.json>", "{}")).policy == output.execution_input.policy
    error_message = "The scheduled input carries the fleet's policy."
  }
}

run "strings_with_angle_brackets_stay_data" {
  command = apply

  variables {
    scale_out_alarm = {
      name = "jobs <high>"
      arn  = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:jobs-high"
    }
  }

  assert {
    condition     = length(regexall("<", output.event_target_input_template)) == 1
    error_message = "Only the event placeholder may be an EventBridge placeholder; other < must be escaped."
  }
}

run "scale_in_alarm_is_optional" {
  command = apply

  variables {
    scale_in_alarm = null
    policy = {
      min_capacity     = 1
      max_capacity     = 20
      disable_scale_in = true
    }
  }

  assert {
    condition     = jsondecode(output.event_rule_pattern).resources == [var.scale_out_alarm.arn]
    error_message = "Without a scale-in alarm only the scale-out alarm triggers."
  }

  assert {
    condition     = !contains(keys(output.execution_input.policy), "scaleInAlarmName")
    error_message = "Without a scale-in alarm the policy names none."
  }
}

run "bad_fleet_id_is_rejected" {
  command = plan

  variables {
    target = { kind = "spot-fleet", id = "i-0123456789abcdef0" }
  }

  expect_failures = [var.target]
}

run "every_kind_is_sent_as_target_kind_and_id" {
  command = apply

  variables {
    target = { kind = "auto-scaling-group", id = "jobs workers" }
  }

  assert {
    condition     = jsondecode(replace(output.schedule_target_input_template, "<aws.events.event.json>", "{}")).target == { kind = "auto-scaling-group", id = "jobs workers" }
    error_message = "The scheduled input must carry the Auto Scaling group as target {kind, id}."
  }

  assert {
    condition     = jsondecode(replace(output.event_target_input_template, "<aws.events.event.json>", "{}")).target == { kind = "auto-scaling-group", id = "jobs workers" }
    error_message = "The alarm-driven input must carry the Auto Scaling group as target {kind, id}."
  }

  assert {
    condition     = !contains(keys(output.execution_input), "fleetId")
    error_message = "The input names its target once (target), never also fleetId: the functions refuse both."
  }
}

run "an_on_demand_target_for_an_auto_scaling_group_is_rejected" {
  command = plan

  variables {
    target = { kind = "auto-scaling-group", id = "jobs" }
    policy = {
      min_capacity              = 1
      max_capacity              = 20
      on_demand_target_capacity = 2
    }
  }

  expect_failures = [output.execution_input]
}

run "an_ec2_fleet_target_is_sent_as_is" {
  command = apply

  variables {
    target = { kind = "ec2-fleet", id = "fleet-0123abcd-4567-89ef-0123-456789abcdef" }
  }

  assert {
    condition     = output.execution_input.target == { kind = "ec2-fleet", id = "fleet-0123abcd-4567-89ef-0123-456789abcdef" }
    error_message = "The input must carry the EC2 Fleet as target {kind, id}."
  }
}

run "an_unknown_kind_is_rejected" {
  command = plan

  variables {
    target = { kind = "spot", id = "sfr-0123abcd-4567-89ef-0123-456789abcdef" }
  }

  expect_failures = [var.target]
}

run "an_sfr_id_as_an_ec2_fleet_is_rejected" {
  command = plan

  variables {
    target = { kind = "ec2-fleet", id = "sfr-0123abcd-4567-89ef-0123-456789abcdef" }
  }

  expect_failures = [var.target]
}

run "a_group_name_with_a_control_character_is_rejected" {
  command = plan

  variables {
    target = { kind = "auto-scaling-group", id = "jobs\u0001" }
  }

  expect_failures = [var.target]
}

run "settle_seconds_above_the_execution_inputs_limit_is_rejected" {
  command = plan

  variables {
    workflow = {
      settle_seconds = 1801
    }
  }

  expect_failures = [var.workflow]
}

run "bad_mode_is_rejected" {
  command = plan

  variables {
    policy = {
      min_capacity = 1
      max_capacity = 20
      mode         = "proportional"
    }
  }

  expect_failures = [var.policy]
}

run "bad_in_flight_per_unit_is_rejected" {
  command = plan

  variables {
    policy = {
      min_capacity       = 1
      max_capacity       = 20
      in_flight_per_unit = 1.5
    }
  }

  expect_failures = [var.policy]
}

run "target_wait_seconds_is_sent_as_the_policys_target_wait" {
  command = apply

  variables {
    policy = {
      min_capacity        = 0
      max_capacity        = 20
      target_wait_seconds = 300
    }
  }

  assert {
    condition     = output.execution_input.policy.targetWaitSeconds == 300 && !contains(keys(output.execution_input.policy), "backlogPerUnit")
    error_message = "policy.target_wait_seconds must be sent as policy.targetWaitSeconds, alone (backlogPerUnit left to its default starting guess)."
  }
}

run "a_target_wait_of_zero_is_the_static_backlog_per_unit" {
  command = apply

  variables {
    policy = {
      min_capacity        = 1
      max_capacity        = 20
      backlog_per_unit    = 100
      target_wait_seconds = 0
    }
  }

  assert {
    condition     = !contains(keys(output.execution_input.policy), "targetWaitSeconds") && output.execution_input.policy.backlogPerUnit == 100
    error_message = "target_wait_seconds = 0 must leave targetWaitSeconds out (the static backlog_per_unit), so that a default can be switched off per fleet."
  }
}

run "a_fractional_target_wait_is_rejected" {
  command = plan

  variables {
    policy = {
      min_capacity        = 1
      max_capacity        = 20
      target_wait_seconds = 2.5
    }
  }

  expect_failures = [var.policy]
}

# A drain must end within the execution that started it (the state machine's TimeoutSeconds, 3600).
run "a_drain_timeout_longer_than_an_execution_allows_is_rejected" {
  command = plan

  variables {
    policy = {
      min_capacity          = 1
      max_capacity          = 20
      drain_timeout_seconds = 3001
    }
  }

  expect_failures = [var.policy]
}

run "bad_max_rounds_is_rejected" {
  command = plan

  variables {
    workflow = {
      max_rounds = 0
    }
  }

  expect_failures = [var.workflow]
}

run "a_fleet_id_that_is_no_uuid_is_rejected" {
  command = plan

  variables {
    target = { kind = "spot-fleet", id = "sfr----" }
  }

  expect_failures = [var.target]
}

# Item 9 of issue 16: min without max used to pass, and every run then failed.
run "min_capacity_without_max_capacity_is_rejected" {
  command = plan

  variables {
    policy = {
      min_capacity = 2
    }
  }

  expect_failures = [var.policy]
}

run "max_capacity_without_min_capacity_is_rejected" {
  command = plan

  variables {
    policy = {
      max_capacity = 20
    }
  }

  expect_failures = [var.policy]
}

run "a_policy_without_bounds_is_rejected" {
  command = plan

  variables {
    policy = {
      backlog_per_unit = 100
    }
  }

  expect_failures = [var.policy]
}

run "fractional_bounds_are_rejected" {
  command = plan

  variables {
    policy = {
      min_capacity = 0.5
      max_capacity = 20
    }
  }

  expect_failures = [var.policy]
}

# Guard bounds (item 2): what the modify function allows whatever the execution input says.
run "the_guard_defaults_to_the_policy_bounds" {
  command = apply

  assert {
    condition     = output.guard_bounds == { min = 1, max = 20 }
    error_message = "Without guard_min_capacity and guard_max_capacity the guard is the policy's min_capacity..max_capacity."
  }
}

run "the_guard_may_be_wider_than_the_policy" {
  command = apply

  variables {
    guard_min_capacity = 0
    guard_max_capacity = 50
  }

  assert {
    condition     = output.guard_bounds == { min = 0, max = 50 }
    error_message = "The guard is guard_min_capacity..guard_max_capacity when they are set."
  }
}

run "a_policy_max_above_the_guard_is_rejected" {
  command = plan

  variables {
    guard_max_capacity = 10
  }

  expect_failures = [output.guard_bounds]
}

run "a_policy_min_below_the_guard_is_rejected" {
  command = plan

  variables {
    guard_min_capacity = 2
  }

  expect_failures = [output.guard_bounds]
}

run "an_inverted_guard_is_rejected" {
  command = plan

  variables {
    guard_min_capacity = 30
    guard_max_capacity = 0
  }

  expect_failures = [output.guard_bounds]
}

run "schedules_are_sent_camel_case_without_unset_bounds" {
  command = apply

  variables {
    policy = {
      min_capacity = 1
      max_capacity = 20
      schedules = [{
        name             = "morning surge"
        cron             = "50 8 * * MON-FRI"
        time_zone        = "Europe/Paris"
        duration_minutes = 70
        min_capacity     = 12
      }]
    }
  }

  assert {
    condition = jsonencode(output.execution_input.policy.schedules) == jsonencode([{
      cron            = "50 8 * * MON-FRI"
      durationMinutes = 70
      minCapacity     = 12
      name            = "morning surge"
      timeZone        = "Europe/Paris"
    }])
    error_message = "A schedule window must be sent camelCase, its unset bound left out."
  }
}
