# Offline tests of the state table's guard items (run by `make terraform-check` with `tofu test`).

run "two_hundred_fleets_are_one_deployment" {
  # Every plan-time check on the way (fleet-targets, fleet-trigger, the guard items, the schedule's
  # input sizes) passes for 200 fleets: the guard bounds are 200 items of the state table, not an
  # environment variable over Lambda's 4 KB.
  command = apply

  module {
    source = "./tests/two-hundred"
  }

  assert {
    condition     = length(output.items) == 200 && length(distinct([for item in values(output.items) : jsondecode(item).pk.S])) == 200
    error_message = "One guard item per fleet, each with its own key."
  }

  assert {
    condition     = alltrue([for key, item in output.items : jsondecode(item).pk.S == "guard#${output.target_ids[key]}" && jsondecode(item).min.N == "1" && jsondecode(item).max.N == "60" && jsondecode(item).fleet.S == key])
    error_message = "Each item is keyed guard#<target id> and carries the fleet's guard (policy min 1, guard_max_capacity 60) and its key."
  }

  assert {
    condition     = alltrue([for item in values(output.items) : length(item) < 400 * 1024 && !can(jsondecode(item).expiresAt)])
    error_message = "Each item is far under DynamoDB's 400 KB and has no expiresAt (the table's TTL must not remove it)."
  }

  assert {
    condition     = length(output.schedule_rules) == 2 && length(output.oversized_targets) == 0
    error_message = "The 200 fleets' schedule is 2 rules, every input within EventBridge's limit."
  }
}

run "items_in_dynamodb_json" {
  command = apply

  variables {
    guards = {
      jobs = { target_id = "sfr-0123abcd-4567-89ef-0123-456789abcdef", min = 0, max = 20 }
      web  = { target_id = "web-asg", min = 2, max = 8 }
    }
  }

  assert {
    condition     = jsondecode(output.items.jobs) == { pk = { S = "guard#sfr-0123abcd-4567-89ef-0123-456789abcdef" }, min = { N = "0" }, max = { N = "20" }, fleet = { S = "jobs" } }
    error_message = "A spot fleet's item: pk, min, max as DynamoDB numbers, fleet."
  }

  assert {
    condition     = jsondecode(output.items.web).pk.S == "guard#web-asg" && output.key_prefix == "guard#"
    error_message = "An Auto Scaling group's item is keyed by its name."
  }
}

run "two_fleets_on_one_target_are_refused" {
  command = plan

  variables {
    guards = {
      a = { target_id = "sfr-0123abcd", min = 0, max = 20 }
      b = { target_id = "sfr-0123abcd", min = 0, max = 10 }
    }
  }

  expect_failures = [var.guards]
}

run "min_above_max_is_refused" {
  command = plan

  variables {
    guards = {
      a = { target_id = "sfr-0123abcd", min = 5, max = 4 }
    }
  }

  expect_failures = [var.guards]
}
