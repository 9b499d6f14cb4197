# The autoscaler for a fleet and a queue you already have. Your fleet must be of type maintain;
# add `lifecycle { ignore_changes = [target_capacity] }` where you manage it, or your next apply
# undoes the autoscaler's work.

module "autoscaler" {
  source = "../.."

  name                         = "sfautoscaler"
  function_zip_path            = var.function_zip_path
  architectures                = var.architectures
  notification_email_addresses = var.notification_email_addresses

  fleets = {
    main = {
      spot_fleet_request_id = var.spot_fleet_request_id
      queue_name            = var.queue_name
      schedule_expression   = var.schedule_expression
      create_alarms         = var.create_alarms
      policy = {
        min_capacity       = var.min_capacity
        max_capacity       = var.max_capacity
        backlog_per_unit   = var.backlog_per_unit
        in_flight_per_unit = var.in_flight_per_unit
      }
    }
  }
}
