# Offline tests of the schedule rules a deployment gets (run by `make terraform-check` with `tofu test`).

run "two_hundred_fleets_take_two_rules_of_five_checks" {
  command = apply

  module {
    source = "./tests/two-hundred"
  }

  assert {
    condition     = length(output.rules) == 2 && length(output.targets) == 10
    error_message = "200 fleets at 20 a check are 10 targets, five a rule: 2 rules (EventBridge's default quota is 300 rules a bus)."
  }

  assert {
    condition     = alltrue([for key, rule in output.rules : length([for t in values(output.targets) : t if t.rule == key]) <= 5])
    error_message = "A rule has at most five targets."
  }

  assert {
    condition     = length(output.fleet_rules) == 200 && length(distinct(flatten([for t in values(output.targets) : t.fleet_keys]))) == 200
    error_message = "Every fleet is in exactly one target."
  }

  assert {
    condition     = alltrue([for t in values(output.targets) : length(t.input_template) <= 8192]) && length(output.oversized_targets) == 0
    error_message = "Every target's input fits EventBridge's 8,192 characters."
  }
}

run "the_template_is_the_check_list_form" {
  command = apply

  variables {
    fleets = {
      b = { schedule_expression = "rate(1 minute)", input = "{\"target\":{\"kind\":\"ec2-fleet\",\"id\":\"fleet-b\"}}" }
      a = { schedule_expression = "rate(1 minute)", input = "{\"target\":{\"kind\":\"spot-fleet\",\"id\":\"sfr-a\"}}" }
      c = { schedule_expression = "rate(5 minutes)", input = "{\"target\":{\"kind\":\"auto-scaling-group\",\"id\":\"c\"}}" }
    }
  }

  assert {
    condition     = length(output.rules) == 2 && output.rules["0-0"].schedule_expression == "rate(1 minute)" && output.rules["1-0"].schedule_expression == "rate(5 minutes)"
    error_message = "One rule per schedule expression."
  }

  assert {
    condition     = length(regexall("<aws\\.events\\.event\\.json>", output.targets["0-0"].input_template)) == 1
    error_message = "The template carries the whole scheduled event once."
  }

  assert {
    condition     = jsondecode(replace(output.targets["0-0"].input_template, "<aws.events.event.json>", file("../../../testkit/src/main/resources/events/scheduled-event.json"))).fleets == [{ target = { kind = "spot-fleet", id = "sfr-a" } }, { target = { kind = "ec2-fleet", id = "fleet-b" } }]
    error_message = "The template lists the fleets' inputs, in key order, as check's list form."
  }

  assert {
    condition     = jsondecode(replace(output.targets["0-0"].input_template, "<aws.events.event.json>", file("../../../testkit/src/main/resources/events/scheduled-event.json"))).scheduledEvent == jsondecode(file("../../../testkit/src/main/resources/events/scheduled-event.json"))
    error_message = "The template's scheduledEvent is the event."
  }
}

run "fifty_fleets_a_check_are_over_the_input_limit" {
  command = apply

  module {
    source = "./tests/two-hundred"
  }

  variables {
    fleets_per_target = 50
  }

  assert {
    condition     = length(output.oversized_targets) == 4
    error_message = "Fifty fleets of ~400 characters are over EventBridge's 8,192 characters in every target: the caller's plan fails on them."
  }
}
