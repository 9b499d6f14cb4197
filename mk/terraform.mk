# Terraform: offline checks of terraform/ (format, tofu test, tflint + AWS ruleset, checkov,
# provider schema, contracts with the code and the state machine, least-privilege IAM, module docs)
# and the self-test that proves each check fails when what it checks is broken.
# Tools are pinned, built or installed once under .tools/ (stamps make it idempotent).

TOFU_VERSION         := v1.6.3
TFLINT_VERSION       := v0.64.0
TFLINT_AWS_VERSION   := v0.48.0
TF_BIN               := $(TOOLS)/bin
TOFU                 := $(TF_BIN)/tofu-$(TOFU_VERSION)
TFLINT               := $(TF_BIN)/tflint-$(TFLINT_VERSION)
TFLINT_PLUGIN_DIR    := $(TOOLS)/tflint-plugins/aws-$(TFLINT_AWS_VERSION)
TFLINT_AWS           := $(TFLINT_PLUGIN_DIR)/tflint-ruleset-aws
HCLAST               := $(TF_BIN)/sfa-hclast
IAC_VENV             := $(TOOLS)/venv-iac
CHECKOV              := $(IAC_VENV)/bin/checkov
AWS_PROVIDER_JSII    := node_modules/@cdktf/provider-aws/.jsii
AWS_SCHEMA_JSON      := target/terraform/aws-provider-schema.json
GO                   ?= go
# Go builds: reproducible, no VCS stamping, stripped (smaller, links faster), and no DWARF made in the
# first place (-dwarf=false: the linker's -w threw it away anyway; tofu's cold build 14% less CPU;
# with the builds one after the other, the four from cold 1,093 -> 874 s of CPU).
# CGO_ENABLED=0 as the projects' own release builds: pure-Go DNS and user lookups, no C compiler.
TF_GO_BUILD_FLAGS    := -trimpath -buildvcs=false -ldflags=-s\ -w -gcflags=all=-dwarf=false
TF_GO                 = CGO_ENABLED=0 $(GO)
# The functions' tests write target/iam-actions.json (IamActionsTest), which the IAM check and its
# self-test read. Set TF_JAVA_DEP= to use an existing one.
TF_JAVA_DEP          ?= functions-test

export TF_CLI_CONFIG_FILE := $(ROOT)/tools/terraform/tofurc.hcl
export CHECKPOINT_DISABLE := 1

TF_CHECK_ENV = TOFU=$(TOFU) TFLINT=$(TFLINT) TFLINT_PLUGIN_DIR=$(TFLINT_PLUGIN_DIR) \
	CHECKOV=$(CHECKOV) HCLAST=$(HCLAST) AWS_SCHEMA_JSON=$(ROOT)/$(AWS_SCHEMA_JSON)

.PHONY: terraform-tools terraform-check terraform-check-static terraform-iam terraform-selftest terraform-selftest-static terraform-selftest-iam terraform-docs supply-chain-check pip-lock

TF_TOOL_FILES := $(TOFU) $(TFLINT) $(TFLINT_AWS) $(HCLAST) $(IAC_VENV)/.installed $(AWS_SCHEMA_JSON)

# pip's install and the provider schema run beside the Go builds (-j3), but the Go builds run one after
# the other (the order-only prerequisites below; each compiles on every core by itself): side by side
# each compiled the same standard library packages (about 36 s of CPU each), and the ruleset and tflint
# their common modules too, since Go's build cache shares only what is already built.
terraform-tools: ## build/install the pinned Terraform check tools
	@$(MAKE) --no-print-directory -j3 $(TF_TOOL_FILES)

$(TFLINT_AWS): | $(HCLAST)
$(TFLINT): | $(TFLINT_AWS)
$(TOFU): | $(TFLINT)

define need_go
	@command -v $(GO) >/dev/null || { echo "Go 1.26 or later is required to build the Terraform tools (OpenTofu, tflint)"; exit 1; }
endef

$(TOFU):
	$(need_go)
	@mkdir -p $(TF_BIN) $(TOOLS)/tmp
	@echo "building OpenTofu $(TOFU_VERSION) (go install, a few minutes on a cold machine)"
	tmp=$$(mktemp -d $(TOOLS)/tmp/tofu.XXXXXX) && GOBIN=$$tmp $(TF_GO) install $(TF_GO_BUILD_FLAGS) github.com/opentofu/opentofu/cmd/tofu@$(TOFU_VERSION) && mv $$tmp/tofu $@ && rmdir $$tmp

