################################################################################
# General
################################################################################

variable "name" {
  description = "Prefix of every resource name."
  type        = string
  default     = "sfautoscaler"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,29}$", var.name))
    error_message = "The name must start with a letter and be at most 30 lowercase letters, digits or hyphens."
  }
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}

################################################################################
# Functions
################################################################################

variable "function_zip_path" {
  description = "Path of the zip built by ./mvnw package (-Dnative for runtime_mode native). Null means ../target/function.zip next to this directory."
  type        = string
  default     = null
}

variable "runtime_mode" {
  description = "native (provided.al2023, GraalVM native build) or jvm (java21 with SnapStart, plain ./mvnw package)."
  type        = string
  default     = "native"

  validation {
    condition     = contains(["native", "jvm"], var.runtime_mode)
    error_message = "The runtime_mode must be native or jvm."
  }
}

variable "architectures" {
  description = "Instruction set of the functions; for native it must match the build (x86_64 unless you built on or for arm64)."
  type        = list(string)
  default     = ["x86_64"]

  validation {
    condition     = length(var.architectures) == 1 && contains(["x86_64", "arm64"], var.architectures[0])
    error_message = "The architectures must be [\"x86_64\"] or [\"arm64\"]."
  }
}

variable "memory_size" {
  description = "Memory of each function in MB; null picks 256 for native and 1024 for jvm."
  type        = number
  default     = null
}

variable "log_retention_in_days" {
  description = "Days the functions' and the state machine's logs are kept."
  type        = number
  default     = 30
}

################################################################################
# Notifications
################################################################################

variable "notification_email_addresses" {
  description = "Email addresses that receive the autoscaler's change and failure reports (each confirms by email)."
  type        = list(string)
  default     = []
}

################################################################################
# Fleets
################################################################################

