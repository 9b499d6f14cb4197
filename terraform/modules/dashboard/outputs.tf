output "dashboard_body" {
  description = "The dashboard's body (JSON) for aws_cloudwatch_dashboard."
  value       = jsonencode({ widgets = local.widgets })
}

output "widget_count" {
  description = "Widgets on the dashboard: 1 + 4 per fleet (CloudWatch allows 500)."
  value       = length(local.widgets)
}
