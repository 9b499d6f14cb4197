terraform {
  # Pure module: no provider, so it can be evaluated offline (tofu test).
  required_version = ">= 1.6.0"
}
