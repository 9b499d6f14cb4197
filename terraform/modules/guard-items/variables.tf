################################################################################
# The deployment's guard bounds
################################################################################

variable "guards" {
  description = "Each fleet's guard bounds, by fleet key: its target id and the lowest and highest target capacity the modify function may set (modules/fleet-trigger's guard_bounds)."
  type = map(object({
    target_id = string
    min       = number
    max       = number
  }))

  validation {
    condition     = length(distinct([for g in values(var.guards) : g.target_id])) == length(var.guards)
    error_message = "Two fleets name the same target id: each target has one guard item, keyed by its id."
  }

  validation {
    condition     = alltrue([for g in values(var.guards) : g.min >= 0 && g.min <= g.max && floor(g.min) == g.min && floor(g.max) == g.max])
    error_message = "Every guard needs whole numbers 0 <= min <= max (modify refuses an item that breaks this)."
  }
}
