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
  description = "Scale-out alarm: ALARM when the metric's statistic is > threshold for datapoints_to_alarm (default: all) of evaluation_periods periods. Defaults: Maximum over 60 s > 100 (give the fleet's backlogPerUnit), 1 of 1, missing data missing (a gap is INSUFFICIENT_DATA; the next datapoint above the threshold is a new transition into ALARM)."
  type = object({
    threshold           = optional(number, 100)
    statistic           = optional(string, "Maximum")
    period              = optional(number, 60)
    evaluation_periods  = optional(number, 1)
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
    condition     = var.scale_out.datapoints_to_alarm == null || try(var.scale_out.datapoints_to_alarm >= 1 && var.scale_out.datapoints_to_alarm <= var.scale_out.evaluation_periods, false)
    error_message = "The scale_out.datapoints_to_alarm must be between 1 and scale_out.evaluation_periods."
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
  description = "Create the scale-in alarm. Without it the fleet scales in when a scheduled (or scale-out) execution finds less backlog."
  type        = bool
  default     = true
}

variable "scale_in" {
  description = "Scale-in alarm: ALARM when the metric's statistic is <= threshold for datapoints_to_alarm (default: all) of evaluation_periods periods. Defaults: Maximum over 60 s <= 0, 3 of 3, missing data notBreaching (a gap never counts toward scale-in; breaching is refused: no data is never an empty queue)."
  type = object({
    threshold           = optional(number, 0)
    statistic           = optional(string, "Maximum")
    period              = optional(number, 60)
    evaluation_periods  = optional(number, 3)
    datapoints_to_alarm = optional(number)
    treat_missing_data  = optional(string, "notBreaching")
  })
  default = {}

  validation {
    condition     = contains(["missing", "ignore", "notBreaching"], var.scale_in.treat_missing_data)
    error_message = "The scale_in.treat_missing_data must be missing, ignore or notBreaching: breaching would read a queue without metrics (idle for six hours) as empty and scale in on no data."
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
    condition     = var.scale_in.datapoints_to_alarm == null || try(var.scale_in.datapoints_to_alarm >= 1 && var.scale_in.datapoints_to_alarm <= var.scale_in.evaluation_periods, false)
    error_message = "The scale_in.datapoints_to_alarm must be between 1 and scale_in.evaluation_periods."
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
