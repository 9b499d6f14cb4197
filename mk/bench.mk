# Simulator and benchmark (test sources under src/test/java/dev/sfautoscaler/sim; never in the
# Lambda zip). `make bench` is NOT part of `make test`; the simulator's unit tests are, like every test.

SIM_CP   := $(ROOT)/target/sim-classpath.txt
SIM_JAVA  = cd $(ROOT) && java -cp target/test-classes:target/classes:$$(cat $(SIM_CP))

.PHONY: bench whatif sim-classes

sim-classes:
	@$(MVNW) -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=$(SIM_CP)

bench: sim-classes ## every policy on every scenario -> docs/benchmarks (README.md, results.json, charts)
	@$(SIM_JAVA) dev.sfautoscaler.sim.Bench --scenarios bench/scenarios --policies bench/policies.json --out docs/benchmarks

whatif: sim-classes ## one run as JSON: SCENARIO=file.json [TRACE=file.csv] [POLICY=name|file.json] [SEED=n]
	@test -n "$(SCENARIO)" || { echo "usage: make whatif SCENARIO=bench/scenarios/steady.json [TRACE=traffic.csv] [POLICY=ours-default|my-policy.json] [SEED=7]"; exit 2; }
	@$(SIM_JAVA) dev.sfautoscaler.sim.WhatIf --scenario $(SCENARIO) \
		$(if $(TRACE),--trace $(TRACE)) $(if $(POLICY),--policy $(POLICY)) $(if $(SEED),--seed $(SEED))
