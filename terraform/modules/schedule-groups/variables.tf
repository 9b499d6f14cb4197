################################################################################
# The fleets a deployment checks on a schedule
################################################################################

variable "fleets" {
  description = "The scheduled fleets, by key: each one's schedule expression and its scheduled execution input (JSON, without scheduledEvent: modules/fleet-trigger's schedule_fleet_input)."
  type = map(object({
    schedule_expression = string
    input               = string
  }))
}

################################################################################
# Grouping
################################################################################

variable "fleets_per_target" {
  description = "Fleets one check invocation reads and decides together (one rule target each). Within EventBridge's 8,192 characters of a target's input and Lambda's duration: 20 fleets of typical inputs take about 5,000 characters and 2 s."
  type        = number
  default     = 20

  validation {
    condition     = var.fleets_per_target >= 1 && var.fleets_per_target <= 50 && floor(var.fleets_per_target) == var.fleets_per_target
    error_message = "The fleets_per_target must be a whole number from 1 to 50 (check reads up to 50 targets of a kind in one describe call)."
  }
}
