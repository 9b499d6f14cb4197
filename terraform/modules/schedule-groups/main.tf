locals {
  # EventBridge's limits: five targets a rule, 8,192 characters in a target's input template.
  targets_per_rule      = 5
  input_template_limit  = 8192
  event_marker_template = "<aws.events.event.json>"

  # One group of rules per schedule expression (rate(1 minute) for most deployments), in a stable order.
  expressions = sort(distinct([for fleet in values(var.fleets) : fleet.schedule_expression]))
  keys_by_expression = {
    for expression in local.expressions : expression => sort([for key, fleet in var.fleets : key if fleet.schedule_expression == expression])
  }

  # Each expression's fleets in chunks of fleets_per_target: one rule target (one check invocation) each.
  chunks = flatten([
    for group, expression in local.expressions : [
      for index, keys in chunklist(local.keys_by_expression[expression], var.fleets_per_target) : {
        rule       = format("%d-%d", group, floor(index / local.targets_per_rule))
        target     = format("%d-%d", group, index)
        expression = expression
        keys       = keys
      }
    ]
  ])

  # The check function's list form: {"fleets": [...], "scheduledEvent": <the whole Scheduled Event>}.
  targets = {
    for chunk in local.chunks : chunk.target => {
      rule           = chunk.rule
      fleet_keys     = chunk.keys
      input_template = format("{\"fleets\":[%s],\"scheduledEvent\":%s}", join(",", [for key in chunk.keys : var.fleets[key].input]), local.event_marker_template)
    }
  }

  rules = {
    for chunk in local.chunks : chunk.rule => chunk.expression...
  }
}
