variable "fleets_per_target" {
  description = "As the module's."
  type        = number
  default     = 20
}