variable "fleets" {
  description = "Fleets to scale, by key. Each names its target, target = { kind, id }: kind spot-fleet (id sfr-...), ec2-fleet (id fleet-..., a maintain EC2 Fleet) or auto-scaling-group (id: the group's name), or, as before, spot_fleet_request_id (the same as a spot-fleet target; exactly one of the two), and the SQS queue (same account and region) whose backlog drives it; its schedule (enable_schedule, schedule_expression: rate(1 minute) by default); backlog alarms as extra, faster triggers (create_alarms, true by default; alarms); its scaling policy (min_capacity and max_capacity required; policy.target_wait_seconds: the wait a message may have before a worker takes it, from which the policy sizes the fleet by what it learns one capacity unit gets through, backlog_per_unit then being only its starting guess; 300 by default (null too), 0 keeps the static backlog_per_unit; policy.scale_in: drain, the default when null, which waits for the workers that announced docs/workers.md (others leave at the first check), or terminate, with policy.drain_timeout_seconds, 900 by default, and policy.drain_check_seconds, how often a drain looks again, 5 by default) and workflow settings; its guard bounds (guard_min_capacity, guard_max_capacity: the targets the modify function allows whatever an execution input says; the policy's bounds by default). See README.md for the defaults and what they cost."
  type = map(object({
    target = optional(object({
      kind = string
      id   = string
    }))
    spot_fleet_request_id = optional(string)
    queue_name            = string
    enable_schedule       = optional(bool, true)
    schedule_expression   = optional(string, "rate(1 minute)")
    create_alarms         = optional(bool, true)
    alarms = optional(object({
      metric_name           = optional(string)
      create_scale_in_alarm = optional(bool, true)
      scale_out = optional(object({
        threshold           = optional(number)
        statistic           = optional(string)
        period              = optional(number)
        evaluation_periods  = optional(number)
        datapoints_to_alarm = optional(number)
        treat_missing_data  = optional(string)
      }), {})
      scale_in = optional(object({
        threshold           = optional(number)
        statistic           = optional(string)
        period              = optional(number)
        evaluation_periods  = optional(number)
        datapoints_to_alarm = optional(number)
        treat_missing_data  = optional(string)
      }), {})
    }), {})
    policy = optional(object({
      mode                               = optional(string)
      min_capacity                       = optional(number)
      max_capacity                       = optional(number)
      backlog_per_unit                   = optional(number)
      include_delayed                    = optional(bool)
      activation_backlog                 = optional(number)
      scale_out_cooldown_seconds         = optional(number)
      scale_in_cooldown_seconds          = optional(number)
      max_scale_out_step                 = optional(number)
      max_scale_in_step                  = optional(number)
      scale_in_tolerance                 = optional(number)
      step_size                          = optional(number)
      disable_scale_in                   = optional(bool)
      on_demand_target_capacity          = optional(number)
      excess_capacity_termination_policy = optional(string)
      max_queue_data_age_seconds         = optional(number)
      in_flight_per_unit                 = optional(number)
      apply_max_immediately              = optional(bool)
      schedules = optional(list(object({
        name             = string
        cron             = string
        time_zone        = string
        duration_minutes = number
        min_capacity     = optional(number)
        max_capacity     = optional(number)
      })))
      # The wait a message may have before a worker takes it (the policy's targetWaitSeconds): every
      # fleet is sized by its wait by default, 300 s (Terraform turns null into the default); 0 keeps
      # the static backlog_per_unit. The benchmark's ours-default is this deployment (DeployedDefaultsTest).
      target_wait_seconds   = optional(number, 300)
      scale_in              = optional(string)
      drain_timeout_seconds = optional(number)
      drain_check_seconds   = optional(number)
    }), {})
    workflow = optional(object({
      settle_seconds   = optional(number)
      max_rounds       = optional(number)
      notify_no_change = optional(bool)
    }), {})
    guard_min_capacity = optional(number)
    guard_max_capacity = optional(number)
    dry_run            = optional(bool, false)
  }))

  validation {
    condition     = length(var.fleets) > 0 && alltrue([for key in keys(var.fleets) : can(regex("^[a-z0-9][a-z0-9-]{0,23}$", key))])
    error_message = "Give at least one fleet; fleet keys must be at most 24 lowercase letters, digits or hyphens (they become part of rule and alarm names)."
  }

  # The id grammar of each kind and one fleet per target are checked by modules/fleet-targets.
  validation {
    condition     = alltrue([for fleet in values(var.fleets) : (fleet.target == null) != (fleet.spot_fleet_request_id == null)])
    error_message = "Every fleet names what it scales exactly once: target = { kind, id } (kind spot-fleet, ec2-fleet or auto-scaling-group), or the legacy spot_fleet_request_id for a spot fleet, not both and not neither."
  }

  validation {
    condition     = alltrue([for fleet in values(var.fleets) : contains(["spot-fleet", "ec2-fleet", "auto-scaling-group"], try(fleet.target.kind, "spot-fleet"))])
    error_message = "A fleet's target.kind must be spot-fleet, ec2-fleet or auto-scaling-group."
  }

  validation {
    condition     = alltrue([for fleet in values(var.fleets) : fleet.enable_schedule || fleet.create_alarms])
    error_message = "Every fleet needs a trigger: keep enable_schedule, or set create_alarms."
  }

  validation {
    condition     = alltrue([for fleet in values(var.fleets) : fleet.policy.mode != "step" || fleet.create_alarms])
    error_message = "A fleet in step mode acts on its alarms only: set create_alarms = true."
  }

  validation {
    condition     = alltrue([for fleet in values(var.fleets) : fleet.policy.target_wait_seconds == null || try(fleet.policy.target_wait_seconds >= 0 && floor(fleet.policy.target_wait_seconds) == fleet.policy.target_wait_seconds, false)])
    error_message = "A fleet's policy.target_wait_seconds must be a whole number of seconds (the wait a message may have before a worker takes it), or 0 for the static backlog_per_unit."
  }
}

################################################################################
# Execution alerts
################################################################################

variable "create_execution_alerts" {
  description = "Report executions that end TIMED_OUT, ABORTED, or FAILED without a failure report to the notification topic (an EventBridge rule on Step Functions status changes), so none ends unnoticed."
  type        = bool
  default     = true
}

variable "fallback_alert_topic_arn" {
  description = "Second channel for when the notification topic fails: an SNS topic that does not depend on it (another key, other subscribers). It gets executions whose failure report could not be sent, the executions-failed alarm and the dead-letter alarm; its policy must let the rule and alarms named in the outputs publish. Null for none."
  type        = string
  default     = null
}

################################################################################
# Dashboard
################################################################################

variable "metrics_enabled" {
  description = "Each decision's metrics in CloudWatch (Embedded Metric Format in decide's log): per fleet 8 gauges and a Decisions count per reason, 0.30 USD a month each. The dashboard needs them."
  type        = bool
  default     = true
}

variable "dashboard_enabled" {
  description = "Create the deployment's CloudWatch dashboard: executions failed, and per fleet its backlog against its decided and fulfilled capacity, its decisions by reason, whether it is paused and the age of its oldest message (at most 124 fleets: CloudWatch allows 500 widgets)."
  type        = bool
  default     = true
}
