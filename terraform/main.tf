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
  tags            = var.tags
}

module "queue_alarms" {
  source   = "./modules/queue-alarms"
  for_each = var.fleets

  queue_name            = each.value.queue_name
  alarm_name_prefix     = "${var.name}-${each.key}"
  metric_name           = coalesce(each.value.alarms.metric_name, "ApproximateNumberOfMessagesVisible")
  create_scale_in_alarm = each.value.alarms.create_scale_in_alarm
  # Unset fields are left out so that the module's defaults apply.
  scale_out = { for field, value in each.value.alarms.scale_out : field => value if value != null }
  scale_in  = { for field, value in each.value.alarms.scale_in : field => value if value != null }
  tags      = var.tags
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
  tags                     = var.tags

  fleets = {
    for key, fleet in var.fleets : key => {
      spot_fleet_request_id = fleet.spot_fleet_request_id
      queue_url             = local.queues[key].url
      queue_arn             = local.queues[key].arn
      scale_out_alarm = {
        name = module.queue_alarms[key].scale_out_alarm_name
        arn  = module.queue_alarms[key].scale_out_alarm_arn
      }
      scale_in_alarm = fleet.alarms.create_scale_in_alarm ? {
        name = module.queue_alarms[key].scale_in_alarm_name
        arn  = module.queue_alarms[key].scale_in_alarm_arn
      } : null
      policy   = fleet.policy
      workflow = fleet.workflow
      dry_run  = fleet.dry_run
    }
  }
}
