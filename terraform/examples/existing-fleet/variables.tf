variable "region" {
  description = "AWS region of the target and the queue."
  type        = string
}

variable "target" {
  description = "What to scale: { kind = \"auto-scaling-group\", id = \"<group name>\" }, { kind = \"ec2-fleet\", id = \"fleet-...\" } (a maintain fleet) or { kind = \"spot-fleet\", id = \"sfr-...\" }. Null when spot_fleet_request_id names a spot fleet instead."
  type = object({
    kind = string
    id   = string
  })
  default = null
}

variable "spot_fleet_request_id" {
  description = "Your maintain-type spot fleet request (sfr-...), as before; the same as target = { kind = \"spot-fleet\", id = ... }. Give this or target, not both."
  type        = string
  default     = null
}

variable "queue_name" {
  description = "Name of your SQS queue whose backlog drives the target."
  type        = string
}

variable "min_capacity" {
  description = "Fewest capacity units the autoscaler keeps."
  type        = number
  default     = 1
}

variable "max_capacity" {
  description = "Most capacity units the autoscaler may run."
  type        = number
  default     = 10
}

variable "backlog_per_unit" {
  description = "Messages one capacity unit should have waiting (acceptable wait / seconds per message)."
  type        = number
  default     = 100
}

variable "in_flight_per_unit" {
  description = "Messages one capacity unit works on at once; the fleet never scales in below the units busy with in-flight messages (0 turns this off)."
  type        = number
  default     = 1
}

variable "schedule_expression" {
  description = "How often the autoscaler reads the queue and decides: rate(1 minute) (the default), or rate(2 minutes) for fewer state transitions."
  type        = string
  default     = "rate(1 minute)"
}

variable "create_alarms" {
  description = "Backlog alarms that also start the autoscaler as soon as they go to ALARM, besides the schedule (the default); false leaves the schedule alone."
  type        = bool
  default     = true
}

variable "function_zip_path" {
  description = "Path of the function zip; the default is the Maven build output of this repository."
  type        = string
  default     = "../../../target/function.zip"
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
