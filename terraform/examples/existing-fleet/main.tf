# The autoscaler for a target (Auto Scaling group, EC2 Fleet or spot fleet) and a queue you already
# have. A fleet must be of type maintain. Where you manage the target with Terraform, make it ignore
# what the autoscaler changes (README.md), or your next apply undoes the autoscaler's work.

module "autoscaler" {
  source = "../.."

  name                         = "sfautoscaler"
  function_zip_path            = var.function_zip_path
  architectures                = var.architectures
  notification_email_addresses = var.notification_email_addresses

  fleets = {
    main = {
      target                = var.target
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
