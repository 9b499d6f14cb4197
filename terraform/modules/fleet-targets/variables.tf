################################################################################
# Targets
################################################################################

variable "fleets" {
  description = "What each fleet key scales: target = { kind, id } (kind spot-fleet with an sfr- id, ec2-fleet with a fleet- id of a maintain EC2 Fleet, auto-scaling-group with the group's name), or the legacy spot_fleet_request_id (the same as target = { kind = \"spot-fleet\", id = ... }); exactly one of the two."
  type = map(object({
    target = optional(object({
      kind = string
      id   = string
    }))
    spot_fleet_request_id = optional(string)
  }))

  validation {
    condition     = alltrue([for fleet in values(var.fleets) : (fleet.target == null) != (fleet.spot_fleet_request_id == null)])
    error_message = "Every fleet names what it scales exactly once: target = { kind, id } (spot-fleet, ec2-fleet or auto-scaling-group), or the legacy spot_fleet_request_id for a spot fleet, not both and not neither."
  }

  validation {
    condition     = alltrue([for fleet in values(var.fleets) : contains(["spot-fleet", "ec2-fleet", "auto-scaling-group"], try(fleet.target.kind, "spot-fleet"))])
    error_message = "A fleet's target.kind must be spot-fleet, ec2-fleet or auto-scaling-group."
  }

  # The id grammar of dev.sfautoscaler.core.TargetKind (the execution-input schema publishes it;
  # tools/terraform/check_contracts.py keeps these patterns equal to the schema's).
  validation {
    condition     = alltrue([for fleet in values(var.fleets) : can(regex("^sfr-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{17})$", fleet.spot_fleet_request_id != null ? fleet.spot_fleet_request_id : try(fleet.target.kind == "spot-fleet" ? fleet.target.id : "sfr-00000000000000000", "sfr-00000000000000000")))])
    error_message = "A spot-fleet target's id (or spot_fleet_request_id) must be sfr- followed by a lowercase UUID, like sfr-0123abcd-4567-89ef-0123-456789abcdef."
  }

  validation {
    condition     = alltrue([for fleet in values(var.fleets) : can(regex("^fleet-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{17})$", try(fleet.target.kind == "ec2-fleet" ? fleet.target.id : "fleet-00000000000000000", "fleet-00000000000000000")))])
    error_message = "An ec2-fleet target's id must be fleet- followed by a lowercase UUID, like fleet-0123abcd-4567-89ef-0123-456789abcdef (the id of a maintain EC2 Fleet)."
  }

  validation {
    condition     = alltrue([for fleet in values(var.fleets) : can(regex("^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]{1,255}$", try(fleet.target.kind == "auto-scaling-group" ? fleet.target.id : "-", "-")))])
    error_message = "An auto-scaling-group target's id must be the group's name: 1 to 255 characters, no control characters but tab and newline."
  }

  # IAM reads * and ? in a resource ARN as wildcards, and ${...} as a policy variable: the
  # modify function's permission on such a group would reach other groups too.
  validation {
    condition     = alltrue([for fleet in values(var.fleets) : !can(regex("[*?]|[$&][{]", try(fleet.target.kind == "auto-scaling-group" ? fleet.target.id : "-", "-")))])
    error_message = "An auto-scaling-group target's name must not contain * or ?, nor a { right after $ or &: IAM would read them as wildcards or policy variables in the group's ARN, and the permission to set its desired capacity would reach other groups too. Rename the group."
  }

  validation {
    # The guard items and the functions' leases are keyed by the id.
    condition     = length(distinct([for fleet in values(var.fleets) : fleet.spot_fleet_request_id != null ? fleet.spot_fleet_request_id : try(fleet.target.id, "")])) == length(var.fleets)
    error_message = "Every fleet must name its own target: two entries for one target (the same id) would scale it against each other."
  }
}

################################################################################
# Where the targets are (for their ARNs)
################################################################################

variable "partition" {
  description = "AWS partition of the targets (aws, aws-cn, aws-us-gov)."
  type        = string
}

variable "region" {
  description = "Region of the targets (the deployment's)."
  type        = string
}

variable "account_id" {
  description = "Account of the targets (the deployment's)."
  type        = string
}
