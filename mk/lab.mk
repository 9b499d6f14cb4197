# The lab's programs (lab/, main sources): `make bench`, `make whatif` and `make sandbox` run the one
# command line, dev.sfautoscaler.lab.Lab (`lab/lab --help`), from the repository root, each make
# variable passed on as the option of the same name (SCENARIO= as --scenario). Each builds only what changed
# since the last build: the test kit and the functions are installed in the local Maven repository,
# then the lab compiled against them, its class path written to lab/target/classpath.txt.

LAB_CP       := $(ROOT)/lab/target/classpath.txt
KIT_STAMP    := $(ROOT)/testkit/target/.installed
FN_STAMP     := $(ROOT)/target/.installed
LAB_STAMP    := $(ROOT)/lab/target/.built
KIT_SOURCES  := $(shell find $(ROOT)/testkit/src -type f 2>/dev/null) $(ROOT)/testkit/pom.xml
FN_SOURCES   := $(shell find $(ROOT)/src/main -type f 2>/dev/null) $(ROOT)/pom.xml
LAB_SOURCES  := $(shell find $(ROOT)/lab/src/main -type f 2>/dev/null) $(ROOT)/lab/pom.xml
LAB_OUTPUTS  := $(LAB_CP) $(ROOT)/lab/target/classes/dev/sfautoscaler/lab/Lab.class \
	$(ROOT)/target/function.zip
# Something a build made was removed (./mvnw clean, a partial build): build again.
ifneq ($(words $(wildcard $(LAB_OUTPUTS))),$(words $(LAB_OUTPUTS)))
$(shell rm -f $(KIT_STAMP) $(FN_STAMP) $(LAB_STAMP))
endif
LAB_RUN = cd $(ROOT) && exec java -cp "lab/target/classes:$$(cat $(LAB_CP))" dev.sfautoscaler.lab.Lab

.PHONY: lab lab-java lab-help

lab: lab-java $(LAB_STAMP) ## build the lab's command line (once per source change)

lab-help: lab ## the lab's command line: its sub-commands (bench, whatif, sandbox, schemas) and their options
	@$(LAB_RUN) --help

lab-java:
	@command -v java >/dev/null || { echo "Java 17 or later is required and 'java' is not on the PATH"; exit 2; }

$(KIT_STAMP): $(KIT_SOURCES)
	@echo "lab: installing the test kit"
	$(MVNW) -q -f testkit/pom.xml install -DskipTests
	@touch $@

# The functions: their jar for the lab, target/function.zip and AWS's Lambda Java runtime client for
# the sandbox.
$(FN_STAMP): $(KIT_STAMP) $(FN_SOURCES)
	@echo "lab: building the functions (target/function.zip) and installing their jar"
	$(MVNW) -q install -DskipTests dependency:copy@lambda-java-runtime
	@touch $@

$(LAB_STAMP): $(FN_STAMP) $(LAB_SOURCES)
	@echo "lab: compiling the lab"
	$(MVNW) -q -f lab/pom.xml compile dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=$(LAB_CP)
	@touch $@
