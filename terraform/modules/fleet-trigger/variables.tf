################################################################################
# Target and queue
################################################################################

variable "target" {
  description = "What this trigger scales: kind spot-fleet (id sfr-...), ec2-fleet (id fleet-..., a maintain EC2 Fleet) or auto-scaling-group (id: the group's name). The execution input carries it as target {kind, id}."
  type = object({
    kind = string
    id   = string
  })

  validation {
    condition     = contains(["spot-fleet", "ec2-fleet", "auto-scaling-group"], var.target.kind)
    error_message = "The target.kind must be spot-fleet, ec2-fleet or auto-scaling-group."
  }

  # The id grammar of dev.sfautoscaler.core.TargetKind (the functions refuse anything else;
  # tools/terraform/check_contracts.py keeps these patterns equal to the execution-input schema's).
  validation {
    condition     = var.target.kind != "spot-fleet" || can(regex("^sfr-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{17})$", var.target.id))
    error_message = "A spot-fleet target's id must be sfr- followed by a lowercase UUID, like sfr-0123abcd-4567-89ef-0123-456789abcdef."
  }

  validation {
    condition     = var.target.kind != "ec2-fleet" || can(regex("^fleet-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{17})$", var.target.id))
    error_message = "An ec2-fleet target's id must be fleet- followed by a lowercase UUID, like fleet-0123abcd-4567-89ef-0123-456789abcdef."
  }

  validation {
    condition     = var.target.kind != "auto-scaling-group" || can(regex("^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]{1,255}$", var.target.id))
    error_message = "An auto-scaling-group target's id must be the group's name: 1 to 255 characters, no control characters but tab and newline."
  }
}

variable "queue_url" {
  description = "URL of the SQS queue whose backlog drives the fleet."
  type        = string

  validation {
    condition     = can(regex("^https://", var.queue_url))
    error_message = "The queue_url must be an https URL, e.g. https://sqs.eu-west-1.amazonaws.com/123456789012/jobs."
  }
}

################################################################################
# Scaling policy and workflow (sent to the state machine in the execution input)
################################################################################

variable "policy" {
  description = "Scaling policy of the fleet (snake_case here, camelCase on the wire). Null fields are left out so that the function's defaults apply."
  type = object({
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
    target_wait_seconds   = optional(number)
    scale_in              = optional(string)
    drain_timeout_seconds = optional(number)
    drain_check_seconds   = optional(number)
  })
  default = {}

  validation {
    condition     = var.policy.mode == null || contains(["target-tracking", "step"], coalesce(var.policy.mode, "target-tracking"))
    error_message = "The policy.mode must be target-tracking or step."
  }

  validation {
    condition     = var.policy.excess_capacity_termination_policy == null || contains(["default", "noTermination"], coalesce(var.policy.excess_capacity_termination_policy, "default"))
    error_message = "The policy.excess_capacity_termination_policy must be default or noTermination."
  }

  # The bounds are never defaults: the functions refuse a policy without them (every run would
  # fail), and they are the default guard bounds of the fleet.
  validation {
    condition     = !(var.policy.min_capacity != null && var.policy.max_capacity == null)
    error_message = "The policy sets min_capacity without max_capacity: set policy.max_capacity too (the functions refuse a policy without both bounds, so every run would fail)."
  }

  validation {
    condition     = !(var.policy.max_capacity != null && var.policy.min_capacity == null)
    error_message = "The policy sets max_capacity without min_capacity: set policy.min_capacity too (the functions refuse a policy without both bounds, so every run would fail)."
  }

  validation {
    condition     = var.policy.min_capacity != null || var.policy.max_capacity != null
    error_message = "The policy needs min_capacity and max_capacity: the fleet's bounds are never defaults (the functions refuse a policy without them)."
  }

  validation {
    condition     = alltrue([for bound in [var.policy.min_capacity, var.policy.max_capacity] : bound == null || try(bound >= 0 && floor(bound) == bound, false)])
    error_message = "The policy.min_capacity and policy.max_capacity must be whole numbers of 0 or more."
  }

  validation {
    condition     = var.policy.min_capacity == null || var.policy.max_capacity == null || coalesce(var.policy.min_capacity, 0) <= coalesce(var.policy.max_capacity, 0)
    error_message = "The policy.min_capacity must not exceed policy.max_capacity."
  }

  validation {
    condition     = var.policy.target_wait_seconds == null || try(var.policy.target_wait_seconds >= 0 && floor(var.policy.target_wait_seconds) == var.policy.target_wait_seconds, false)
    error_message = "The policy.target_wait_seconds must be a whole number of seconds (the wait a message may have before a worker takes it), or 0 for the static backlog_per_unit."
  }

  validation {
    condition     = var.policy.scale_in == null || contains(["drain", "terminate"], coalesce(var.policy.scale_in, "drain"))
    error_message = "The policy.scale_in must be drain (the default when null: tag the instances that leave, wait for the workers that announced docs/workers.md, then terminate exactly those) or terminate (lower the target and let AWS pick)."
  }

  validation {
    condition     = var.policy.drain_timeout_seconds == null || try(var.policy.drain_timeout_seconds >= 1 && var.policy.drain_timeout_seconds <= 3000 && floor(var.policy.drain_timeout_seconds) == var.policy.drain_timeout_seconds, false)
    error_message = "The policy.drain_timeout_seconds must be a whole number of seconds from 1 to 3000 (how long a drain waits for the workers to report idle; the drain ends within its execution, which Step Functions stops after 3600 s)."
  }

  validation {
    condition     = var.policy.drain_check_seconds == null || try(var.policy.drain_check_seconds >= 1 && var.policy.drain_check_seconds <= 300 && floor(var.policy.drain_check_seconds) == var.policy.drain_check_seconds, false)
    error_message = "The policy.drain_check_seconds must be a whole number of seconds from 1 to 300 (how often a drain looks again at its instances)."
  }

  validation {
    condition     = var.policy.in_flight_per_unit == null || try(var.policy.in_flight_per_unit >= 0 && floor(var.policy.in_flight_per_unit) == var.policy.in_flight_per_unit, false)
    error_message = "The policy.in_flight_per_unit must be a whole number of 0 or more (messages one unit works on at once; 0 turns the busy-unit floor off)."
  }
}

