################################################################################
# Dashboard: one per deployment (modules/dashboard makes its body, tested offline there).
################################################################################

locals {
  dashboard_name = var.name
}

module "dashboard" {
  source = "../dashboard"

  name              = var.name
  region            = local.region
  state_machine_arn = aws_sfn_state_machine.this.arn
  fleets = [for key in sort(keys(var.fleets)) : {
    key        = key
    kind       = local.fleet_targets[key].kind
    id         = local.fleet_targets[key].id
    queue_name = element(split(":", var.fleets[key].queue_arn), 5)
  }]
}

resource "aws_cloudwatch_dashboard" "this" {
  count = var.dashboard_enabled ? 1 : 0

  dashboard_name = local.dashboard_name
  dashboard_body = module.dashboard.dashboard_body

  lifecycle {
    precondition {
      condition     = var.metrics_enabled
      error_message = "The dashboard graphs the metrics decide writes, and metrics_enabled is false: set dashboard_enabled = false too, or keep the metrics."
    }
    precondition {
      # CloudWatch refuses a dashboard of more than 500 widgets: 1 + 4 per fleet.
      condition     = module.dashboard.widget_count <= 500
      error_message = "The dashboard would have ${module.dashboard.widget_count} widgets, more than the 500 CloudWatch allows (1 + 4 per fleet, so at most 124 fleets): set dashboard_enabled = false, or split the fleets between deployments."
    }
  }
}
