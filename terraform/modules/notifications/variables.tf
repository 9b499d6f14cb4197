################################################################################
# Topic
################################################################################

variable "name" {
  description = "Name of the SNS topic that receives the autoscaler's change and failure reports."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,256}$", var.name))
    error_message = "The name must be 1-256 letters, digits, hyphens or underscores."
  }
}

variable "email_addresses" {
  description = "Email addresses to subscribe to the topic. Each address must confirm its subscription from the email AWS sends."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for address in var.email_addresses : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", address))])
    error_message = "Every entry of email_addresses must be an email address."
  }
}

################################################################################
# Publishers
################################################################################

variable "alarm_arns" {
  description = "ARNs of CloudWatch alarms that may publish to the topic (the autoscaler's own alarms); each is named in the topic policy (aws:SourceArn). Alarms not named here cannot publish."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.alarm_arns : can(regex("^arn:aws[a-z-]*:cloudwatch:[a-z0-9-]+:[0-9]{12}:alarm:", arn))])
    error_message = "Every entry of alarm_arns must be a CloudWatch alarm ARN."
  }
}

variable "event_rule_arns" {
  description = "ARNs of EventBridge rules that may publish to the topic (the autoscaler's execution-alert rule); each is named in the topic policy (aws:SourceArn)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.event_rule_arns : can(regex("^arn:aws[a-z-]*:events:[a-z0-9-]+:[0-9]{12}:rule/", arn))])
    error_message = "Every entry of event_rule_arns must be an EventBridge rule ARN."
  }
}

################################################################################
# Encryption
################################################################################

variable "kms_key_deletion_window_in_days" {
  description = "Days KMS waits before it deletes the topic's key after a destroy."
  type        = number
  default     = 30

  validation {
    condition     = var.kms_key_deletion_window_in_days >= 7 && var.kms_key_deletion_window_in_days <= 30
    error_message = "The kms_key_deletion_window_in_days must be between 7 and 30."
  }
}

variable "tags" {
  description = "Tags for every resource of the module."
  type        = map(string)
  default     = {}
}
