# The reference worker (tools/worker/sfautoscaler-worker.sh, docs/workers.md), tested offline: the
# script against moto's server with a fake instance metadata service (tools/worker/test_worker.py),
# using the pinned AWS CLI of its own venv (tools/worker/requirements-lock.txt).

WORKER_VENV := $(TOOLS)/venv-worker

.PHONY: worker-test pip-lock-worker

$(WORKER_VENV)/.installed: tools/worker/requirements-lock.txt
	$(call need_python,for the AWS CLI of the worker's test)
	$(PYTHON) -m venv --clear $(WORKER_VENV)
	$(WORKER_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r tools/worker/requirements-lock.txt
	touch $@

worker-test: setup-python $(WORKER_VENV)/.installed ## the reference worker against moto and a fake instance metadata service
	AWS_CLI_BIN=$(WORKER_VENV)/bin $(VENV)/bin/python tools/worker/test_worker.py

# pip-compile (pip-tools) rewrites the worker's hashed lock from tools/worker/requirements.txt.
pip-lock-worker: ## rewrite tools/worker/requirements-lock.txt (needs pip-compile)
	CUSTOM_COMPILE_COMMAND="make pip-lock-worker" pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links --output-file=tools/worker/requirements-lock.txt tools/worker/requirements.txt

test-parts: worker-test
