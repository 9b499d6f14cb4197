# Step Functions definition: render it as Terraform does and validate it with asl-validator.
# Included by the root Makefile; `make test` runs statemachine-check.

ASL_DEFINITION := statemachine/autoscaler.asl.json
ASL_RENDER     := statemachine/render.sh
ASL_OUT        := target/statemachine
ASL_VALIDATOR  := node_modules/.bin/asl-validator

.PHONY: statemachine-render statemachine-check statemachine-selftest

# Only when the validator is missing (as for a fresh clone): node_modules may be shared.
$(ASL_VALIDATOR):
	$(MAKE) setup-node

statemachine-render: $(ASL_OUT)/autoscaler.asl.json ## render the definition with example function ARNs

$(ASL_OUT)/autoscaler.asl.json: $(ASL_DEFINITION) $(ASL_RENDER)
	@mkdir -p $(ASL_OUT)
	$(ASL_RENDER) $(ASL_DEFINITION) > $@.tmp
	mv $@.tmp $@

statemachine-check: $(ASL_VALIDATOR) $(ASL_OUT)/autoscaler.asl.json statemachine-selftest ## validate the rendered definition (asl-validator)
	$(ASL_VALIDATOR) --json-path $(ASL_OUT)/autoscaler.asl.json

# The check must be able to fail: a dangling Next and an unknown placeholder are both rejected.
statemachine-selftest: $(ASL_VALIDATOR) $(ASL_OUT)/autoscaler.asl.json
	sed 's/"Next": "Decide"/"Next": "NoSuchState"/' $(ASL_OUT)/autoscaler.asl.json > $(ASL_OUT)/broken-next.asl.json
	rc=0; $(ASL_VALIDATOR) --silent --json-path $(ASL_OUT)/broken-next.asl.json || rc=$$?; \
	  if [ $$rc -ne 1 ]; then echo "statemachine-selftest: asl-validator should reject a dangling Next (exit 1), got exit $$rc"; exit 1; fi
	sed 's/$${decide_function_arn}/$${decide_arn}/' $(ASL_DEFINITION) > $(ASL_OUT)/broken-placeholder.asl.json
	rc=0; $(ASL_RENDER) $(ASL_OUT)/broken-placeholder.asl.json > /dev/null 2>&1 || rc=$$?; \
	  if [ $$rc -ne 1 ]; then echo "statemachine-selftest: render.sh should reject an unknown placeholder (exit 1), got exit $$rc"; exit 1; fi

test-parts: statemachine-check
