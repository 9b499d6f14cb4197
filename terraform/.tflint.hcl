# tflint configuration for every module under terraform/ (run with --recursive).
# The AWS ruleset is built from source by mk/terraform.mk and found through TFLINT_PLUGIN_DIR,
# so there is no source/version here (nothing is downloaded at lint time).

config {
  call_module_type = "local"
}

plugin "terraform" {
  enabled = true
  preset  = "all"
}

plugin "aws" {
  enabled    = true
  deep_check = false
}
