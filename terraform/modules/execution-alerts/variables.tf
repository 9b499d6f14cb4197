################################################################################
# State machine and event pattern
################################################################################

variable "state_machine_arn" {
  description = "ARN of the autoscaler state machine whose executions are reported."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:states:[a-z0-9-]+:[0-9]{12}:stateMachine:[A-Za-z0-9_-]+$", var.state_machine_arn))
    error_message = "The state_machine_arn must be a Step Functions state machine ARN."
  }
}

variable "event_pattern_file" {
  description = "Path of the static part of the execution-alert pattern (statemachine/execution-alert-pattern.json); the state machine ARN is added as detail.stateMachineArn."
  type        = string
}

variable "notification_failed_pattern_file" {
  description = "Path of the static part of the second channel's pattern (statemachine/notification-failed-pattern.json); the state machine ARN is added as detail.stateMachineArn."
  type        = string
}
