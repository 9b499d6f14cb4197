################################################################################
# General
################################################################################

variable "name" {
  description = "Prefix of every resource name (functions <name>-<function>, state machine <name>, rules <name>-<fleet>)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,29}$", var.name))
    error_message = "The name must start with a letter and be at most 30 lowercase letters, digits or hyphens."
  }
}

variable "tags" {
  description = "Tags for every resource of the module."
  type        = map(string)
  default     = {}
}

################################################################################
# Lambda functions (one zip, four handlers)
################################################################################

variable "function_zip_path" {
  description = "Path of the function zip built by Maven (target/function.zip). Native: contains bootstrap; JVM: the Quarkus Lambda jar layout."
  type        = string

  validation {
    condition     = endswith(var.function_zip_path, ".zip")
    error_message = "The function_zip_path must name a .zip file, e.g. ../target/function.zip."
  }
}

variable "runtime_mode" {
  description = "native: GraalVM native binary on provided.al2023 (build with -Dnative). jvm: java21 with SnapStart, for users without a native build."
  type        = string
  default     = "native"

  validation {
    condition     = contains(["native", "jvm"], var.runtime_mode)
    error_message = "The runtime_mode must be native or jvm."
  }
}

variable "architectures" {
  description = "Instruction set of the functions. For native it must match the binary in the zip (an x86_64 build cannot run on arm64)."
  type        = list(string)
  default     = ["x86_64"]

  validation {
    condition     = length(var.architectures) == 1 && contains(["x86_64", "arm64"], var.architectures[0])
    error_message = "The architectures must be [\"x86_64\"] or [\"arm64\"]."
  }
}

variable "memory_size" {
  description = "Memory of each function in MB. Null picks 256 for native and 1024 for jvm."
  type        = number
  default     = null

  validation {
    condition     = var.memory_size == null || (coalesce(var.memory_size, 128) >= 128 && coalesce(var.memory_size, 128) <= 10240)
    error_message = "The memory_size must be between 128 and 10240 MB."
  }
}

variable "timeout" {
  description = "Timeout of each function in seconds. It must stay below the state machine's task TimeoutSeconds (120 s in statemachine/autoscaler.asl.json): Lambda then stops a hung function first, with an error the workflow retries or reports, instead of Step Functions abandoning a function that may still change the fleet."
  type        = number
  default     = 30

  validation {
    # 120: the TimeoutSeconds of every function task of statemachine/autoscaler.asl.json
    # (tools/terraform/check_contracts.py keeps the two equal).
    condition     = var.timeout >= 1 && var.timeout < 120
    error_message = "The timeout must be at least 1 second and below 120, the TimeoutSeconds of the state machine's function tasks (a function still running when its task times out may change the fleet after the workflow gave up on it)."
  }
}

variable "lambda_tracing_mode" {
  description = "X-Ray tracing of the functions: Active samples and traces each invocation, PassThrough only follows the caller's trace header."
  type        = string
  default     = "Active"

  validation {
    condition     = contains(["Active", "PassThrough"], var.lambda_tracing_mode)
    error_message = "The lambda_tracing_mode must be Active or PassThrough."
  }
}

variable "check_tracing_mode" {
  description = "X-Ray tracing of the check function, which the schedule invokes every minute per fleet: PassThrough (the default) records no trace of a minute with nothing to do (Active would record one a minute, 0.22 USD a fleet-month, almost half the at-rest target); the executions it starts are traced by the state machine."
  type        = string
  default     = "PassThrough"

  validation {
    condition     = contains(["Active", "PassThrough"], var.check_tracing_mode)
    error_message = "The check_tracing_mode must be Active or PassThrough."
  }
}

variable "marker_tag_key" {
  description = "Tag key of the last-change marker the modify function writes on each fleet request (AUTOSCALER_MARKER_TAG_KEY)."
  type        = string
  default     = "sfautoscaler:last-change"

  validation {
    condition     = length(var.marker_tag_key) > 0 && length(var.marker_tag_key) <= 128 && !startswith(var.marker_tag_key, "aws:")
    error_message = "The marker_tag_key must be 1-128 characters and not start with aws:."
  }
}

variable "reserved_concurrent_executions" {
  description = "Concurrency reserved for (and capping) each function; -1 (the default) reserves none: reserving takes the concurrency from the account's unreserved pool and fails on accounts with a low limit. Each running execution uses at most one per function, so a cap of N lets N executions run at once (see README.md)."
  type        = number
  default     = -1

  validation {
    condition     = var.reserved_concurrent_executions >= -1
    error_message = "The reserved_concurrent_executions must be -1 (no reservation) or a positive number."
  }
}

variable "code_signing_config_arn" {
  description = "Lambda code signing configuration that the zip must satisfy; null for none."
  type        = string
  default     = null
}

variable "cloudwatch_logs_kms_key_arn" {
  description = "KMS key for the log groups; null keeps CloudWatch Logs' default encryption. The key policy must allow the logs service of this region."
  type        = string
  default     = null
}

