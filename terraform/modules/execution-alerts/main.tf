locals {
  # The static part (source, detail-type, which executions) is the file the state-machine tests
  # match with event-ruler; only this state machine's executions are added.
  event_pattern = jsonencode(merge(jsondecode(file(var.event_pattern_file)), {
    detail = merge(jsondecode(file(var.event_pattern_file)).detail, { stateMachineArn = [var.state_machine_arn] })
  }))

  # Fields every "Step Functions Execution Status Change" event has; error and cause are left out
  # (null for TIMED_OUT and ABORTED, and a cause can hold quotes that would break the message).
  input_paths = {
    execution = "$.detail.executionArn"
    name      = "$.detail.name"
    status    = "$.detail.status"
    time      = "$.time"
    region    = "$.region"
  }

  # A plain-text message (a JSON string): what an email subscriber reads. A FAILED execution that
  # reported its failure (error sfautoscaler.FailureReported) is not matched, so it gets no second mail.
  input_template = "\"Autoscaler execution <name> ended <status> at <time> without a report of its own: an execution that times out or is aborted sends none, and a FAILED one matched here failed before or while reporting, so a change it made may be unreported. What it read, decided and changed: https://<region>.console.aws.amazon.com/states/home?region=<region>#/v2/executions/details/<execution>\""

  # The second channel: executions whose failure report could not be sent.
  notification_failed_pattern = jsonencode(merge(jsondecode(file(var.notification_failed_pattern_file)), {
    detail = merge(jsondecode(file(var.notification_failed_pattern_file)).detail, { stateMachineArn = [var.state_machine_arn] })
  }))

  # These events always carry error and cause (the Fail state's); the cause says whether the fleet
  # was changed and how. A JSON object template: EventBridge inserts each unquoted value as JSON, so
  # quotes in the cause stay data.
  notification_failed_input_paths = merge(local.input_paths, {
    error = "$.detail.error"
    cause = "$.detail.cause"
  })
  notification_failed_input_template = "{\"alert\": \"Autoscaler execution <name> FAILED at <time> and its failure report could not be sent to the notification topic; the cause says whether the fleet was changed.\", \"error\": <error>, \"cause\": <cause>, \"execution\": \"https://<region>.console.aws.amazon.com/states/home?region=<region>#/v2/executions/details/<execution>\"}"
}
