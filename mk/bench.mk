# Simulator and benchmark (lab/src/main/java/dev/sfautoscaler/sim; never in the Lambda zip).
# `make bench` is NOT part of `make test`; the simulator's unit tests are, like every test.

.PHONY: bench whatif

bench: lab ## every policy on every scenario -> docs/benchmarks (README.md, results.json, charts)
	@$(LAB_RUN) bench --scenarios scenarios/bench --policies scenarios/policies.json --out docs/benchmarks

whatif: lab ## one run as JSON: SCENARIO=file.json [TRACE=file.csv] [POLICY=name|file.json] [SEED=n] [TARGET_KIND=auto-scaling-group]
	@test -n "$(SCENARIO)" || { echo "usage: make whatif SCENARIO=scenarios/bench/steady.json [TRACE=traffic.csv] [POLICY=ours-default|my-policy.json] [SEED=7]"; \
		echo "Each variable is the option of the same name of lab whatif, which has more (run them with lab/lab whatif):"; \
		echo; ($(LAB_RUN) whatif --help); exit 2; }
	@$(LAB_RUN) whatif --scenario $(SCENARIO) \
		$(if $(TRACE),--trace $(TRACE)) $(if $(POLICY),--policy $(POLICY)) $(if $(SEED),--seed $(SEED)) \
		$(if $(TARGET_KIND),--target-kind $(TARGET_KIND))
