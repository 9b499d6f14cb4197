# Offline tests of what EventBridge matches and what the topic's subscribers read
# (run by `make terraform-check` with `tofu test`). The events are the real fixtures the Java
# tests match against the same pattern file with event-ruler.

variables {
  state_machine_arn                = "arn:aws:states:eu-west-1:123456789012:stateMachine:sfautoscaler"
  event_pattern_file               = "../../../statemachine/execution-alert-pattern.json"
  notification_failed_pattern_file = "../../../statemachine/notification-failed-pattern.json"
}

run "pattern_is_the_shared_file_plus_this_state_machine" {
  command = apply

  assert {
    condition     = jsondecode(output.event_rule_pattern).source == ["aws.states"] && jsondecode(output.event_rule_pattern)["detail-type"] == ["Step Functions Execution Status Change"]
    error_message = "The pattern must keep source and detail-type from statemachine/execution-alert-pattern.json."
  }

  assert {
    condition = jsondecode(output.event_rule_pattern).detail == {
      "$or" = [
        { status = ["TIMED_OUT", "ABORTED"] },
        { status = ["FAILED"], error = [{ "anything-but" = ["sfautoscaler.FailureReported"] }] },
      ]
      stateMachineArn = [var.state_machine_arn]
    }
    error_message = "The pattern must match this state machine's executions ending TIMED_OUT or ABORTED, or FAILED with any error but sfautoscaler.FailureReported (a failure already reported gets no second mail), nothing else."
  }
}

run "second_channel_pattern_is_its_file_plus_this_state_machine" {
  command = apply

  assert {
    condition     = jsondecode(output.notification_failed_rule_pattern).source == ["aws.states"] && jsondecode(output.notification_failed_rule_pattern)["detail-type"] == ["Step Functions Execution Status Change"]
    error_message = "The second channel's pattern must keep source and detail-type from statemachine/notification-failed-pattern.json."
  }

  assert {
    condition     = jsondecode(output.notification_failed_rule_pattern).detail == { status = ["FAILED"], error = ["sfautoscaler.NotificationFailed"], stateMachineArn = [var.state_machine_arn] }
    error_message = "The second channel must match exactly this state machine's executions that failed because their report could not be sent."
  }
}

run "second_channel_message_is_json_with_the_cause" {
  command = apply

  # What a subscriber of the fallback topic reads for a NotificationFailed event whose cause holds
  # quotes: EventBridge inserts unquoted placeholders as JSON values.
  assert {
    condition = jsondecode(replace(replace(replace(replace(replace(replace(output.notification_failed_target_input_template,
      "<error>", jsonencode("sfautoscaler.NotificationFailed")),
      "<cause>", jsonencode("fleet sfr-0123abcd-4567-89ef-0123-456789abcdef was changed 4 -> 6 but no notification could be sent: \"AuthorizationError\"")),
      "<name>", "manual-1"), "<time>", "2026-11-28T10:15:02Z"), "<region>", "eu-west-1"),
    "<execution>", "arn:aws:states:eu-west-1:123456789012:execution:sfautoscaler:manual-1")).cause == "fleet sfr-0123abcd-4567-89ef-0123-456789abcdef was changed 4 -> 6 but no notification could be sent: \"AuthorizationError\""
    error_message = "The second channel's message must be JSON that carries the execution's cause (whether and how the fleet was changed)."
  }

  assert {
    condition     = alltrue([for placeholder in regexall("<([^<>]+)>", output.notification_failed_target_input_template) : contains(keys(output.notification_failed_target_input_paths), placeholder[0])])
    error_message = "Every <placeholder> of the second channel's template must be an input path."
  }

  assert {
    condition = alltrue([
      for name, path in output.notification_failed_target_input_paths : length(split(".", trimprefix(path, "$."))) == 1
      ? try(jsondecode(file("../../../testkit/src/main/resources/events/step-functions-execution-failed.json"))[split(".", trimprefix(path, "$."))[0]] != null, false)
      : try(jsondecode(file("../../../testkit/src/main/resources/events/step-functions-execution-failed.json"))[split(".", trimprefix(path, "$."))[0]][split(".", trimprefix(path, "$."))[1]] != null, false)
    ])
    error_message = "Every input path of the second channel must name a field that a FAILED event has."
  }
}

run "message_uses_only_fields_the_events_have" {
  command = apply

  assert {
    condition     = alltrue([for placeholder in regexall("<([^<>]+)>", output.target_input_template) : contains(keys(output.target_input_paths), placeholder[0])])
    error_message = "Every <placeholder> of the template must be an input path."
  }

  assert {
    condition = alltrue(flatten([
      for fixture in ["step-functions-execution-timed-out.json", "step-functions-execution-aborted.json", "step-functions-execution-failed.json"] : [
        for name, path in output.target_input_paths : length(split(".", trimprefix(path, "$."))) == 1
        ? try(jsondecode(file("../../../testkit/src/main/resources/events/${fixture}"))[split(".", trimprefix(path, "$."))[0]] != null, false)
        : try(jsondecode(file("../../../testkit/src/main/resources/events/${fixture}"))[split(".", trimprefix(path, "$."))[0]][split(".", trimprefix(path, "$."))[1]] != null, false)
      ]
    ]))
    error_message = "Every input path must name a field that the FAILED, TIMED_OUT and ABORTED events have."
  }

  # What a subscriber reads for the timed-out fixture: the template with the event's values in place.
  assert {
    condition = strcontains(jsondecode(replace(replace(replace(replace(replace(output.target_input_template,
      "<execution>", jsondecode(file("../../../testkit/src/main/resources/events/step-functions-execution-timed-out.json")).detail.executionArn),
      "<name>", jsondecode(file("../../../testkit/src/main/resources/events/step-functions-execution-timed-out.json")).detail.name),
      "<status>", "TIMED_OUT"), "<time>", "2026-11-28T10:15:02Z"), "<region>", "eu-west-1")),
    "ended TIMED_OUT at 2026-11-28T10:15:02Z")
    error_message = "The template must be a JSON string that says how the execution ended."
  }
}

run "bad_state_machine_arn_is_rejected" {
  command = plan

  variables {
    state_machine_arn = "arn:aws:lambda:eu-west-1:123456789012:function:sfautoscaler-decide"
  }

  expect_failures = [var.state_machine_arn]
}
