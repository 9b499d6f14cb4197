# The sandbox: the whole autoscaling loop on this machine, no AWS account (docs/sandbox/README.md).
# `make sandbox` builds what it runs (target/function.zip, the test classes, AWS's Lambda Java
# runtime client) only when a source changed, starts moto and the four functions, runs a workload
# and stops everything it started. Its test (SandboxIT) runs in `make test` through `./mvnw verify`.

SANDBOX_CP      := $(ROOT)/target/sandbox-classpath.txt
SANDBOX_BUILT   := $(ROOT)/target/sandbox/.built
SANDBOX_SOURCES := $(shell find $(ROOT)/src $(ROOT)/statemachine -type f 2>/dev/null) $(ROOT)/pom.xml
SANDBOX_OUTPUTS := $(ROOT)/target/function.zip $(SANDBOX_CP) \
	$(ROOT)/target/test-classes/dev/sfautoscaler/sandbox/SandboxMain.class
# Something the build made was removed (./mvnw clean, a partial build): build again.
ifneq ($(words $(wildcard $(SANDBOX_OUTPUTS))),$(words $(SANDBOX_OUTPUTS)))
$(shell rm -f $(SANDBOX_BUILT))
endif

.PHONY: sandbox sandbox-java

sandbox: sandbox-java setup-python $(SANDBOX_BUILT) ## the autoscaler end to end here: [SCENARIO=surge|name|file] [SPEED=60] [PORT=n] [ALARMS=1|0] [SCHEDULE=60|0] [VERBOSE=1]
	@cd $(ROOT) && exec java -cp "target/test-classes:target/classes:$$(cat $(SANDBOX_CP))" \
		dev.sfautoscaler.sandbox.SandboxMain $(if $(SCENARIO),--scenario '$(SCENARIO)') \
		$(if $(SPEED),--speed '$(SPEED)') $(if $(PORT),--port '$(PORT)') \
		$(if $(ALARMS),--alarms '$(ALARMS)') $(if $(SCHEDULE),--schedule '$(SCHEDULE)') \
		$(if $(VERBOSE),--verbose '$(VERBOSE)')

sandbox-java:
	@command -v java >/dev/null || { echo "sandbox: Java 17 or later is required and 'java' is not on the PATH"; exit 2; }

# One Maven run: the zip and the test classes, the runtime client (the integration tests' copy
# execution) and the test class path.
$(SANDBOX_BUILT): $(SANDBOX_SOURCES)
	@echo "sandbox: building target/function.zip and the test classes (once per source change)"
	$(MVNW) -q package -DskipTests dependency:copy@lambda-java-runtime dependency:build-classpath \
		-Dmdep.includeScope=test -Dmdep.outputFile=$(SANDBOX_CP)
	@mkdir -p $(dir $@) && touch $@