variable "log_retention_in_days" {
  description = "Days the functions' and the state machine's logs are kept."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_in_days)
    error_message = "The log_retention_in_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ... 3653)."
  }
}

################################################################################
# Notifications
################################################################################

variable "notify_topic_arn" {
  description = "SNS topic the notify function publishes to (AUTOSCALER_NOTIFY_TOPIC_ARN)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+$", var.notify_topic_arn))
    error_message = "The notify_topic_arn must be an SNS topic ARN."
  }
}

variable "notify_topic_kms_key_arn" {
  description = "KMS key that encrypts the topic; the notify function gets kms:GenerateDataKey* and kms:Decrypt on it through SNS. Null for an unencrypted topic."
  type        = string
  default     = null
}

variable "fallback_alert_topic_arn" {
  description = "Second channel: an SNS topic that does not depend on notify_topic_arn (another key, other subscribers). It gets executions that failed because their failure report could not be sent (sfautoscaler.NotificationFailed), the executions-failed alarm and the dead-letter alarm. Its policy must let this module's rule (notification_failed_rule_arn) and this account's CloudWatch alarms publish. Null for none."
  type        = string
  default     = null

  validation {
    condition     = var.fallback_alert_topic_arn == null || can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+$", coalesce(var.fallback_alert_topic_arn, "-")))
    error_message = "The fallback_alert_topic_arn must be an SNS topic ARN (or null)."
  }
}

################################################################################
# State table (leases and failure-alert records of the functions)
################################################################################

variable "state_table_kms_key_arn" {
  description = "KMS key that encrypts the state table (the deployment's key; the root module passes the topic's). Null uses DynamoDB's AWS owned key."
  type        = string
  default     = null
}

################################################################################
# State machine
################################################################################

variable "state_machine_definition_file" {
  description = "ASL template rendered with templatefile(); null uses statemachine/autoscaler.asl.json of this repository."
  type        = string
  default     = null
}

variable "state_machine_log_level" {
  description = "What the state machine logs: ALL keeps every state transition (what an operator reads to understand a decision)."
  type        = string
  default     = "ALL"

  validation {
    condition     = contains(["ALL", "ERROR", "FATAL", "OFF"], var.state_machine_log_level)
    error_message = "The state_machine_log_level must be ALL, ERROR, FATAL or OFF."
  }
}

variable "state_machine_include_execution_data" {
  description = "Log the input and output of each state."
  type        = bool
  default     = true
}

################################################################################
# Fleets and triggers
################################################################################

