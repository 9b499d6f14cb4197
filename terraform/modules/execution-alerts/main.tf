locals {
  # The static part (source, detail-type, the statuses) is the file the state-machine tests match
  # with event-ruler; only this state machine's executions are added.
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

  # A plain-text message (a JSON string): what an email subscriber reads.
  input_template = "\"Autoscaler execution <name> ended <status> at <time>. An execution that times out or is aborted sends no report of its own, so a change it made may be unreported; a FAILED one has usually sent its failure report already. What it read, decided and changed: https://<region>.console.aws.amazon.com/states/home?region=<region>#/v2/executions/details/<execution>\""
}
