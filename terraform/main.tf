data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  function_zip_path = coalesce(var.function_zip_path, "${path.module}/../target/function.zip")

  # Queues live in this account and region (their CloudWatch metrics must, too).
  queues = {
    for key, fleet in var.fleets : key => {
      url = "https://sqs.${data.aws_region.current.region}.${data.aws_partition.current.dns_suffix}/${data.aws_caller_identity.current.account_id}/${fleet.queue_name}"
      arn = "arn:${data.aws_partition.current.partition}:sqs:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:${fleet.queue_name}"
    }
  }
}

module "notifications" {
  source = "./modules/notifications"

  name            = "${var.name}-notifications"
  email_addresses = var.notification_email_addresses
  # Only this deployment's publishers: the execution-alert rule (decided by the variable, known at
  # plan) and the autoscaler's own alarms.
  event_rule_arns = var.create_execution_alerts ? [module.autoscaler.execution_alert_rule_arn] : []
  alarm_arns      = module.autoscaler.notification_alarm_arns
  tags            = var.tags
}

module "queue_alarms" {
  source   = "./modules/queue-alarms"
  for_each = { for key, fleet in var.fleets : key => fleet if fleet.create_alarms }

  queue_name            = each.value.queue_name
  alarm_name_prefix     = "${var.name}-${each.key}"
  metric_name           = coalesce(each.value.alarms.metric_name, "ApproximateNumberOfMessagesVisible")
  create_scale_in_alarm = each.value.alarms.create_scale_in_alarm
  # Unset fields are left out so that the module's defaults apply; the scale-out threshold
  # defaults to the fleet's backlogPerUnit (100, the policy's default, when unset): one unit's
  # worth of waiting messages.
  scale_out = merge(
    { threshold = coalesce(each.value.policy.backlog_per_unit, 100) },
    { for field, value in each.value.alarms.scale_out : field => value if value != null },
  )
  scale_in = { for field, value in each.value.alarms.scale_in : field => value if value != null }
  tags     = var.tags
}

module "autoscaler" {
  source = "./modules/autoscaler"

  name                     = var.name
  function_zip_path        = local.function_zip_path
  runtime_mode             = var.runtime_mode
  architectures            = var.architectures
  memory_size              = var.memory_size
  log_retention_in_days    = var.log_retention_in_days
  notify_topic_arn         = module.notifications.sns_topic_arn
  notify_topic_kms_key_arn = module.notifications.kms_key_arn
  create_execution_alerts  = var.create_execution_alerts
  fallback_alert_topic_arn = var.fallback_alert_topic_arn
  # The deployment's key: the topic's also encrypts the state table.
  state_table_kms_key_arn = module.notifications.kms_key_arn
  metrics_enabled         = var.metrics_enabled
  dashboard_enabled       = var.dashboard_enabled
  tags                    = var.tags

  fleets = {
    for key, fleet in var.fleets : key => {
      target                = fleet.target
      spot_fleet_request_id = fleet.spot_fleet_request_id
      queue_url             = local.queues[key].url
      queue_arn             = local.queues[key].arn
      enable_schedule       = fleet.enable_schedule
      schedule_expression   = fleet.schedule_expression
      scale_out_alarm = fleet.create_alarms ? {
        name = module.queue_alarms[key].scale_out_alarm_name
        arn  = module.queue_alarms[key].scale_out_alarm_arn
      } : null
      scale_in_alarm = fleet.create_alarms && fleet.alarms.create_scale_in_alarm ? {
        name = module.queue_alarms[key].scale_in_alarm_name
        arn  = module.queue_alarms[key].scale_in_alarm_arn
      } : null
      policy             = fleet.policy
      workflow           = fleet.workflow
      guard_min_capacity = fleet.guard_min_capacity
      guard_max_capacity = fleet.guard_max_capacity
      dry_run            = fleet.dry_run
    }
  }
}
