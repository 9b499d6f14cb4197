################################################################################
# Deployment
################################################################################

variable "name" {
  description = "Name of the deployment (its state machine's name), shown in the titles."
  type        = string
}

variable "region" {
  description = "Region of the metrics (the deployment's)."
  type        = string
}

variable "state_machine_arn" {
  description = "ARN of the state machine whose ExecutionsFailed the first row shows."
  type        = string
}

################################################################################
# Fleets
################################################################################

variable "fleets" {
  description = "One row of graphs per fleet, in this order: its key (the fleets map's), its target's kind and id (the Fleet dimension of decide's metrics) and the name of its queue."
  type = list(object({
    key        = string
    kind       = string
    id         = string
    queue_name = string
  }))
}
