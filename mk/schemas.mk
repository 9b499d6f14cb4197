# The published JSON Schemas (statemachine/schemas/): made from the wire codec's tables
# (dev.sfautoscaler.wire.WireSchemas) and written by the lab's `lab schemas`; WireSchemasTest, part of
# `make test`, fails when a committed file differs from what the code makes.

SCHEMA ?= execution-input

.PHONY: schemas validate-input

schemas: lab ## rewrite statemachine/schemas/ from the code (commit the result)
	@$(LAB_RUN) schemas --out statemachine/schemas
	@git status --short statemachine/schemas

validate-input: setup-python ## check FILE=input.json against a schema (SCHEMA=execution-input, decide-input, ...)
	@test -n "$(FILE)" || { echo "usage: make validate-input FILE=my-input.json [SCHEMA=execution-input]"; exit 2; }
	@$(VENV)/bin/python tools/validate_input.py "$(FILE)" statemachine/schemas/$(SCHEMA).schema.json
