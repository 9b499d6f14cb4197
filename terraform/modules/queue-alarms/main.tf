# The alarms have no actions: EventBridge sees every alarm state change on its own, and the
# autoscaler's rule matches these alarms by ARN. Only a change INTO ALARM starts an execution, so
# the defaults are chosen for their transitions (see README.md).

resource "aws_cloudwatch_metric_alarm" "scale_out" {
  alarm_name          = "${var.alarm_name_prefix}-backlog-high"
  alarm_description   = "Backlog of SQS queue ${var.queue_name} is high: the autoscaler adds capacity."
  namespace           = "AWS/SQS"
  metric_name         = var.metric_name
  dimensions          = { QueueName = var.queue_name }
  statistic           = var.scale_out.statistic
  period              = var.scale_out.period
  evaluation_periods  = var.scale_out.evaluation_periods
  datapoints_to_alarm = var.scale_out.datapoints_to_alarm
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.scale_out.threshold
  treat_missing_data  = var.scale_out.treat_missing_data
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "scale_in" {
  count = var.create_scale_in_alarm ? 1 : 0

  alarm_name          = "${var.alarm_name_prefix}-backlog-low"
  alarm_description   = "Backlog of SQS queue ${var.queue_name} is low: the autoscaler removes capacity."
  namespace           = "AWS/SQS"
  metric_name         = var.metric_name
  dimensions          = { QueueName = var.queue_name }
  statistic           = var.scale_in.statistic
  period              = var.scale_in.period
  evaluation_periods  = var.scale_in.evaluation_periods
  datapoints_to_alarm = var.scale_in.datapoints_to_alarm
  comparison_operator = "LessThanOrEqualToThreshold"
  threshold           = var.scale_in.threshold
  treat_missing_data  = var.scale_in.treat_missing_data
  tags                = var.tags
}
