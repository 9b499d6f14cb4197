# Offline tests of what each fleet key scales and the ARNs its permissions are scoped to (run by
# `make terraform-check` with `tofu test`). modules/autoscaler grants a kind's actions only on
# arns_by_kind[kind], and leaves a kind's statements out when that list is empty
# (tools/terraform/check_iam.py checks that every kind-specific statement is built that way).

variables {
  partition  = "aws"
  region     = "eu-west-1"
  account_id = "123456789012"
  fleets = {
    legacy = { spot_fleet_request_id = "sfr-0123abcd-4567-89ef-0123-456789abcdef" }
    spot   = { target = { kind = "spot-fleet", id = "sfr-0123456789abcdef0" } }
    fleet  = { target = { kind = "ec2-fleet", id = "fleet-0123abcd-4567-89ef-0123-456789abcdef" } }
    asg    = { target = { kind = "auto-scaling-group", id = "jobs workers" } }
  }
}

run "every_kind_becomes_kind_and_id" {
  command = apply

  assert {
    condition = output.targets == {
      legacy = { kind = "spot-fleet", id = "sfr-0123abcd-4567-89ef-0123-456789abcdef" }
      spot   = { kind = "spot-fleet", id = "sfr-0123456789abcdef0" }
      fleet  = { kind = "ec2-fleet", id = "fleet-0123abcd-4567-89ef-0123-456789abcdef" }
      asg    = { kind = "auto-scaling-group", id = "jobs workers" }
    }
    error_message = "A legacy spot_fleet_request_id must become a spot-fleet target; a target stays as given."
  }

  assert {
    condition = jsonencode(output.arns_by_kind) == jsonencode({
      "spot-fleet" = [
        "arn:aws:ec2:eu-west-1:123456789012:spot-fleet-request/sfr-0123abcd-4567-89ef-0123-456789abcdef",
        "arn:aws:ec2:eu-west-1:123456789012:spot-fleet-request/sfr-0123456789abcdef0",
      ]
      "ec2-fleet"          = ["arn:aws:ec2:eu-west-1:123456789012:fleet/fleet-0123abcd-4567-89ef-0123-456789abcdef"]
      "auto-scaling-group" = ["arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:*:autoScalingGroupName/jobs workers"]
    })
    error_message = "Each kind's ARNs must be the Service Authorization Reference's format for that resource type."
  }

  assert {
    condition     = output.labels.asg == "Auto Scaling group jobs workers" && output.labels.fleet == "EC2 Fleet fleet-0123abcd-4567-89ef-0123-456789abcdef" && output.labels.legacy == "spot fleet sfr-0123abcd-4567-89ef-0123-456789abcdef"
    error_message = "Descriptions must name the target's kind in words, not say spot fleet for every kind."
  }
}

run "without_spot_fleets_no_spot_fleet_arn" {
  command = apply

  variables {
    fleets = {
      fleet = { target = { kind = "ec2-fleet", id = "fleet-0123abcd-4567-89ef-0123-456789abcdef" } }
      asg   = { target = { kind = "auto-scaling-group", id = "jobs" } }
    }
  }

  # No spot-fleet ARN: the autoscaler then grants no Spot Fleet action at all
  # (ec2:DescribeSpotFleetRequests, ec2:ModifySpotFleetRequest, ec2:CreateTags on a spot fleet request).
  assert {
    condition     = length(output.arns_by_kind["spot-fleet"]) == 0
    error_message = "A deployment without spot fleets must have no spot-fleet ARN, so that it grants no Spot Fleet action."
  }

  assert {
    condition     = length(output.arns_by_kind["ec2-fleet"]) == 1 && length(output.arns_by_kind["auto-scaling-group"]) == 1
    error_message = "The EC2 Fleet and the Auto Scaling group keep their ARNs."
  }
}

run "only_auto_scaling_groups_need_no_ec2_arn" {
  command = apply

  variables {
    fleets = {
      asg = { target = { kind = "auto-scaling-group", id = "jobs" } }
    }
  }

  assert {
    condition     = length(output.arns_by_kind["spot-fleet"]) == 0 && length(output.arns_by_kind["ec2-fleet"]) == 0
    error_message = "A deployment of Auto Scaling groups alone must have no EC2 fleet ARN of either kind."
  }
}

run "both_target_and_legacy_id_are_rejected" {
  command = plan

  variables {
    fleets = {
      both = {
        target                = { kind = "spot-fleet", id = "sfr-0123abcd-4567-89ef-0123-456789abcdef" }
        spot_fleet_request_id = "sfr-0123abcd-4567-89ef-0123-456789abcdef"
      }
    }
  }

  expect_failures = [var.fleets]
}

run "neither_target_nor_legacy_id_is_rejected" {
  command = plan

  variables {
    fleets = { none = {} }
  }

  expect_failures = [var.fleets]
}

run "an_unknown_kind_is_rejected" {
  command = plan

  variables {
    fleets = { x = { target = { kind = "instance", id = "i-0123456789abcdef0" } } }
  }

  expect_failures = [var.fleets]
}

run "a_fleet_id_given_as_a_spot_fleet_is_rejected" {
  command = plan

  variables {
    fleets = { x = { target = { kind = "spot-fleet", id = "fleet-0123abcd-4567-89ef-0123-456789abcdef" } } }
  }

  expect_failures = [var.fleets]
}

run "a_bad_legacy_id_is_rejected" {
  command = plan

  variables {
    fleets = { x = { spot_fleet_request_id = "sfr-0123ABCD-4567-89ef-0123-456789abcdef" } }
  }

  expect_failures = [var.fleets]
}

run "a_spot_fleet_id_given_as_an_ec2_fleet_is_rejected" {
  command = plan

  variables {
    fleets = { x = { target = { kind = "ec2-fleet", id = "sfr-0123abcd-4567-89ef-0123-456789abcdef" } } }
  }

  expect_failures = [var.fleets]
}

run "an_empty_group_name_is_rejected" {
  command = plan

  variables {
    fleets = { x = { target = { kind = "auto-scaling-group", id = "" } } }
  }

  expect_failures = [var.fleets]
}

run "a_group_name_of_256_characters_is_rejected" {
  command = plan

  variables {
    fleets = { x = { target = { kind = "auto-scaling-group", id = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" } } }
  }

  expect_failures = [var.fleets]
}

run "a_group_name_of_255_characters_is_accepted" {
  command = plan

  variables {
    fleets = { x = { target = { kind = "auto-scaling-group", id = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" } } }
  }
}

run "a_group_name_that_is_an_iam_wildcard_is_rejected" {
  command = plan

  variables {
    fleets = { x = { target = { kind = "auto-scaling-group", id = "jobs-*" } } }
  }

  expect_failures = [var.fleets]
}

run "two_fleets_for_one_target_are_rejected" {
  command = plan

  variables {
    fleets = {
      a = { spot_fleet_request_id = "sfr-0123abcd-4567-89ef-0123-456789abcdef" }
      b = { target = { kind = "spot-fleet", id = "sfr-0123abcd-4567-89ef-0123-456789abcdef" } }
    }
  }

  expect_failures = [var.fleets]
}
