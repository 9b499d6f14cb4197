variable "region" {
  description = "AWS region to deploy the example in."
  type        = string
  default     = "eu-west-1"
}

variable "name" {
  description = "Prefix of every resource name (the group is <name>-workers)."
  type        = string
  default     = "sfa-asg-demo"
}

variable "function_zip_path" {
  description = "Path of the function zip; the default is the Maven build output of this repository."
  type        = string
  default     = "../../../target/function.zip"
}

variable "runtime_mode" {
  description = "native (the zip holds bootstrap) or jvm (plain ./mvnw package)."
  type        = string
  default     = "native"
}

variable "architectures" {
  description = "Instruction set of the functions; must match the native build."
  type        = list(string)
  default     = ["x86_64"]
}

variable "notification_email_addresses" {
  description = "Email addresses that receive the autoscaler's reports."
  type        = list(string)
  default     = []
}

variable "instance_types" {
  description = "Instance types of the group, in priority order, each with its weight in capacity units (one unit = one worker = 2 vCPUs). The first is the one the on-demand base uses."
  type = list(object({
    instance_type = string
    weight        = number
  }))
  default = [
    { instance_type = "m7i.large", weight = 1 },
    { instance_type = "m7i.2xlarge", weight = 4 },
  ]

  validation {
    condition     = length(var.instance_types) > 0 && alltrue([for t in var.instance_types : t.weight >= 1 && t.weight <= 999 && floor(t.weight) == t.weight])
    error_message = "Give at least one instance type; each weight must be a whole number from 1 to 999 (what Auto Scaling accepts)."
  }
}

variable "on_demand_base_capacity" {
  description = "Capacity units the group always runs on demand (the first instance type); everything above is Spot."
  type        = number
  default     = 1
}

variable "max_capacity" {
  description = "Most capacity units the autoscaler may ask for (the group's max_size, in units)."
  type        = number
  default     = 8
}

variable "schedule_expression" {
  description = "How often the autoscaler reads the queue and decides."
  type        = string
  default     = "rate(1 minute)"
}

variable "create_alarms" {
  description = "Backlog alarms that also start the autoscaler as soon as they go to ALARM, besides the schedule (the default); false leaves the schedule alone."
  type        = bool
  default     = true
}
