################################################################################
# Fleet
################################################################################

variable "name" {
  description = "Name of the fleet: used for the launch template, the fleet role and the instances' Name tag."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9-]{1,48}$", var.name))
    error_message = "The name must be 1-48 letters, digits or hyphens."
  }
}

variable "initial_target_capacity" {
  description = "Target capacity when the fleet is created. Terraform ignores later changes: the autoscaler owns the target."
  type        = number
  default     = 1

  validation {
    condition     = var.initial_target_capacity >= 0
    error_message = "The initial_target_capacity must not be negative."
  }
}

variable "instance_types" {
  description = "Instance types the fleet may launch; several types spread the spot risk."
  type        = list(string)

  validation {
    condition     = length(var.instance_types) > 0 && alltrue([for t in var.instance_types : can(regex("^[a-z0-9-]+\\.[a-z0-9]+$", t))])
    error_message = "Give at least one instance type, each like m7i.large."
  }
}

variable "instance_weights" {
  description = "Capacity units per instance type (WeightedCapacity). Types not listed weigh 1."
  type        = map(number)
  default     = {}

  validation {
    condition     = alltrue([for w in values(var.instance_weights) : w > 0])
    error_message = "Every instance weight must be positive."
  }
}

variable "subnet_ids" {
  description = "Subnets (in several availability zones) the fleet launches into."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) > 0 && alltrue([for s in var.subnet_ids : can(regex("^subnet-[0-9a-f]+$", s))])
    error_message = "Give at least one subnet ID (subnet-...)."
  }
}

variable "excess_capacity_termination_policy" {
  description = "What EC2 does with instances above a lowered target: Default terminates them, NoTermination leaves them running."
  type        = string
  default     = "Default"

  validation {
    condition     = contains(["Default", "NoTermination"], var.excess_capacity_termination_policy)
    error_message = "The excess_capacity_termination_policy must be Default or NoTermination."
  }
}

variable "terminate_instances_on_delete" {
  description = "Terminate the fleet's instances when the fleet request is deleted."
  type        = bool
  default     = true
}

################################################################################
# Instances
################################################################################

variable "ami_id" {
  description = "AMI of the instances."
  type        = string

  validation {
    condition     = can(regex("^ami-[0-9a-f]+$", var.ami_id))
    error_message = "The ami_id must look like ami-0123456789abcdef0."
  }
}

variable "security_group_ids" {
  description = "Security groups of the instances."
  type        = list(string)
  default     = []
}

variable "iam_instance_profile_arn" {
  description = "Instance profile of the workers (what they may do with the queue), or null for none."
  type        = string
  default     = null
}

variable "user_data_base64" {
  description = "Base64-encoded user data that starts the worker."
  type        = string
  default     = null
}

variable "root_volume_size" {
  description = "Size in GiB of the encrypted gp3 root volume."
  type        = number
  default     = 8

  validation {
    condition     = var.root_volume_size >= 1
    error_message = "The root_volume_size must be at least 1 GiB."
  }
}

variable "root_device_name" {
  description = "Device name of the AMI's root volume (/dev/xvda for Amazon Linux)."
  type        = string
  default     = "/dev/xvda"
}

variable "tags" {
  description = "Tags for every resource of the module and for the instances."
  type        = map(string)
  default     = {}
}