$(TFLINT):
	$(need_go)
	@mkdir -p $(TF_BIN) $(TOOLS)/tmp
	@echo "building tflint $(TFLINT_VERSION)"
	tmp=$$(mktemp -d $(TOOLS)/tmp/tflint.XXXXXX) && GOBIN=$$tmp $(TF_GO) install $(TF_GO_BUILD_FLAGS) github.com/terraform-linters/tflint@$(TFLINT_VERSION) && mv $$tmp/tflint $@ && rmdir $$tmp

# Built from tools/terraform/tflint-ruleset-aws (go.mod pins the ruleset and every dependency);
# see tools.go there for why not `go install ...@version`.
$(TFLINT_AWS): tools/terraform/tflint-ruleset-aws/go.mod tools/terraform/tflint-ruleset-aws/go.sum
	$(need_go)
	@mkdir -p $(TFLINT_PLUGIN_DIR)
	@echo "building tflint-ruleset-aws $(TFLINT_AWS_VERSION) (the largest build here: the AWS SDK)"
	cd tools/terraform/tflint-ruleset-aws && $(TF_GO) build $(TF_GO_BUILD_FLAGS) -o $(abspath $@).tmp github.com/terraform-linters/tflint-ruleset-aws
	mv $@.tmp $@

$(HCLAST): tools/terraform/hclast/main.go tools/terraform/hclast/go.mod tools/terraform/hclast/go.sum
	$(need_go)
	@mkdir -p $(TF_BIN)
	cd tools/terraform/hclast && $(TF_GO) build $(TF_GO_BUILD_FLAGS) -o $(abspath $@).tmp .
	mv $@.tmp $@

$(IAC_VENV)/.installed: tools/terraform/requirements-iac-lock.txt
	$(call need_python,for checkov)
	$(PYTHON) -m venv --clear $(IAC_VENV)
	$(IAC_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r tools/terraform/requirements-iac-lock.txt
	$(IAC_VENV)/bin/python tools/python_floor.py $(PYTHON_FLOOR).0
	touch $@

# Only when the package is missing: node_modules is shared, and npm ci there disturbs others.
$(AWS_PROVIDER_JSII):
	$(MAKE) setup-node

$(AWS_SCHEMA_JSON): $(AWS_PROVIDER_JSII) tools/terraform/provider_schema.py
	@mkdir -p $(dir $@)
	$(PYTHON) tools/terraform/provider_schema.py $(AWS_PROVIDER_JSII) $@

terraform-check-static: terraform-tools ## Terraform checks that need no Java build
	$(TF_CHECK_ENV) $(PYTHON) tools/terraform/run_checks.py --root . fmt tofu-test lint scan schema contracts docs

terraform-iam: terraform-tools $(TF_JAVA_DEP) ## IAM actions per function = the adapters' calls (target/iam-actions.json)
	$(TF_CHECK_ENV) $(PYTHON) tools/terraform/run_checks.py --root . iam

terraform-selftest: terraform-selftest-static terraform-selftest-iam ## prove every Terraform check fails on a broken copy

# In two parts, so that make test runs the larger one beside the Java build: the IAM check's cases need
# the functions' target/iam-actions.json, the others nothing from Java.
terraform-selftest-static: terraform-tools
	$(TF_CHECK_ENV) $(PYTHON) tools/terraform/selftest.py --skip iam

terraform-selftest-iam: terraform-tools $(TF_JAVA_DEP)
	$(TF_CHECK_ENV) $(PYTHON) tools/terraform/selftest.py --only iam

terraform-check: terraform-check-static terraform-iam terraform-selftest ## all Terraform checks and their self-test

supply-chain-check: ## pinned by hash: Maven wrapper distribution, pip locks (and their use), builder image, Terraform lock files
	$(PYTHON) tools/check_supply_chain.py

# pip-compile (pip-tools) rewrites the hashed locks from requirements*.txt, keeping their pins unless
# a requirement changed; run it in any venv that has pip-tools.
pip-lock: ## rewrite tools/requirements-lock.txt and tools/terraform/requirements-iac-lock.txt (needs pip-compile)
	CUSTOM_COMPILE_COMMAND="make pip-lock" pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links --output-file=tools/requirements-lock.txt tools/requirements.txt
	CUSTOM_COMPILE_COMMAND="make pip-lock" pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links --output-file=tools/terraform/requirements-iac-lock.txt tools/terraform/requirements-iac.txt

terraform-docs: $(HCLAST) ## regenerate the Inputs/Outputs tables of the module READMEs
	HCLAST=$(HCLAST) $(PYTHON) tools/terraform/module_docs.py --write terraform

test-parts: terraform-check supply-chain-check