variable "fleets" {
  description = "Fleets to scale, by key (used in rule names). Each names its target (target = { kind, id }: kind spot-fleet with an sfr- id, ec2-fleet with the fleet- id of a maintain EC2 Fleet, or auto-scaling-group with the group's name; or the legacy spot_fleet_request_id, the same as a spot-fleet target; exactly one of the two), its queue, its schedule (rate(1 minute) unless set; enable_schedule = false for none), the alarms that also trigger it (null for none), its scaling policy and workflow settings, and its guard bounds (guard_min_capacity, guard_max_capacity: the targets modify allows, by default the policy's min_capacity..max_capacity; see modules/fleet-trigger)."
  type = map(object({
    target = optional(object({
      kind = string
      id   = string
    }))
    spot_fleet_request_id = optional(string)
    queue_url             = string
    queue_arn             = string
    enable_schedule       = optional(bool, true)
    schedule_expression   = optional(string, "rate(1 minute)")
    scale_out_alarm = optional(object({
      name = string
      arn  = string
    }))
    scale_in_alarm = optional(object({
      name = string
      arn  = string
    }))
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
      target_wait_seconds   = optional(number)
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
    # EventBridge rule names are at most 64 characters: <name (30)>-<key (24)>-schedule.
    condition     = length(var.fleets) > 0 && alltrue([for key in keys(var.fleets) : can(regex("^[a-z0-9][a-z0-9-]{0,23}$", key))])
    error_message = "Give at least one fleet; fleet keys must be at most 24 lowercase letters, digits or hyphens."
  }

  validation {
    condition     = alltrue([for fleet in values(var.fleets) : can(regex("^arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_.-]+$", fleet.queue_arn))])
    error_message = "Every fleet's queue_arn must be an SQS queue ARN."
  }

  validation {
    condition     = alltrue([for fleet in values(var.fleets) : can(regex("^(rate\\(1 (minute|hour|day)\\)|rate\\(([2-9]|[1-9][0-9]+) (minutes|hours|days)\\)|cron\\(.+\\))$", fleet.schedule_expression))])
    error_message = "Every fleet's schedule_expression must be rate(1 minute), rate(<n> minutes|hours|days) or cron(...); EventBridge runs schedules at most once a minute."
  }

  # The kinds and id grammars are checked by modules/fleet-targets (and modules/fleet-trigger).
  validation {
    condition     = alltrue([for fleet in values(var.fleets) : (fleet.target == null) != (fleet.spot_fleet_request_id == null)])
    error_message = "Every fleet names what it scales exactly once: target = { kind, id } (spot-fleet, ec2-fleet or auto-scaling-group), or the legacy spot_fleet_request_id for a spot fleet, not both and not neither."
  }

  validation {
    # The state table holds one guard item per target id (modules/guard-items).
    condition     = length(distinct([for fleet in values(var.fleets) : fleet.spot_fleet_request_id != null ? fleet.spot_fleet_request_id : try(fleet.target.id, "")])) == length(var.fleets)
    error_message = "Every fleet must name its own target: two entries for one target (the same id) would scale it against each other."
  }

  validation {
    condition     = alltrue([for fleet in values(var.fleets) : fleet.enable_schedule || fleet.scale_out_alarm != null || fleet.scale_in_alarm != null])
    error_message = "Every fleet needs a trigger: keep enable_schedule, or give it alarms."
  }
}

variable "event_pattern_file" {
  description = "Static part of the EventBridge pattern; null uses statemachine/alarm-event-pattern.json of this repository (the file the state-machine tests match)."
  type        = string
  default     = null
}

variable "event_maximum_retry_attempts" {
  description = "Times EventBridge retries starting an execution before the event goes to the dead-letter queue."
  type        = number
  default     = 10

  validation {
    condition     = var.event_maximum_retry_attempts >= 0 && var.event_maximum_retry_attempts <= 185
    error_message = "The event_maximum_retry_attempts must be between 0 and 185."
  }
}

variable "event_maximum_age_in_seconds" {
  description = "Seconds EventBridge keeps trying to deliver an event (schedule, alarm, execution alert); an older event is stale and goes to the dead-letter queue."
  type        = number
  default     = 900

  validation {
    condition     = var.event_maximum_age_in_seconds >= 60 && var.event_maximum_age_in_seconds <= 86400
    error_message = "The event_maximum_age_in_seconds must be between 60 and 86400."
  }
}

variable "dead_letter_message_retention_seconds" {
  description = "Seconds undelivered events stay in the dead-letter queue."
  type        = number
  default     = 1209600

  validation {
    condition     = var.dead_letter_message_retention_seconds >= 60 && var.dead_letter_message_retention_seconds <= 1209600
    error_message = "The dead_letter_message_retention_seconds must be between 60 and 1209600 (14 days)."
  }
}

variable "create_executions_failed_alarm" {
  description = "Alarm on the state machine's ExecutionsFailed metric (Sum over 5 minutes > 0), sent to fallback_alert_topic_arn, or to the notification topic without one: a failure channel that needs neither the notify function nor EventBridge."
  type        = bool
  default     = true
}

variable "create_check_errors_alarm" {
  description = "Alarm on the check function's Errors metric (Sum over 5 minutes > 0): a scheduled evaluation that needed the state machine could not start it. Sent where the executions-failed alarm goes."
  type        = bool
  default     = true
}

variable "create_dead_letter_alarm" {
  description = "Alarm (and notify the topic) when an event lands in the dead-letter queue, so no scaling trigger is lost silently."
  type        = bool
  default     = true
}

################################################################################
# Execution alerts
################################################################################

variable "create_execution_alerts" {
  description = "Report executions that end FAILED, TIMED_OUT or ABORTED to the notification topic (an EventBridge rule on Step Functions status changes). The topic's policy must let the rule publish (modules/notifications does, given the rule ARN)."
  type        = bool
  default     = true
}

################################################################################
# Dashboard
################################################################################

variable "metrics_enabled" {
  description = "decide (and check, which decides through it) writes each decision's metrics to its log in CloudWatch's Embedded Metric Format (AUTOSCALER_METRICS): per fleet 8 gauges and a Decisions count per reason, each a custom metric at 0.30 USD a month. The dashboard graphs them, so dashboard_enabled = false must go with false."
  type        = bool
  default     = true
}

variable "dashboard_enabled" {
  description = "Create one CloudWatch dashboard for the deployment (named like the state machine): executions failed, and per fleet its backlog against its decided and fulfilled capacity, its decisions by reason, whether it is paused and the age of its oldest message. The fleets' graphs read the metrics decide writes (AUTOSCALER_METRICS). CloudWatch allows 500 widgets: at most 124 fleets."
  type        = bool
  default     = true
}

variable "schedule_fleets_per_check" {
  description = "Fleets on one schedule that one check invocation reads and decides together (a schedule rule has up to five such targets). 20 keeps a typical fleet list within EventBridge's 8,192 characters of a target's input (the plan fails otherwise) and a check within about 2 s; 200 fleets take 2 rules and 10 invocations a minute."
  type        = number
  default     = 20

  validation {
    condition     = var.schedule_fleets_per_check >= 1 && var.schedule_fleets_per_check <= 50 && floor(var.schedule_fleets_per_check) == var.schedule_fleets_per_check
    error_message = "The schedule_fleets_per_check must be a whole number from 1 to 50."
  }
}
