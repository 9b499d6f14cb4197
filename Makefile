# spot-fleet-autoscaler: every target does its own set-up on a fresh machine.
# Tools are pinned and installed under .tools/ (Python venv, Go binaries) and node_modules/.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

ROOT      := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
TOOLS     := $(ROOT)/.tools
VENV      := $(TOOLS)/venv
PYTHON    ?= python3
# The oldest Python the pinned tools run on; tools/python_floor.py holds every pin to it.
PYTHON_FLOOR := 3.11
MVNW      := $(ROOT)/mvnw -B --no-transfer-progress
export MOTO_SERVER := $(VENV)/bin/moto_server

.PHONY: help setup setup-python setup-node java-test testkit-test functions-test lab-test test test-parts clean

# One sentence, not a pip resolver error, when python3 is missing or older than PYTHON_FLOOR.
define need_python
@command -v $(PYTHON) >/dev/null || { echo "python3 $(PYTHON_FLOOR) or later is required $(1); none found"; exit 1; }
@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] < tuple(int(p) for p in "$(PYTHON_FLOOR)".split(".")))' \
	|| { echo "python3 $(PYTHON_FLOOR) or later is required $(1); $(PYTHON) is $$($(PYTHON) -V 2>&1)"; exit 1; }
endef

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sort | awk 'BEGIN{FS=":.*## "}{printf "  %-16s %s\n",$$1,$$2}'

setup: setup-python setup-node ## install the pinned tools (moto, node tools)

setup-python: $(VENV)/.installed
# Every package pinned with its PyPI hashes (tools/requirements-lock.txt, made from requirements.txt).
# --clear and `python -m pip`: a venv left half-built, or made under another path (its scripts name
# that path), is made again from nothing instead of failing on a stale script.
$(VENV)/.installed: tools/requirements-lock.txt
	$(call need_python,to run the AWS emulator)
	$(PYTHON) -m venv --clear $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r tools/requirements-lock.txt
	$(VENV)/bin/python tools/python_floor.py $(PYTHON_FLOOR).0
	touch $@

setup-node: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node 20 or later) is required for the ASL validator and the provider schema"; exit 1; }
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

# Three Maven projects, built in their dependency order (see the README, "Where things are"):
# the test kit, the functions (root pom.xml -> target/function.zip), the lab. Each is installed in the
# local Maven repository for the next one, as any Maven artifact is.
java-test: testkit-test functions-test lab-test ## build and test the test kit, the functions (unit, emulator, integration) and the lab

testkit-test: setup-python ## the test kit: build, test, install
	$(MVNW) -f testkit/pom.xml install

functions-test: setup-python testkit-test ## the functions: unit and emulator tests, function.zip, integration tests, install
	$(MVNW) install

lab-test: setup-python functions-test ## the lab: simulator, what-if, sandbox tests (SandboxIT runs function.zip)
	$(MVNW) -f lab/pom.xml verify

# `make test` runs its parts two at a time (-j2): the three Maven projects one after the other in one
# lane, while the other builds the Terraform tools and runs the checks that need no Java build (the
# Java tests leave most of a second core idle: they wait on the emulator, on Step Functions' Wait
# states and on the sandbox's simulated clock). The tools every part shares are installed first, one
# at a time. Each part's output is printed whole when it ends (--output-sync), so a failure reads
# as it would alone. A part run on its own (`make functions-test`) is unchanged.
test: setup-python setup-node ## everything CI runs
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-parts

test-parts: java-test

clean: ## remove build output (keeps installed tools)
	$(MVNW) -q clean
	$(MVNW) -q -f testkit/pom.xml clean
	$(MVNW) -q -f lab/pom.xml clean

-include mk/*.mk
