# tflint configuration for every module under terraform/ (run with --recursive).
# The AWS ruleset is built from source by mk/terraform.mk and found through TFLINT_PLUGIN_DIR,
# so there is no source/version here (nothing is downloaded at lint time).

config {
  call_module_type = "local"
  # The 200-fleet test fixture calls fleet-trigger 200 times; tflint evaluates each of the AWS
  # ruleset's rules on each call (24 s of CPU a run, half the lint) to check resources that this
  # pure module does not have. fleet-trigger itself is linted as a module of its own, and the lint
  # check fails if a module named here gains a resource or data source (tools/terraform/run_checks.py).
  ignore_module = {
    "../../../fleet-trigger" = true
  }
}

plugin "terraform" {
  enabled = true
  preset  = "all"
}

plugin "aws" {
  enabled    = true
  deep_check = false
}
