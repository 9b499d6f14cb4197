################################################################################
# Dashboard: one per deployment. A first row for the state machine, then a row per fleet: its
# backlog against its decided and fulfilled capacity, its decisions by reason, whether it is paused,
# and the age of the oldest message in its queue.
#
# The SpotFleetAutoscaler metrics are the ones decide writes with each decision
# (src/main/java/dev/sfautoscaler/aws/EmfDecisionMetrics.java, docs/functions.md "Metrics of each
# decision"); `make terraform-check` (check_contracts.py) proves that every metric of that namespace
# named here and in the alarms is one the code emits, with the same dimension names. Keep the
# namespace and the names string literals in the metric arrays and SEARCH expressions, where the
# check reads them.
################################################################################

locals {
  # Until local.fleet_targets (issue 12, contract 6) is merged; the integrator replaces it.
  metrics_targets = { for k, f in var.fleets : k => { kind = "spot-fleet", id = f.spot_fleet_request_id } }

  dashboard_name = var.name
  dashboard_fleets = [for key in sort(keys(var.fleets)) : {
    key   = key
    id    = local.metrics_targets[key].id
    kind  = local.metrics_targets[key].kind
    queue = element(split(":", var.fleets[key].queue_arn), 5)
  }]

  # Rows of 6 grid units; the first row is the state machine's.
  dashboard_row_height = 6
  dashboard_state_machine_widgets = [
    {
      type   = "metric"
      x      = 0
      y      = 0
      width  = 12
      height = local.dashboard_row_height
      properties = {
        title   = "Executions failed (state machine ${var.name}, all fleets)"
        region  = local.region
        view    = "timeSeries"
        stat    = "Sum"
        period  = 300
        metrics = [["AWS/States", "ExecutionsFailed", "StateMachineArn", aws_sfn_state_machine.this.arn, { label = "failed" }]]
        yAxis   = { left = { min = 0, label = "executions" } }
      }
    },
  ]
  dashboard_fleet_widgets = flatten([
    for row, fleet in local.dashboard_fleets : [
      {
        type   = "metric"
        x      = 0
        y      = (row + 1) * local.dashboard_row_height
        width  = 12
        height = local.dashboard_row_height
        properties = {
          title  = "${fleet.key} (${fleet.kind} ${fleet.id}): backlog against capacity"
          region = local.region
          view   = "timeSeries"
          stat   = "Maximum"
          period = 60
          metrics = [
            ["SpotFleetAutoscaler", "CountedBacklog", "Fleet", fleet.id, { label = "counted backlog (messages)" }],
            ["SpotFleetAutoscaler", "QueueVisible", "Fleet", fleet.id, { label = "visible (messages)" }],
            ["SpotFleetAutoscaler", "DecidedTarget", "Fleet", fleet.id, { label = "decided target (units)", yAxis = "right" }],
            ["SpotFleetAutoscaler", "FulfilledCapacity", "Fleet", fleet.id, { label = "fulfilled (units)", yAxis = "right" }],
          ]
          yAxis = {
            left  = { min = 0, label = "messages" }
            right = { min = 0, label = "capacity units" }
          }
        }
      },
      {
        type   = "metric"
        x      = 12
        y      = (row + 1) * local.dashboard_row_height
        width  = 4
        height = local.dashboard_row_height
        properties = {
          title   = "${fleet.key}: decisions by reason"
          region  = local.region
          view    = "timeSeries"
          stacked = true
          stat    = "Sum"
          period  = 300
          metrics = [[{
            expression = "SEARCH('{SpotFleetAutoscaler,Fleet,Reason} MetricName=\"Decisions\" Fleet=\"${fleet.id}\"', 'Sum', 300)"
            id         = "decisions"
            label      = "$${PROP('Dim.Reason')}"
          }]]
          yAxis = { left = { min = 0, label = "decisions" } }
        }
      },
      {
        type   = "metric"
        x      = 16
        y      = (row + 1) * local.dashboard_row_height
        width  = 4
        height = local.dashboard_row_height
        properties = {
          title   = "${fleet.key}: paused (1 = paused)"
          region  = local.region
          view    = "timeSeries"
          stat    = "Maximum"
          period  = 60
          metrics = [["SpotFleetAutoscaler", "Paused", "Fleet", fleet.id, { label = "paused" }]]
          yAxis   = { left = { min = 0, max = 1 } }
        }
      },
      {
        type   = "metric"
        x      = 20
        y      = (row + 1) * local.dashboard_row_height
        width  = 4
        height = local.dashboard_row_height
        properties = {
          title   = "${fleet.key}: age of the oldest message (${fleet.queue})"
          region  = local.region
          view    = "timeSeries"
          stat    = "Maximum"
          period  = 60
          metrics = [["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", fleet.queue, { label = "seconds" }]]
          yAxis   = { left = { min = 0, label = "seconds" } }
        }
      },
    ]
  ])
  dashboard_widgets = concat(local.dashboard_state_machine_widgets, local.dashboard_fleet_widgets)
}

resource "aws_cloudwatch_dashboard" "this" {
  count = var.dashboard_enabled ? 1 : 0

  dashboard_name = local.dashboard_name
  dashboard_body = jsonencode({ widgets = local.dashboard_widgets })

  lifecycle {
    precondition {
      # CloudWatch refuses a dashboard of more than 500 widgets: 1 + 4 per fleet.
      condition     = length(local.dashboard_widgets) <= 500
      error_message = "The dashboard would have ${length(local.dashboard_widgets)} widgets, more than the 500 CloudWatch allows (1 + 4 per fleet, so at most 124 fleets): set dashboard_enabled = false, or split the fleets between deployments."
    }
  }
}
