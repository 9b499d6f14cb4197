//go:build tools

// Package tools pins the tflint AWS ruleset. `go install ...@v0.48.0` cannot build it from the
// module proxy (the proxy refuses the module's version list, which `go install pkg@version` reads
// for deprecation notices), so mk/terraform.mk builds it from this module instead:
// go build -o <plugin dir>/tflint-ruleset-aws github.com/terraform-linters/tflint-ruleset-aws
package tools

import _ "github.com/terraform-linters/tflint-ruleset-aws"
