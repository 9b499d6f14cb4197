################################################################################
# The deployment's dashboard: a first row for the state machine, then a row per fleet: its backlog
# against its decided and fulfilled capacity, its decisions by reason, whether it is paused, and the
# age of the oldest message in its queue.
#
# The SpotFleetAutoscaler metrics are the ones decide writes with each decision
# (src/main/java/dev/sfautoscaler/metrics/EmfDecisionMetrics.java, docs/functions.md "Metrics of each
# decision"); `make terraform-check` (check_contracts.py) proves that every metric of that namespace
# named here and in the alarms is one the code emits, with the same dimension names. Keep the
# namespace and the names string literals in the metric arrays and SEARCH expressions, where the
# check reads them.
################################################################################

locals {
  # Rows of 6 grid units; the first row is the state machine's.
  row_height = 6
  state_machine_widgets = [
    {
      type   = "metric"
      x      = 0
      y      = 0
      width  = 12
      height = local.row_height
      properties = {
        title   = "Executions failed (state machine ${var.name}, all fleets)"
        region  = var.region
        view    = "timeSeries"
        stat    = "Sum"
        period  = 300
        metrics = [["AWS/States", "ExecutionsFailed", "StateMachineArn", var.state_machine_arn, { label = "failed" }]]
        yAxis   = { left = { min = 0, label = "executions" } }
      }
    },
  ]
  fleet_widgets = flatten([
    for row, fleet in var.fleets : [
      {
        type   = "metric"
        x      = 0
        y      = (row + 1) * local.row_height
        width  = 12
        height = local.row_height
        properties = {
          title  = "${fleet.key} (${fleet.kind} ${fleet.id}): backlog against capacity"
          region = var.region
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
        y      = (row + 1) * local.row_height
        width  = 4
        height = local.row_height
        properties = {
          title   = "${fleet.key}: decisions by reason"
          region  = var.region
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
        y      = (row + 1) * local.row_height
        width  = 4
        height = local.row_height
        properties = {
          title   = "${fleet.key}: paused (1 = paused)"
          region  = var.region
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
        y      = (row + 1) * local.row_height
        width  = 4
        height = local.row_height
        properties = {
          title   = "${fleet.key}: age of the oldest message (${fleet.queue_name})"
          region  = var.region
          view    = "timeSeries"
          stat    = "Maximum"
          period  = 60
          metrics = [["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", fleet.queue_name, { label = "seconds" }]]
          yAxis   = { left = { min = 0, label = "seconds" } }
        }
      },
    ]
  ])
  widgets = concat(local.state_machine_widgets, local.fleet_widgets)
}
