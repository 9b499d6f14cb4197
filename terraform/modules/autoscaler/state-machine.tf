################################################################################
# State machine
################################################################################

locals {
  # Exactly the placeholders of statemachine/autoscaler.asl.json
  # (tools/terraform/check_contracts.py keeps the two equal).
  definition_template_vars = {
    read_capacity_function_arn = local.function_invoke_arns["read-capacity"]
    decide_function_arn        = local.function_invoke_arns["decide"]
    modify_function_arn        = local.function_invoke_arns["modify"]
    notify_function_arn        = local.function_invoke_arns["notify"]
    drain_function_arn         = local.function_invoke_arns["drain"]
  }
}

resource "aws_cloudwatch_log_group" "state_machine" {
  #checkov:skip=CKV_AWS_158:CloudWatch Logs encrypts at rest by default; set cloudwatch_logs_kms_key_arn for a customer managed key
  # The /aws/vendedlogs/ prefix keeps the logs resource policy small when there are many.
  name              = "/aws/vendedlogs/states/${var.name}"
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.cloudwatch_logs_kms_key_arn
  tags              = var.tags
}

resource "aws_sfn_state_machine" "this" {
  name       = var.name
  type       = "STANDARD"
  role_arn   = aws_iam_role.state_machine.arn
  definition = templatefile(local.definition_file, local.definition_template_vars)

  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.state_machine.arn}:*"
    include_execution_data = var.state_machine_include_execution_data
    level                  = var.state_machine_log_level
  }

  tracing_configuration {
    enabled = true
  }

  tags = var.tags

  depends_on = [aws_iam_role_policy.state_machine]

  lifecycle {
    postcondition {
      condition     = self.arn == local.state_machine_arn
      error_message = "The state machine's ARN differs from local.state_machine_arn, which the check function starts."
    }
  }
}
