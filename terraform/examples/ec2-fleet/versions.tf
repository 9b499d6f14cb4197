terraform {
  required_version = ">= 1.6.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.25, < 7.0"
    }
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = { Project = "spot-fleet-autoscaler", Example = "ec2-fleet" }
  }
}
