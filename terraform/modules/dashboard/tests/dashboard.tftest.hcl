# Offline tests of the dashboard's body (run by `make terraform-check` with `tofu test`).

variables {
  name              = "sfautoscaler"
  region            = "eu-west-1"
  state_machine_arn = "arn:aws:states:eu-west-1:123456789012:stateMachine:sfautoscaler"
  fleets = [
    { key = "workers", kind = "spot-fleet", id = "sfr-0123abcd-4567-89ef-0123-456789abcdef", queue_name = "jobs" },
    { key = "renders", kind = "auto-scaling-group", id = "render-asg", queue_name = "frames" },
  ]
}

run "first_row_is_the_state_machines_failed_executions" {
  command = apply

  assert {
    condition     = jsondecode(output.dashboard_body).widgets[0].properties.metrics == [["AWS/States", "ExecutionsFailed", "StateMachineArn", "arn:aws:states:eu-west-1:123456789012:stateMachine:sfautoscaler", { label = "failed" }]]
    error_message = "The first widget must be ExecutionsFailed of this state machine."
  }

  assert {
    condition     = output.widget_count == 9 && length(jsondecode(output.dashboard_body).widgets) == 9
    error_message = "Two fleets make 1 + 4 * 2 widgets."
  }
}

run "backlog_against_decided_and_fulfilled_capacity_on_one_graph" {
  command = apply

  assert {
    condition = [for m in jsondecode(output.dashboard_body).widgets[1].properties.metrics : [m[0], m[1], m[2], m[3]]] == [
      ["SpotFleetAutoscaler", "CountedBacklog", "Fleet", "sfr-0123abcd-4567-89ef-0123-456789abcdef"],
      ["SpotFleetAutoscaler", "QueueVisible", "Fleet", "sfr-0123abcd-4567-89ef-0123-456789abcdef"],
      ["SpotFleetAutoscaler", "DecidedTarget", "Fleet", "sfr-0123abcd-4567-89ef-0123-456789abcdef"],
      ["SpotFleetAutoscaler", "FulfilledCapacity", "Fleet", "sfr-0123abcd-4567-89ef-0123-456789abcdef"],
    ]
    error_message = "The first fleet's first graph must show its backlog (counted, visible) and its decided and fulfilled capacity."
  }

  assert {
    condition     = [for m in jsondecode(output.dashboard_body).widgets[1].properties.metrics : lookup(m[4], "yAxis", "left")] == ["left", "left", "right", "right"]
    error_message = "Messages on the left axis, capacity units on the right."
  }

  assert {
    condition     = jsondecode(output.dashboard_body).widgets[5].properties.metrics[0][3] == "render-asg"
    error_message = "The second fleet's graphs must use its own target id as the Fleet dimension."
  }
}

run "decisions_by_reason_paused_and_oldest_message_per_fleet" {
  command = apply

  assert {
    condition     = jsondecode(output.dashboard_body).widgets[2].properties.metrics[0][0].expression == "SEARCH('{SpotFleetAutoscaler,Fleet,Reason} MetricName=\"Decisions\" Fleet=\"sfr-0123abcd-4567-89ef-0123-456789abcdef\"', 'Sum', 300)"
    error_message = "Decisions by reason: a SEARCH of the fleet's Decisions in [Fleet, Reason]."
  }

  assert {
    condition     = jsondecode(output.dashboard_body).widgets[2].properties.metrics[0][0].label == "$${PROP('Dim.Reason')}"
    error_message = "Each line of the decisions graph must be labelled with its reason code."
  }

  assert {
    condition     = [for m in jsondecode(output.dashboard_body).widgets[3].properties.metrics : [m[0], m[1], m[2], m[3]]] == [["SpotFleetAutoscaler", "Paused", "Fleet", "sfr-0123abcd-4567-89ef-0123-456789abcdef"]]
    error_message = "The third graph must show whether the fleet is paused."
  }

  assert {
    condition     = [for m in jsondecode(output.dashboard_body).widgets[8].properties.metrics : [m[0], m[1], m[2], m[3]]] == [["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", "frames"]]
    error_message = "The fourth graph must show the age of the oldest message in the fleet's own queue."
  }
}

run "widgets_do_not_overlap" {
  command = apply

  assert {
    condition     = length(distinct([for w in jsondecode(output.dashboard_body).widgets : "${w.x},${w.y}"])) == output.widget_count
    error_message = "Two widgets share a position."
  }

  assert {
    condition     = alltrue([for w in jsondecode(output.dashboard_body).widgets : w.x + w.width <= 24])
    error_message = "A widget reaches beyond the dashboard's 24 columns."
  }
}
