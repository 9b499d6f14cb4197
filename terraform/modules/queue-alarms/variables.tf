################################################################################
# Queue
################################################################################

variable "queue_name" {
  description = "Name of the SQS queue whose backlog the alarms watch."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,80}(\\.fifo)?$", var.queue_name))
    error_message = "The queue_name must be an SQS queue name: 1-80 letters, digits, hyphens or underscores, optionally ending in .fifo."
  }
}

variable "alarm_name_prefix" {
  description = "Prefix of the alarm names; the alarms are <prefix>-backlog-high and <prefix>-backlog-low."
  type        = string

  validation {
    condition     = length(var.alarm_name_prefix) > 0 && length(var.alarm_name_prefix) <= 200
    error_message = "The alarm_name_prefix must be 1-200 characters."
  }
}

variable "metric_name" {
  description = "SQS metric that measures the backlog."
  type        = string
  default     = "ApproximateNumberOfMessagesVisible"

  validation {
    condition     = contains(["ApproximateNumberOfMessagesVisible", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed", "ApproximateAgeOfOldestMessage"], var.metric_name)
    error_message = "The metric_name must be one of the SQS ApproximateNumberOf* metrics or ApproximateAgeOfOldestMessage."
  }
}

################################################################################
# Scale-out alarm (backlog too high)
################################################################################

variable "scale_out" {
  description = "Scale-out alarm: ALARM when the metric's statistic is >= threshold for datapoints_to_alarm of evaluation_periods periods. treat_missing_data: missing, ignore, breaching or notBreaching."
  type = object({
    threshold           = optional(number, 100)
    statistic           = optional(string, "Maximum")
    period              = optional(number, 60)
    evaluation_periods  = optional(number, 2)
    datapoints_to_alarm = optional(number)
    treat_missing_data  = optional(string, "missing")
  })
  default = {}

  validation {
    condition     = contains(["missing", "ignore", "breaching", "notBreaching"], var.scale_out.treat_missing_data)
    error_message = "The scale_out.treat_missing_data must be missing, ignore, breaching or notBreaching."
  }

  validation {
    condition     = var.scale_out.period == 10 || var.scale_out.period == 30 || (var.scale_out.period >= 60 && var.scale_out.period % 60 == 0)
    error_message = "The scale_out.period must be 10, 30 or a multiple of 60 seconds."
  }

  validation {
    condition     = var.scale_out.evaluation_periods >= 1 && var.scale_out.threshold >= 0
    error_message = "The scale_out.evaluation_periods must be at least 1 and the threshold not negative."
  }

  validation {
    condition     = contains(["Average", "Maximum", "Minimum", "Sum", "SampleCount"], var.scale_out.statistic)
    error_message = "The scale_out.statistic must be Average, Maximum, Minimum, Sum or SampleCount."
  }
}

################################################################################
# Scale-in alarm (backlog too low)
################################################################################

variable "create_scale_in_alarm" {
  description = "Create the scale-in alarm. Without it the fleet scales in only when a scale-out execution finds less backlog."
  type        = bool
  default     = true
}

variable "scale_in" {
  description = "Scale-in alarm: ALARM when the metric's statistic is <= threshold for datapoints_to_alarm of evaluation_periods periods. Missing data stays missing by default: no data is never read as an empty queue."
  type = object({
    threshold           = optional(number, 0)
    statistic           = optional(string, "Maximum")
    period              = optional(number, 60)
    evaluation_periods  = optional(number, 15)
    datapoints_to_alarm = optional(number)
    treat_missing_data  = optional(string, "missing")
  })
  default = {}

  validation {
    condition     = contains(["missing", "ignore", "breaching", "notBreaching"], var.scale_in.treat_missing_data)
    error_message = "The scale_in.treat_missing_data must be missing, ignore, breaching or notBreaching."
  }

  validation {
    condition     = var.scale_in.period == 10 || var.scale_in.period == 30 || (var.scale_in.period >= 60 && var.scale_in.period % 60 == 0)
    error_message = "The scale_in.period must be 10, 30 or a multiple of 60 seconds."
  }

  validation {
    condition     = var.scale_in.evaluation_periods >= 1 && var.scale_in.threshold >= 0
    error_message = "The scale_in.evaluation_periods must be at least 1 and the threshold not negative."
  }

  validation {
    condition     = contains(["Average", "Maximum", "Minimum", "Sum", "SampleCount"], var.scale_in.statistic)
    error_message = "The scale_in.statistic must be Average, Maximum, Minimum, Sum or SampleCount."
  }
}

variable "tags" {
  description = "Tags for every resource of the module."
  type        = map(string)
  default     = {}
}
