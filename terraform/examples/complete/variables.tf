variable "region" {
  description = "AWS region to deploy the example in."
  type        = string
  default     = "eu-west-1"
}

variable "name" {
  description = "Prefix of every resource name."
  type        = string
  default     = "sfa-demo"
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
  description = "Instance types of the demo worker fleet."
  type        = list(string)
  default     = ["t3.micro", "t3a.micro", "t2.micro"]
}

variable "max_capacity" {
  description = "Most workers the autoscaler may run."
  type        = number
  default     = 4
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
