# The sandbox: the whole autoscaling loop on this machine, no AWS account (docs/sandbox/README.md).
# `make sandbox` builds what it runs (target/function.zip, the lab, AWS's Lambda Java runtime client)
# only when a source changed (mk/lab.mk), starts moto and the four functions, runs a workload and
# stops everything it started. Its test (SandboxIT) runs in `make test` with the lab's tests.

.PHONY: sandbox

sandbox: lab setup-python ## the autoscaler end to end here: [TARGET=spot-fleet|ec2-fleet|auto-scaling-group] [SCENARIO=surge|name|file] [SPEED=60] [PORT=n] [ALARMS=1|0] [SCHEDULE=60|0] [PAUSE_AT=mm:ss[-mm:ss]] [VERBOSE=1]
	@$(LAB_RUN) sandbox $(if $(TARGET),--target '$(TARGET)') $(if $(SCENARIO),--scenario '$(SCENARIO)') \
		$(if $(SPEED),--speed '$(SPEED)') $(if $(PORT),--port '$(PORT)') \
		$(if $(ALARMS),--alarms '$(ALARMS)') $(if $(SCHEDULE),--schedule '$(SCHEDULE)') \
		$(if $(PAUSE_AT),--pause-at '$(PAUSE_AT)') $(if $(VERBOSE),--verbose '$(VERBOSE)')
