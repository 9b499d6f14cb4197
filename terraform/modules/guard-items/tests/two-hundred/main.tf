# One deployment of 200 spot fleets through the pure modules modules/autoscaler calls for them, in
# its order: fleet-targets (ids, one fleet per target), fleet-trigger (inputs, guard bounds and their
# preconditions), guard-items (the state table's guard items), schedule-groups (the schedule rules
# and the size of their inputs). Test files cannot call functions to make 200 fleets; this fixture can.

locals {
  fleets = {
    for i in range(200) : format("fleet-%03d", i) => {
      target    = { kind = "spot-fleet", id = format("sfr-5e1f0000-0000-4000-8000-%012d", i) }
      queue_url = format("https://sqs.eu-west-1.amazonaws.com/123456789012/jobs-%03d", i)
      policy    = { min_capacity = 1, max_capacity = 40, backlog_per_unit = 75 }
      scale_out_alarm = {
        name = format("jobs-%03d-backlog-high", i)
        arn  = format("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:jobs-%03d-backlog-high", i)
      }
    }
  }
}

module "targets" {
  source = "../../../fleet-targets"

  fleets     = { for key, fleet in local.fleets : key => { target = fleet.target, spot_fleet_request_id = null } }
  partition  = "aws"
  region     = "eu-west-1"
  account_id = "123456789012"
}

module "trigger" {
  source   = "../../../fleet-trigger"
  for_each = local.fleets

  target             = module.targets.targets[each.key]
  queue_url          = each.value.queue_url
  policy             = each.value.policy
  workflow           = { settle_seconds = 60 }
  guard_max_capacity = 60
  scale_out_alarm    = each.value.scale_out_alarm
  event_pattern_file = "../../../statemachine/alarm-event-pattern.json"
}

module "guard" {
  source = "../.."

  guards = { for key, target in module.targets.targets : key => merge({ target_id = target.id }, module.trigger[key].guard_bounds) }
}

module "schedule" {
  source = "../../../schedule-groups"

  fleets = { for key in keys(local.fleets) : key => { schedule_expression = "rate(1 minute)", input = module.trigger[key].schedule_fleet_input } }
}