variable "workflow" {
  description = "How the state machine iterates: seconds to wait for a change to settle (default 60), most read-decide-modify rounds of an alarm-driven execution (default 5; scheduled executions always decide once), and whether to notify when nothing changes (default false). Null fields are left out so that the state machine's defaults apply."
  type = object({
    settle_seconds   = optional(number)
    max_rounds       = optional(number)
    notify_no_change = optional(bool)
  })
  default = {}

  validation {
    condition     = var.workflow.settle_seconds == null || try(var.workflow.settle_seconds >= 0 && var.workflow.settle_seconds <= 1800 && floor(var.workflow.settle_seconds) == var.workflow.settle_seconds, false)
    error_message = "The workflow.settle_seconds must be a whole number of seconds from 0 to 1800 (what the execution input accepts: read-capacity refuses more)."
  }

  validation {
    condition     = var.workflow.max_rounds == null || try(var.workflow.max_rounds >= 1 && var.workflow.max_rounds <= 10 && floor(var.workflow.max_rounds) == var.workflow.max_rounds, false)
    error_message = "The workflow.max_rounds must be a whole number from 1 to 10 (the state machine never goes round more than 10 times)."
  }
}

variable "guard_min_capacity" {
  description = "Lowest target capacity the modify function may set on this fleet, whatever the execution input says (the fleet's guard item in the state table); null means policy.min_capacity. The policy's bounds must lie within the guard."
  type        = number
  default     = null

  validation {
    condition     = var.guard_min_capacity == null || try(var.guard_min_capacity >= 0 && floor(var.guard_min_capacity) == var.guard_min_capacity, false)
    error_message = "The guard_min_capacity must be a whole number of 0 or more."
  }
}

variable "guard_max_capacity" {
  description = "Highest target capacity the modify function may set on this fleet, whatever the execution input says (the fleet's guard item in the state table); null means policy.max_capacity. The policy's bounds must lie within the guard."
  type        = number
  default     = null

  validation {
    condition     = var.guard_max_capacity == null || try(var.guard_max_capacity >= 0 && floor(var.guard_max_capacity) == var.guard_max_capacity, false)
    error_message = "The guard_max_capacity must be a whole number of 0 or more."
  }
}

variable "dry_run" {
  description = "Decide and notify, but never modify the fleet."
  type        = bool
  default     = false
}

################################################################################
# Alarms and event pattern
################################################################################

variable "scale_out_alarm" {
  description = "Name and ARN of the alarm that means the backlog is too high. Null when the fleet has no alarms (the schedule alone triggers it)."
  type = object({
    name = string
    arn  = string
  })
  default = null
}

variable "scale_in_alarm" {
  description = "Name and ARN of the alarm that means the backlog is too low. Null when the fleet never scales in by alarm."
  type = object({
    name = string
    arn  = string
  })
  default = null
}

variable "event_pattern_file" {
  description = "Path of the static part of the EventBridge pattern (statemachine/alarm-event-pattern.json); the alarm ARNs are added as resources."
  type        = string
}
