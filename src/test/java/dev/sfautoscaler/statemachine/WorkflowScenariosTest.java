package dev.sfautoscaler.statemachine;

import dev.sfautoscaler.testkit.AutoscalerWorkflow;
import static dev.sfautoscaler.statemachine.WorkflowEmulator.alarmEvent;
import static dev.sfautoscaler.statemachine.WorkflowEmulator.scheduledEvent;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfautoscaler.core.LastChange;
import dev.sfautoscaler.core.ScaleAction;
import dev.sfautoscaler.testkit.AutoscalerWorkflow.Execution;
import dev.sfautoscaler.statemachine.WorkflowEmulator.Notification;
import dev.sfautoscaler.testkit.EventFixtures;
import dev.sfautoscaler.testkit.FaultProxy;
import dev.sfautoscaler.testing.HandlerFunctions;
import dev.sfautoscaler.testing.InjectAws;
import dev.sfautoscaler.testing.TargetFixtures;
import dev.sfautoscaler.testkit.LambdaInvokeServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The state machine that runs in AWS, executed by moto's ASL interpreter, its tasks answered by
 * the real handlers. Each scenario checks what a person would see: the execution's status, the
 * states it went through (the console's event list), the fleet's capacity, and the notification
 * that reached a queue subscribed to the topic.
 */
@QuarkusTest
@TestProfile(WorkflowScenariosTest.Profile.class)
class WorkflowScenariosTest {

    /** One application with every handler; which one the Lambda runtime would poll for does not matter here. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", "decide");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(WorkflowEmulatorResource.class));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RUN = Duration.ofSeconds(90);
    private static final String MODIFY = AutoscalerWorkflow.FUNCTION_PREFIX + "-modify";
    private static final String READ = AutoscalerWorkflow.FUNCTION_PREFIX + "-read-capacity";
    private static final String NOTIFY = AutoscalerWorkflow.FUNCTION_PREFIX + "-notify";
    private static final String DECIDE = AutoscalerWorkflow.FUNCTION_PREFIX + "-decide";
    private static final String MARKER = "sfautoscaler:last-change";

    private static final List<String> NO_CHANGE = List.of(
            "Prepare", "ApplyDefaults", "ReadCapacity", "Decide", "ScaleNeeded?", "NoChange");
    private static final List<String> ONE_CHANGE = List.of(
            "Prepare", "ApplyDefaults", "ReadCapacity", "Decide", "ScaleNeeded?", "PlanRounds",
            "ModifyCapacity", "Notify", "AnotherRound?");
    private static final List<String> NEXT_ROUND = List.of(
            "WaitForSettle", "AlarmToCheck?", "CheckAlarm", "StillInAlarm?", "StartNextRound",
            "ReadCapacity", "Decide", "ScaleNeeded?", "PlanRounds", "ModifyCapacity", "Notify", "AnotherRound?");
    private static final List<String> ALARM_CLEARED = List.of(
            "WaitForSettle", "AlarmToCheck?", "CheckAlarm", "StillInAlarm?", "RecoveryBeforeAlarmCleared?",
            "AlarmCleared");
    /** The end of a change that no further round follows (no failure alert to close). */
    private static final List<String> DONE = List.of("RecoveryBeforeDone?", "Done");
    private static final List<String> FAILED_MODIFY = List.of("Prepare", "ApplyDefaults", "ReadCapacity", "Decide",
            "ScaleNeeded?", "PlanRounds", "ModifyCapacity", "ReadFleetNow", "NotifyFailure", "Failed");
    private static final String REPORTED = "sfautoscaler.FailureReported";

    @InjectAws
    WorkflowEmulator emulator;

    private LambdaInvokeServer lambda;

    @BeforeEach
    void answerTasksWithTheHandlers() {
        lambda = emulator.lambda();
        HandlerFunctions.registerAll(lambda, AutoscalerWorkflow.FUNCTION_PREFIX);
        lambda.clearInvocations();
        emulator.notifications();
    }

    @AfterEach
    void clearFaults() {
        emulator.proxy().clear();
    }

    @Test
    void scaleOutAlarmWithBacklog640At100PerUnitTakesTheFleetFrom3To7() {
        Setup s = setup("s1", 3, 640, 100);
        emulator.createAlarm(s.alarm, s.queueName, "OK"); // cleared by the time the workflow looks again

        Execution run = run("scale-out", s.alarmInput(alarmEvent("cloudwatch-alarm-scale-out-alarm.json", s.alarm)));

        assertThat(run.summary(), run.status(), is(ExecutionStatus.SUCCEEDED));
        assertThat(run.states(), is(concat(ONE_CHANGE, ALARM_CLEARED)));
        assertThat(emulator.aws().targetCapacity(s.fleet), is(7));
        Notification n = single(emulator.awaitNotifications(1, RUN));
        assertThat(n.subject(), is(s.fleet + " scaled out 3 -> 7 (backlog 640)"));
        assertThat(output(run).path("to").asInt(), is(7));
    }

    @Test
    void anAutoScalingGroupOfWeightedInstancesIsScaledInUnitsUpToItsOwnMaximum() {
        // 9 units: two t3.xlarge of weight 4 and one t3.small of weight 1; the group's MaxSize is 12.
        try (TargetFixtures targets = new TargetFixtures(emulator.aws())) {
            String group = targets.createWeightedGroup(8, 0, 12);
            targets.attach(group, TargetFixtures.SMALL);
            targets.setDesired(group, 9);
            Setup s = setup("asg", 1, 130, 10); // 130 messages at 10 per unit call for 13 units
            ObjectNode input = s.manualInput();
            input.remove("fleetId");
            input.putObject("target").put("kind", "auto-scaling-group").put("id", group);

            Execution run = run("asg", input);

            assertThat(run.summary(), run.status(), is(ExecutionStatus.SUCCEEDED));
            assertThat(run.states(), hasItem("ModifyCapacity"));
            assertThat(targets.desired(group), is(12));
            assertThat(output(run).path("targetKind").asText(), is("auto-scaling-group"));
            assertThat(LastChange.fromMarker(targets.groupTag(group, MARKER).orElseThrow()).orElseThrow().to(), is(12));
            Notification n = single(emulator.awaitNotifications(1, RUN));
            assertThat(n.subject(), is(group + " scaled out 9 -> 12 (backlog 130)"));
            // The decision's reason, as the mail carries it, names the bound that stopped it.
            assertThat(n.message().path("decision").path("reason").asText(), containsString("The target's own maximum (12) stopped it: it is tighter than the"
                    + " policy's maxCapacity (20)."));
        }
    }

    @Test
    void anEc2FleetOfWeightedInstancesIsScaledInUnitsAndMarkedWithItsTag() {
        // 10 units: t3.small (weight 1) and t3.xlarge (weight 4), launched diversified: 1 + 4 + 1 + 4.
        try (TargetFixtures targets = new TargetFixtures(emulator.aws())) {
            String fleet = targets.createWeightedEc2Fleet(software.amazon.awssdk.services.ec2.model.FleetType.MAINTAIN, 10);
            Setup s = setup("ec2fleet", 1, 130, 10); // 130 messages at 10 per unit call for 13 units
            ObjectNode input = s.manualInput();
            input.remove("fleetId");
            input.putObject("target").put("kind", "ec2-fleet").put("id", fleet);

            Execution run = run("ec2fleet", input);

            assertThat(run.summary(), run.status(), is(ExecutionStatus.SUCCEEDED));
            assertThat(run.states(), hasItem("ModifyCapacity"));
            assertThat(targets.targetCapacity("ec2-fleet", fleet), is(13));
            assertThat(output(run).path("targetKind").asText(), is("ec2-fleet"));
            Notification n = single(emulator.awaitNotifications(1, RUN));
            assertThat(n.subject(), is(fleet + " scaled out 10 -> 13 (backlog 130)"));
        }
    }

    /** Pause: the tag on the fleet holds every decision, under a backlog too; removing it resumes. */
    @Test
    void aPausedFleetStaysUnchangedUnderABacklogAndScalesOutOnceTheTagIsRemoved() {
        Setup s = setup("paused", 3, 640, 100);
        emulator.aws().ec2().createTags(r -> r.resources(s.fleet)
                .tags(t -> t.key("sfautoscaler:paused").value("incident 42")));

        Execution paused = run("paused", s.scheduledInput(scheduledEvent("sfautoscaler-paused-schedule")));

        assertThat(paused.summary(), paused.status(), is(ExecutionStatus.SUCCEEDED));
        assertThat(paused.states(), is(NO_CHANGE));
        assertThat(output(paused).path("reasonCode").asText(), is("PAUSED"));
        assertThat(output(paused).path("reason").asText(), allOf(containsString("('incident 42')"),
                containsString("scale out 3 -> 7")));
        assertThat(output(paused).path("basis").path("counted").asLong(), is(640L));
        assertThat(lambda.invocations(MODIFY), is(0));
        assertThat(emulator.aws().targetCapacity(s.fleet), is(3));
        assertThat(emulator.notifications(), is(empty()));

        emulator.aws().ec2().deleteTags(r -> r.resources(s.fleet).tags(t -> t.key("sfautoscaler:paused")));
        Execution resumed = run("resumed", s.scheduledInput(scheduledEvent("sfautoscaler-paused-schedule")));

        assertThat(resumed.summary(), resumed.status(), is(ExecutionStatus.SUCCEEDED));
        assertThat(resumed.states(), is(concat(ONE_CHANGE, DONE)));
        assertThat(emulator.aws().targetCapacity(s.fleet), is(7));
        assertThat(single(emulator.awaitNotifications(1, RUN)).subject(), is(s.fleet + " scaled out 3 -> 7 (backlog 640)"));
    }

    @Test
    void aBacklogThatMatchesTheCapacityChangesNothingAndNeverCallsModify() {
        Setup s = setup("s2", 3, 30, 10);
        ObjectNode input = s.alarmInput(alarmEvent("cloudwatch-alarm-scale-out-alarm.json", s.alarm));
        ((ObjectNode) input.path("workflow")).put("notifyNoChange", true);

        Execution run = run("no-change", input);

        assertThat(run.summary(), run.status(), is(ExecutionStatus.SUCCEEDED));
        assertThat(run.states(), is(List.of("Prepare", "ApplyDefaults", "ReadCapacity", "Decide", "ScaleNeeded?",
                "NotifyNoChange", "NoChange")));
        assertThat(output(run).path("reasonCode").asText(), is("AT_DESIRED"));
        assertThat(output(run).path("reason").asText(), containsString("already asks for 3"));
        assertThat(lambda.invocations(MODIFY), is(0));
        assertThat(emulator.aws().targetCapacity(s.fleet), is(3));
        assertThat(single(emulator.awaitNotifications(1, RUN)).subject(), is(s.fleet + " unchanged at 3 (backlog 30)"));
    }

    @Test
    void aScheduledExecutionWithABacklogScalesOutOnceAndEndsAfterOneRound() {
        // Each schedule tick decides once: the next tick, a minute later, is the next round. Even
        // with the backlog still calling for more after this change, the execution ends.
        Setup s = setup("sched", 3, 640, 100);
        s.policy.put("maxScaleOutStep", 2);
        ObjectNode event = scheduledEvent("sfautoscaler-sched-schedule");

        Execution run = run("schedule", s.scheduledInput(event));

        assertThat(run.summary(), run.status(), is(ExecutionStatus.SUCCEEDED));
        assertThat(run.states(), is(concat(ONE_CHANGE, DONE)));
        assertThat(emulator.aws().targetCapacity(s.fleet), is(5));
        assertThat(lambda.invocations(READ), is(1));
        assertThat(lambda.invocations(MODIFY), is(1));
        assertThat(emulator.aws().tag(s.fleet, MARKER).flatMap(LastChange::fromMarker).orElseThrow().triggerId(),
                is(event.path("id").asText() + ":1"));
        assertThat(single(emulator.awaitNotifications(1, RUN)).subject(), is(s.fleet + " scaled out 3 -> 5 (backlog 640)"));
    }

    @Test
    void aScheduledExecutionWithNothingToDoEndsInNoChangeWithoutModifyOrNotify() {
        Setup s = setup("idle", 3, 30, 10);
        ObjectNode event = scheduledEvent("sfautoscaler-idle-schedule");

        Execution run = run("schedule-idle", s.scheduledInput(event));

        assertThat(run.summary(), run.status(), is(ExecutionStatus.SUCCEEDED));
        // The most frequent execution (once a minute per fleet): 6 state transitions.
        assertThat(run.states(), is(NO_CHANGE));
        assertThat(output(run).path("reasonCode").asText(), is("AT_DESIRED"));
        assertThat(output(run).path("triggerKey").asText(), is(event.path("id").asText() + ":1"));
        assertThat(lambda.invocations(MODIFY), is(0));
        assertThat(lambda.invocations(NOTIFY), is(0));
        assertThat(emulator.aws().targetCapacity(s.fleet), is(3));
        assertThat(emulator.notifications(), is(empty()));
    }

    @Test
    void aFleetBusyTwiceIsRetriedAndThenScaled() throws Exception {
        Setup s = setup("s3", 3, 64, 10);
        AtomicInteger busyReads = new AtomicInteger(2);
        LambdaInvokeServer.LambdaFunction modify = HandlerFunctions.function("modify", MODIFY);
        lambda.register(MODIFY, payload -> {
            // While modify re-reads the fleet, EC2 reports it as still applying an earlier change.
            boolean busy = busyReads.getAndDecrement() > 0;
            if (busy) {
                emulator.proxy().showFleetState("modifying");
            }
            try {
                return modify.invoke(payload);
            } finally {
                if (busy) {
                    emulator.proxy().clear();
                }
            }
        });

        Execution run = run("fleet-busy", s.manualInput());

        assertThat(run.summary(), run.status(), is(ExecutionStatus.SUCCEEDED));
        assertThat(run.states(), is(concat(ONE_CHANGE, DONE)));
        assertThat(run.functionErrorsIn("ModifyCapacity"), contains(
                "dev.sfautoscaler.core.error.FleetBusy", "dev.sfautoscaler.core.error.FleetBusy"));
        assertThat(lambda.invocations(MODIFY), is(3));
        assertThat(emulator.aws().targetCapacity(s.fleet), is(7));
        assertThat(single(emulator.awaitNotifications(1, RUN)).subject(), is(s.fleet + " scaled out 3 -> 7 (backlog 64)"));
    }

    @Test
    void aFleetThatCannotBeModifiedFailsTheExecutionAfterAFailureNotification() {
        Setup s = setup("s4", 3, 64, 10);
        emulator.proxy().fail("ModifySpotFleetRequest", 400, "FleetNotInModifiableState",
                "The spot fleet request is not in a modifiable state.");

        Execution run = run("not-modifiable", s.manualInput());

        assertThat(run.summary(), run.status(), is(ExecutionStatus.FAILED));
        // The topic was told: the execution's error says so, its cause names the original error.
        assertThat(run.error().orElse(""), is(REPORTED));
        assertThat(run.cause().orElse(""), startsWith("dev.sfautoscaler.core.error.FleetNotInModifiableState: "));
        assertThat(run.cause().orElse(""), containsString("not in a modifiable state"));
        assertThat(run.states(), is(FAILED_MODIFY));
        assertThat(emulator.aws().targetCapacity(s.fleet), is(3));
        Notification n = single(emulator.awaitNotifications(1, RUN));
        assertThat(n.subject(), is(s.fleet + " scaling failed: FleetNotInModifiableState"));
        assertThat(n.message().path("summary").asText(), containsString(
                "The Spot Fleet, read again after the failure, still asks for 3: no change was made."));
    }

    @Test
    void aTargetChangedSinceTheDecisionIsReadAndDecidedAgain() throws Exception {
        Setup s = setup("cc", 3, 64, 10);
        AtomicInteger attempts = new AtomicInteger();
        LambdaInvokeServer.LambdaFunction modify = HandlerFunctions.function("modify", MODIFY);
        lambda.register(MODIFY, payload -> {
            if (attempts.incrementAndGet() == 1) {
                emulator.aws().setTargetCapacity(s.fleet, 5); // a person sets 5 in the console meanwhile
            }
            return modify.invoke(payload);
        });

        Execution run = run("capacity-changed", s.manualInput());

        assertThat(run.summary(), run.status(), is(ExecutionStatus.SUCCEEDED));
        assertThat(run.states(), is(List.of("Prepare", "ApplyDefaults", "ReadCapacity", "Decide", "ScaleNeeded?",
                "PlanRounds", "ModifyCapacity", "CountRecheck", "RecheckAllowed?", "ReadCapacity",
                "Decide", "ScaleNeeded?", "PlanRounds", "ModifyCapacity", "Notify", "AnotherRound?",
                "RecoveryBeforeDone?", "Done")));
        assertThat(run.functionErrorsIn("ModifyCapacity"), contains("dev.sfautoscaler.core.error.CapacityChanged"));
        assertThat(emulator.aws().targetCapacity(s.fleet), is(7));
        assertThat(single(emulator.awaitNotifications(1, RUN)).subject(), is(s.fleet + " scaled out 5 -> 7 (backlog 64)"));
    }

    @Test
    void aScaleInAlarmWaitsForTheCooldownAndNeverGoesBelowTheMinimum() {
        Setup s = setup("s5", 6, 5, 10);
        s.policy.put("minCapacity", 2).put("scaleInCooldownSeconds", 300).put("scaleIn", "terminate");
        emulator.createAlarm(s.lowAlarm(), s.queueName, "OK");
        markLastChange(s.fleet, Instant.now().minusSeconds(60), 3, 6);

        Execution inCooldown = run("scale-in-cooldown",
                s.alarmInput(alarmEvent("cloudwatch-alarm-scale-in-alarm.json", s.lowAlarm())));

        assertThat(inCooldown.summary(), inCooldown.status(), is(ExecutionStatus.SUCCEEDED));
        assertThat(inCooldown.states(), is(NO_CHANGE));
        assertThat(output(inCooldown).path("reasonCode").asText(), is("SCALE_IN_COOLDOWN"));
        assertThat(emulator.aws().targetCapacity(s.fleet), is(6));
        assertThat(lambda.invocations(MODIFY), is(0));

        markLastChange(s.fleet, Instant.now().minusSeconds(400), 3, 6);
        Execution after = run("scale-in", s.alarmInput(alarmEvent("cloudwatch-alarm-scale-in-alarm.json", s.lowAlarm())));

        assertThat(after.summary(), after.status(), is(ExecutionStatus.SUCCEEDED));
        assertThat(after.states(), is(concat(ONE_CHANGE, ALARM_CLEARED)));
        assertThat(emulator.aws().targetCapacity(s.fleet), is(2)); // the backlog needs 1; the minimum is 2
        assertThat(single(emulator.awaitNotifications(1, RUN)).subject(), is(s.fleet + " scaled in 6 -> 2 (backlog 5)"));
    }

    @Test
    void theSameAlarmEventDeliveredTwiceChangesCapacityOnce() {
        Setup s = setup("s6", 3, 64, 10);
        s.policy.put("scaleOutCooldownSeconds", 0);
        emulator.createAlarm(s.alarm, s.queueName, "OK");
        ObjectNode event = alarmEvent("cloudwatch-alarm-scale-out-alarm.json", s.alarm);

        Execution first = run("delivery", s.alarmInput(event));
        emulator.sendMessages(s.queueUrl, 40); // more backlog: only the duplicate check stops a second change
        Execution second = run("delivery", s.alarmInput(event));

        assertThat(first.summary(), first.status(), is(ExecutionStatus.SUCCEEDED));
        assertThat(second.summary(), second.status(), is(ExecutionStatus.SUCCEEDED));
        assertThat(second.states(), is(NO_CHANGE));
        assertThat(output(second).path("reasonCode").asText(), is("DUPLICATE_TRIGGER"));
        assertThat(emulator.aws().targetCapacity(s.fleet), is(7));
        assertThat(lambda.invocations(MODIFY), is(1));
        assertThat(single(emulator.awaitNotifications(1, RUN)).subject(), is(s.fleet + " scaled out 3 -> 7 (backlog 64)"));
        assertThat(emulator.notifications(), is(empty()));
    }

    @Test
    void theScheduleAndAnAlarmDecidingTheSameChangeTogetherMakeItOnceAndAnnounceItOnce() throws Exception {
        Setup s = setup("race", 3, 640, 100);
        emulator.createAlarm(s.alarm, s.queueName, "OK");
        // Both executions read the fleet at 3 and decide 3 -> 7 before either modifies it, as when the
        // minute's schedule and the alarm fire together; then one modify runs after the other.
        CountDownLatch bothDecided = new CountDownLatch(2);
        LambdaInvokeServer.LambdaFunction decide = HandlerFunctions.function("decide", DECIDE);
        lambda.register(DECIDE, payload -> {
            String decision = decide.invoke(payload);
            bothDecided.countDown();
            if (!bothDecided.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other execution never decided");
            }
            return decision;
        });
        LambdaInvokeServer.LambdaFunction modify = HandlerFunctions.function("modify", MODIFY);
        lambda.register(MODIFY, payload -> {
            synchronized (modify) {
                return modify.invoke(payload);
            }
        });

        String alarmRun = emulator.workflow().start("race-alarm",
                s.alarmInput(alarmEvent("cloudwatch-alarm-scale-out-alarm.json", s.alarm)).toString());
        String scheduleRun = emulator.workflow().start("race-schedule",
                s.scheduledInput(scheduledEvent("sfautoscaler-race-schedule")).toString());
        Execution byAlarm = emulator.workflow().await(alarmRun, RUN);
        Execution bySchedule = emulator.workflow().await(scheduleRun, RUN);

        assertThat(byAlarm.summary(), byAlarm.status(), is(ExecutionStatus.SUCCEEDED));
        assertThat(bySchedule.summary(), bySchedule.status(), is(ExecutionStatus.SUCCEEDED));
        assertThat(byAlarm.states(), is(concat(ONE_CHANGE, ALARM_CLEARED)));
        assertThat(bySchedule.states(), is(concat(ONE_CHANGE, DONE)));
        assertThat(emulator.aws().targetCapacity(s.fleet), is(7));
        assertThat(lambda.invocations(MODIFY), is(2));
        assertThat(emulator.proxy().count("ModifySpotFleetRequest"), is(1L));
        // The execution that came second says whose change it found, and sent no second mail.
        List<Boolean> second = Stream.of(byAlarm, bySchedule)
                .map(run -> output(run).path("byAnotherTrigger").asBoolean()).toList();
        assertThat(second, anyOf(contains(true, false), contains(false, true)));
        assertThat(single(emulator.awaitNotifications(1, RUN)).subject(), is(s.fleet + " scaled out 3 -> 7 (backlog 640)"));
        assertThat(emulator.notifications(), is(empty()));
    }

    @Test
    void aChangeAnotherExecutionAppliesAtTheSameInstantIsWaitedForAndNotAnnouncedTwice() {
        // The other execution's ModifySpotFleetRequest lands between this modify's re-read and its own
        // call: EC2 refuses this one (FleetNotInModifiableState) and shows the fleet modifying.
        Setup s = setup("collide", 3, 640, 100);
        AtomicInteger reads = new AtomicInteger();
        emulator.proxy().rewrite("DescribeSpotFleetRequests", body -> {
            int read = reads.incrementAndGet();
            if (read == 2) { // modify's re-read: still 3, and then the other change lands
                emulator.aws().setTargetCapacity(s.fleet, 7);
                emulator.aws().tag(s.fleet, MARKER, new LastChange(Instant.now(), ScaleAction.SCALE_OUT, 3, 7,
                        "other-alarm-event:1").toMarker());
                emulator.proxy().fail("ModifySpotFleetRequest", 400, "FleetNotInModifiableState",
                        "The spot fleet request is not in a modifiable state.", 1);
            }
            return read == 3 ? FaultProxy.withFleetState(body, "modifying") : body;
        });

        Execution run = run("collide", s.manualInput());

        assertThat(run.summary(), run.status(), is(ExecutionStatus.SUCCEEDED));
        assertThat(run.states(), is(concat(ONE_CHANGE, DONE)));
        assertThat(run.functionErrorsIn("ModifyCapacity"), contains("dev.sfautoscaler.core.error.FleetBusy"));
        assertThat(output(run).path("alreadyApplied").asBoolean(), is(true));
        assertThat(output(run).path("byAnotherTrigger").asBoolean(), is(true));
        assertThat(output(run).path("summary").asText(), containsString("other-alarm-event:1"));
        assertThat(emulator.aws().targetCapacity(s.fleet), is(7));
        assertThat(emulator.proxy().count("ModifySpotFleetRequest"), is(1L)); // the refused one; none after
        assertThat(lambda.invocations(NOTIFY), is(1));
        assertThat(emulator.notifications(), is(empty()));
    }

    @Test
    void whileTheAlarmStaysInAlarmAGrowingBacklogGetsASecondRoundUntilTheAlarmClears() {
        Setup s = setup("s8", 3, 64, 10);
        s.policy.put("scaleOutCooldownSeconds", 0);
        s.workflow.put("settleSeconds", 2);
        emulator.createAlarm(s.alarm, s.queueName, "ALARM");

        // The second round's read waits until the test has added the new messages (as if they
        // arrived during the settle time), so that it sees all of them at once.
        CountDownLatch backlogGrew = new CountDownLatch(1);
        AtomicInteger reads = new AtomicInteger();
        LambdaInvokeServer.LambdaFunction read = HandlerFunctions.function("read-capacity", READ);
        lambda.register(READ, payload -> {
            if (reads.incrementAndGet() == 2 && !backlogGrew.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test did not add the messages");
            }
            return read.invoke(payload);
        });

        String execution = emulator.workflow().start("alarm-stays",
                s.alarmInput(alarmEvent("cloudwatch-alarm-scale-out-alarm.json", s.alarm)).toString());
        WorkflowEmulator.await("the first round to scale 3 -> 7", RUN, () -> emulator.aws().targetCapacity(s.fleet) == 7);
        emulator.sendMessages(s.queueUrl, 36); // the backlog keeps growing: 100 messages need 10 units
        backlogGrew.countDown();
        WorkflowEmulator.await("a second round to scale 7 -> 10", RUN, () -> emulator.aws().targetCapacity(s.fleet) == 10);
        emulator.setAlarmState(s.alarm, "OK");
        Execution run = emulator.workflow().await(execution, RUN);

        assertThat(run.summary(), run.status(), is(ExecutionStatus.SUCCEEDED));
        assertThat(run.states(), is(concat(ONE_CHANGE, NEXT_ROUND, ALARM_CLEARED)));
        assertThat(emulator.aws().targetCapacity(s.fleet), is(10));
        List<Notification> notes = emulator.awaitNotifications(2, RUN);
        assertThat(notes.stream().map(Notification::subject).toList(), contains(
                s.fleet + " scaled out 3 -> 7 (backlog 64)", s.fleet + " scaled out 7 -> 10 (backlog 100)"));
    }

    @Test
    void aDryRunChangesNothingAndItsNotificationSaysSoThenScaleNowDoes() {
        // The examples a person copies from statemachine/examples/, with their fleet and queue.
        Setup s = setup("s7", 3, 640, 100);
        ObjectNode dryRun = EventFixtures.example("dry-run.json").put("fleetId", s.fleet).put("queueUrl", s.queueUrl);
        ObjectNode scaleNow = EventFixtures.example("scale-now.json").put("fleetId", s.fleet).put("queueUrl", s.queueUrl);

        Execution dry = run("dry-run", dryRun);

        assertThat(dry.summary(), dry.status(), is(ExecutionStatus.SUCCEEDED));
        assertThat(dry.states(), is(List.of("Prepare", "ApplyDefaults", "ReadCapacity", "Decide", "ScaleNeeded?",
                "MarkDryRun", "PlanRounds", "ModifyCapacity", "Notify", "AnotherRound?", "RecoveryBeforeDone?",
                "Done")));
        assertThat(output(dry).path("dryRun").asBoolean(), is(true));
        assertThat(emulator.aws().targetCapacity(s.fleet), is(3));
        assertThat(emulator.proxy().actions(), not(hasItem("ec2:ModifySpotFleetRequest")));
        assertThat(single(emulator.awaitNotifications(1, RUN)).subject(),
                is("[dry run] " + s.fleet + " would scale out 3 -> 7 (backlog 640)"));

        Execution now = run("scale-now", scaleNow);

        assertThat(now.summary(), now.status(), is(ExecutionStatus.SUCCEEDED));
        assertThat(now.states(), is(concat(ONE_CHANGE, DONE)));
        assertThat(emulator.aws().targetCapacity(s.fleet), is(7));
        assertThat(single(emulator.awaitNotifications(1, RUN)).subject(), is(s.fleet + " scaled out 3 -> 7 (backlog 640)"));
    }

    @Test
    void theStepModeExampleAddsOneStepForTheAlarmItCarries() {
        Setup s = setup("ex", 3, 0, 100);
        ObjectNode stepMode = EventFixtures.example("step-mode.json").put("fleetId", s.fleet).put("queueUrl", s.queueUrl);

        Execution run = run("step-mode", stepMode);

        assertThat(run.summary(), run.status(), is(ExecutionStatus.SUCCEEDED));
        assertThat(run.states(), is(concat(ONE_CHANGE, DONE)));
        assertThat(emulator.aws().targetCapacity(s.fleet), is(5)); // stepSize 2
        assertThat(single(emulator.awaitNotifications(1, RUN)).subject(), startsWith(s.fleet + " scaled out 3 -> 5"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{'dryrun': true} | 'dryrun' is not a field of the execution input; did you mean 'dryRun'?",
            "{'changeOutcome': 'dry-run'} | 'changeOutcome' is the workflow's own state, which an input cannot set",
            "{'modify': {'applied': true}} | 'modify' is the workflow's own state",
            "{'loop': {'round': 1, 'capacityRechecks': -1000}} | 'loop' is the workflow's own state",
            "{'decision': null} | 'decision' is the workflow's own state",
            "{'workflow': {'settleSeconds': 'a minute'}} | 'workflow.settleSeconds' must be a whole number from 0 to 1800",
            "{'workflow': {'settleSeconds': 1.5}} | 'workflow.settleSeconds' must be a whole number from 0 to 1800; got 1.5",
            "{'workflow': {'settleSeconds': 1e9}} | 'workflow.settleSeconds' must be a whole number from 0 to 1800",
            "{'workflow': [60]} | 'workflow' must be a JSON object; got [60] (an array)",
            "{'workflow': {'notifyNoChange': 'yes'}} | 'workflow.notifyNoChange' must be true or false",
            "{'dryRun': 'true'} | 'dryRun' must be true or false"})
    void aBadOrUnknownInputFieldFailsTheExecutionBeforeAnythingIsReadOrChanged(String inputAndCause) throws Exception {
        String[] parts = inputAndCause.split(" \\| ");
        Setup s = setup("input", 3, 64, 10); // a backlog that calls for a change
        ObjectNode input = s.manualInput();
        input.setAll((ObjectNode) JSON.readTree(parts[0].replace('\'', '"')));
        emulator.proxy().clear();

        Execution run = run("bad-input", input);

        assertThat(run.summary(), run.status(), is(ExecutionStatus.FAILED));
        assertThat(run.error().orElse(""), is(REPORTED));
        assertThat(run.cause().orElse(""), startsWith("dev.sfautoscaler.core.error.InvalidInput: "));
        assertThat(run.cause().orElse(""), containsString("invalid input: " + parts[1]));
        assertThat(run.states(), is(List.of("Prepare", "ApplyDefaults", "ReadCapacity", "NotifyFailure", "Failed")));
        assertThat(run.functionErrorsIn("ReadCapacity"), contains("dev.sfautoscaler.core.error.InvalidInput"));
        // Nothing was read, nothing changed: the only AWS calls are the failure notice and its entry in
        // the state table's failure alert.
        assertThat(emulator.proxy().actions().stream().filter(a -> !a.startsWith("dynamodb:")).toList(),
                is(List.of("sns:Publish")));
        assertThat(emulator.proxy().actions().stream().filter(a -> a.startsWith("dynamodb:")).distinct().toList(),
                is(List.of("dynamodb:UpdateItem")));
        assertThat(lambda.invocations(MODIFY), is(0));
        assertThat(emulator.aws().targetCapacity(s.fleet), is(3));
        Notification n = single(emulator.awaitNotifications(1, RUN));
        assertThat(n.subject(), is(s.fleet + " scaling failed: InvalidInput"));
        assertThat(n.message().path("summary").asText(), containsString(parts[1]));
    }

    /**
     * Issue 16, item 9: JSON Jackson will not read (the functions' limits: numbers of 1,000 digits, names
     * of 50,000 characters) in the execution input itself, as Step Functions hands it on.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a number of 1,001 digits     | "workflow": {"maxRounds": NUMBER_1001} | Number value length (1001) exceeds the maximum allowed (1000)
            a field name of 50,001 chars | "KEY_50001": 1                         | Name length (50001) exceeds the maximum allowed (50000)
            """)
    void jsonTheFunctionsCannotReadInTheExecutionInputFailsItBeforeAnythingIsRead(String what, String field, String problem) {
        Setup s = setup("hostile", 3, 64, 10); // a backlog that calls for a change
        ObjectNode input = s.manualInput();
        input.remove("workflow");
        String text = input.toString();
        String raw = text.substring(0, text.length() - 1) + ", "
                + field.replace("NUMBER_1001", "9".repeat(1001)).replace("KEY_50001", "k".repeat(50_001)) + "}";
        emulator.proxy().clear();

        Execution run = emulator.workflow().run("hostile", raw, RUN);

        assertThat(run.summary(), run.status(), is(ExecutionStatus.FAILED));
        assertThat(run.error().orElse(""), is(REPORTED));
        assertThat(run.cause().orElse(""), startsWith("dev.sfautoscaler.core.error.InvalidInput: "));
        assertThat(run.cause().orElse(""), containsString(problem));
        assertThat(run.states(), is(List.of("Prepare", "ApplyDefaults", "ReadCapacity", "NotifyFailure", "Failed")));
        assertThat(emulator.proxy().actions().stream().filter(a -> !a.startsWith("dynamodb:")).toList(),
                is(List.of("sns:Publish")));
        assertThat(lambda.invocations(MODIFY), is(0));
        assertThat(emulator.aws().targetCapacity(s.fleet), is(3));
    }

    /** Issue 16, item 1: a manual run with only fleetId and queueUrl once took a fleet of 40 to the default maximum of 10. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "no policy | 'policy' is required",
            "a policy without its bounds | 'policy.minCapacity' is required"})
    void aRunWithoutThePolicysBoundsFailsAndLeavesAFleetOf40Alone(String caseAndCause) {
        String[] parts = caseAndCause.split(" \\| ");
        Setup s = setup("no-policy", 40, 0, 100);
        ObjectNode input = JSON.createObjectNode().put("fleetId", s.fleet).put("queueUrl", s.queueUrl);
        if (parts[0].equals("a policy without its bounds")) {
            input.putObject("policy").put("backlogPerUnit", 100);
        }

        Execution run = run("no-policy", input);

        assertThat(run.summary(), run.status(), is(ExecutionStatus.FAILED));
        assertThat(run.error().orElse(""), is(REPORTED));
        assertThat(run.cause().orElse(""), startsWith("dev.sfautoscaler.core.error.InvalidInput: "));
        assertThat(run.cause().orElse(""), containsString(parts[1]));
        // Decide refuses it (read-capacity only read the fleet and the queue): nothing is changed.
        assertThat(run.states(), is(List.of("Prepare", "ApplyDefaults", "ReadCapacity", "Decide", "NotifyFailure", "Failed")));
        assertThat(run.functionErrorsIn("Decide"), contains("dev.sfautoscaler.core.error.InvalidInput"));
        assertThat(lambda.invocations(MODIFY), is(0));
        assertThat(emulator.aws().targetCapacity(s.fleet), is(40));
        assertThat(single(emulator.awaitNotifications(1, RUN)).subject(), is(s.fleet + " scaling failed: InvalidInput"));
    }

    @Test
    void aModifyThatTimesOutAfterItsWriteIsRetriedAndTheRetryRecordsTheChange() {
        // The first attempt gets ModifySpotFleetRequest through and then runs out of time before it
        // writes the last-change marker; Lambda reports Sandbox.Timedout. The retry finds the fleet
        // at the target ("already applied"), writes the marker and the change is announced once.
        Setup s = setup("timeout", 3, 64, 10);
        AtomicInteger attempts = new AtomicInteger();
        LambdaInvokeServer.LambdaFunction modify = HandlerFunctions.function("modify", MODIFY);
        lambda.register(MODIFY, payload -> {
            if (attempts.incrementAndGet() == 1) {
                emulator.aws().setTargetCapacity(s.fleet, 7);
                Thread.sleep(1000);
                throw new LambdaInvokeServer.FunctionError("Sandbox.Timedout", "Task timed out after 1.00 seconds");
            }
            return modify.invoke(payload);
        });

        Execution run = run("modify-timeout", s.manualInput());

        assertThat(run.summary(), run.status(), is(ExecutionStatus.SUCCEEDED));
        assertThat(run.states(), is(concat(ONE_CHANGE, DONE)));
        assertThat(run.functionErrorsIn("ModifyCapacity"), contains("Sandbox.Timedout"));
        assertThat(output(run).path("alreadyApplied").asBoolean(), is(true));
        assertThat(output(run).path("changeRecorded").asBoolean(), is(true));
        assertThat(emulator.aws().targetCapacity(s.fleet), is(7));
        LastChange marker = emulator.aws().tag(s.fleet, MARKER).flatMap(LastChange::fromMarker).orElseThrow();
        assertThat(List.of(marker.from(), marker.to()), is(List.of(3, 7)));
        assertThat(single(emulator.awaitNotifications(1, RUN)).subject(), is(s.fleet + " scaled out 3 -> 7 (backlog 64)"));
    }

    @Test
    void aModifyThatCrashesAfterItsWriteEveryTimeReportsTheChangeItMade() {
        // Every attempt gets its work done (the first changes the fleet, the retries find it applied)
        // and then dies: Lambda.Unknown three times. The fleet is read again, and the failure notice
        // says that the change was made.
        Setup s = setup("crash", 3, 64, 10);
        LambdaInvokeServer.LambdaFunction modify = HandlerFunctions.function("modify", MODIFY);
        lambda.register(MODIFY, payload -> {
            modify.invoke(payload);
            throw new LambdaInvokeServer.FunctionError("Lambda.Unknown", "Runtime exited with error: signal: killed");
        });

        Execution run = run("modify-crash", s.manualInput());

        assertThat(run.summary(), run.status(), is(ExecutionStatus.FAILED));
        assertThat(run.error().orElse(""), is(REPORTED));
        assertThat(run.cause().orElse(""), startsWith("Lambda.Unknown: "));
        assertThat(run.states(), is(FAILED_MODIFY));
        assertThat(run.functionErrorsIn("ModifyCapacity"), contains("Lambda.Unknown", "Lambda.Unknown", "Lambda.Unknown"));
        assertThat(emulator.aws().targetCapacity(s.fleet), is(7));
        Notification n = single(emulator.awaitNotifications(1, RUN));
        assertThat(n.subject(), is(s.fleet + " scaled out 3 -> 7, then failed: Lambda.Unknown"));
        assertThat(n.message().path("summary").asText(), containsString(
                "The Spot Fleet, read again after the failure, asks for 7: the change 3 -> 7 was made"));
    }

    @Test
    void aModifyThatTimesOutBeforeItsWriteEveryTimeSaysNothingChanged() {
        Setup s = setup("slow", 3, 64, 10);
        lambda.register(MODIFY, payload -> {
            Thread.sleep(500);
            throw new LambdaInvokeServer.FunctionError("Sandbox.Timedout", "Task timed out after 0.50 seconds");
        });

        Execution run = run("modify-slow", s.manualInput());

        assertThat(run.summary(), run.status(), is(ExecutionStatus.FAILED));
        assertThat(run.error().orElse(""), is(REPORTED));
        assertThat(run.states(), is(FAILED_MODIFY));
        assertThat(lambda.invocations(MODIFY), is(3));
        assertThat(emulator.aws().targetCapacity(s.fleet), is(3));
        Notification n = single(emulator.awaitNotifications(1, RUN));
        assertThat(n.subject(), is(s.fleet + " scaling failed: Sandbox.Timedout"));
        assertThat(n.message().path("summary").asText(), containsString("still asks for 3: no change was made"));
    }

    @Test
    void whenSnsFailsAfterAChangeTheExecutionsOwnFailureNamesTheChange() {
        // Nobody can be mailed (the topic refuses every Publish): the execution ends FAILED with
        // sfautoscaler.NotificationFailed, which the second channel watches, and its cause says that
        // the fleet was changed and how.
        Setup s = setup("sns-down", 3, 64, 10);
        emulator.proxy().fail("Publish", 403, "AuthorizationError",
                "User is not authorized to perform: SNS:Publish on resource: " + WorkflowEmulatorResource.TOPIC);

        Execution run = run("sns-down", s.manualInput());

        assertThat(run.summary(), run.status(), is(ExecutionStatus.FAILED));
        assertThat(run.error().orElse(""), is("sfautoscaler.NotificationFailed"));
        assertThat(run.cause().orElse(""), startsWith("fleet " + s.fleet + " was changed 3 -> 7 at 20"));
        assertThat(run.cause().orElse(""), containsString("by this execution, but no notification could be sent "
                + "(dev.sfautoscaler.core.error.AccessDenied: "));
        assertThat(run.states(), is(List.of("Prepare", "ApplyDefaults", "ReadCapacity", "Decide", "ScaleNeeded?",
                "PlanRounds", "ModifyCapacity", "Notify", "NotifyFailure", "ChangeBeforeFailure?", "UnreportedChange",
                "NotificationFailed")));
        assertThat(emulator.aws().targetCapacity(s.fleet), is(7));
        assertThat(emulator.notifications(), is(empty()));
    }

    @Test
    void whenSnsFailsAfterAFailedReadOfAGroupTheExecutionsOwnFailureNamesTheGroup() {
        // The catch-all cause names the target as the input does: kind and id, for every kind.
        Setup s = setup("sns-asg", 1, 0, 10);
        ObjectNode input = s.manualInput();
        input.remove("fleetId");
        input.putObject("target").put("kind", "auto-scaling-group").put("id", "no-such-group");
        emulator.proxy().fail("Publish", 403, "AuthorizationError", "User is not authorized to perform: SNS:Publish");

        Execution run = run("sns-asg", input);

        assertThat(run.summary(), run.status(), is(ExecutionStatus.FAILED));
        assertThat(run.error().orElse(""), is("sfautoscaler.NotificationFailed"));
        assertThat(run.cause().orElse(""), startsWith("auto-scaling-group no-such-group was not changed by this "
                + "execution; it failed ("));
        assertThat(run.cause().orElse(""), containsString("FleetNotFound"));
        assertThat(run.states(), hasItem("UnreportedNoChangeTarget"));
        assertThat(emulator.notifications(), is(empty()));
    }

    @Test
    void whenSnsFailsAfterAModifyThatCrashedTheCauseSaysWhatTheFleetAsksForNow() {
        Setup s = setup("sns-crash", 3, 64, 10);
        LambdaInvokeServer.LambdaFunction modify = HandlerFunctions.function("modify", MODIFY);
        lambda.register(MODIFY, payload -> {
            modify.invoke(payload);
            throw new LambdaInvokeServer.FunctionError("Lambda.Unknown", "Runtime exited with error: signal: killed");
        });
        emulator.proxy().fail("Publish", 403, "AuthorizationError", "User is not authorized to perform: SNS:Publish");

        Execution run = run("sns-crash", s.manualInput());

        assertThat(run.summary(), run.status(), is(ExecutionStatus.FAILED));
        assertThat(run.error().orElse(""), is("sfautoscaler.NotificationFailed"));
        assertThat(run.cause().orElse(""), startsWith("fleet " + s.fleet + " now asks for 7: the change 3 -> 7 was "
                + "made although modify failed (Lambda.Unknown: "));
        assertThat(run.states(), is(concat(FAILED_MODIFY.subList(0, FAILED_MODIFY.size() - 1), List.of(
                "ChangeBeforeFailure?", "FleetAfterFailure?", "UnreportedChangeUnconfirmed", "NotificationFailed"))));
        assertThat(emulator.notifications(), is(empty()));
    }

    @Test
    void anOpenFailureAlertIsClosedOnASuccessfulEndAndItsNoticeCannotFailTheExecution() {
        // read-capacity says an alert of earlier failures is open (failureAlertOpen): each successful
        // end tells notify (outcome recovered) first. A notice that fails is caught: still a success.
        Setup idle = setup("recovered-idle", 3, 30, 10);
        Setup busy = setup("recovered-busy", 3, 64, 10);
        LambdaInvokeServer.LambdaFunction read = HandlerFunctions.function("read-capacity", READ);
        lambda.register(READ, payload -> {
            ObjectNode capacity = (ObjectNode) JSON.readTree(read.invoke(payload));
            return capacity.put("failureAlertOpen", true).toString();
        });
        LambdaInvokeServer.LambdaFunction notify = HandlerFunctions.function("notify", NOTIFY);
        List<String> recovered = new java.util.concurrent.CopyOnWriteArrayList<>();
        lambda.register(NOTIFY, payload -> {
            JsonNode in = JSON.readTree(payload);
            if (!in.path("outcome").asText().equals("recovered")) {
                return notify.invoke(payload);
            }
            recovered.add(in.path("fleetId").asText());
            if (in.path("fleetId").asText().equals(idle.fleet)) {
                throw new LambdaInvokeServer.FunctionError("dev.sfautoscaler.core.error.AccessDenied", "not allowed");
            }
            return "{\"published\": false}";
        });

        Execution atRest = run("recovered-idle", idle.scheduledInput(scheduledEvent("sfautoscaler-recovered-idle")));
        Execution scaled = run("recovered-busy", busy.manualInput());

        assertThat(atRest.summary(), atRest.status(), is(ExecutionStatus.SUCCEEDED));
        assertThat(atRest.states(), is(List.of("Prepare", "ApplyDefaults", "ReadCapacity", "Decide", "ScaleNeeded?",
                "NotifyRecovery", "NoChangeToNotify?", "NoChange")));
        assertThat(atRest.functionErrorsIn("NotifyRecovery"), contains("dev.sfautoscaler.core.error.AccessDenied"));
        assertThat(output(atRest).path("reasonCode").asText(), is("AT_DESIRED"));
        assertThat(scaled.summary(), scaled.status(), is(ExecutionStatus.SUCCEEDED));
        assertThat(scaled.states(), is(concat(ONE_CHANGE, List.of("RecoveryBeforeDone?", "NotifyRecoveryThenDone",
                "Done"))));
        assertThat(output(scaled).path("to").asInt(), is(7));
        assertThat(recovered, is(List.of(idle.fleet, busy.fleet)));
        assertThat(single(emulator.awaitNotifications(1, RUN)).subject(), is(busy.fleet + " scaled out 3 -> 7 (backlog 64)"));
    }

    @Test
    void aLastingFailureIsMailedOnceAndItsRecoveryOnceWithTheRealStateTable() {
        // Every tick fails the same way (the role may not read the fleet): the first failure is mailed,
        // the next one inside the back-off is not; the first tick that works again says so, once.
        Setup s = setup("streak", 3, 30, 10);
        emulator.proxy().fail("DescribeSpotFleetRequests", 403, "UnauthorizedOperation",
                "You are not authorized to perform this operation.");

        Execution first = run("streak-1", s.scheduledInput(scheduledEvent("sfautoscaler-streak-schedule")));
        Execution second = run("streak-2", s.scheduledInput(scheduledEvent("sfautoscaler-streak-schedule")));

        for (Execution failed : List.of(first, second)) {
            assertThat(failed.summary(), failed.status(), is(ExecutionStatus.FAILED));
            assertThat(failed.error().orElse(""), is(REPORTED));
        }
        Notification mailed = single(emulator.awaitNotifications(1, RUN));
        assertThat(mailed.subject(), is(s.fleet + " scaling failed: AccessDenied"));
        assertThat(emulator.notifications(), is(empty()));
        assertThat(lambda.invocations(NOTIFY), is(2));

        emulator.proxy().clear();
        Execution recovered = run("streak-3", s.scheduledInput(scheduledEvent("sfautoscaler-streak-schedule")));
        Execution after = run("streak-4", s.scheduledInput(scheduledEvent("sfautoscaler-streak-schedule")));

        assertThat(recovered.summary(), recovered.status(), is(ExecutionStatus.SUCCEEDED));
        assertThat(recovered.states(), is(List.of("Prepare", "ApplyDefaults", "ReadCapacity", "Decide",
                "ScaleNeeded?", "NotifyRecovery", "NoChangeToNotify?", "NoChange")));
        assertThat(single(emulator.awaitNotifications(1, RUN)).subject(),
                startsWith(s.fleet + " works again after 2 failures since "));
        assertThat(after.summary(), after.status(), is(ExecutionStatus.SUCCEEDED));
        assertThat(after.states(), is(NO_CHANGE));
        assertThat(emulator.notifications(), is(empty()));
    }

    // ---- helpers

    /**
     * A maintain fleet at {@code capacity}, a queue with {@code backlog} messages, alarm names, and
     * an input to edit with a policy of {@code perUnit} messages per capacity unit.
     */
    private Setup setup(String scenario, int capacity, int backlog, int perUnit) {
        String queueName = "jobs-" + scenario;
        String queueUrl = emulator.aws().createQueue(queueName);
        emulator.sendMessages(queueUrl, backlog);
        Setup setup = new Setup(emulator.aws().createMaintainFleet(capacity), queueName, queueUrl,
                "jobs-" + scenario + "-backlog-high");
        setup.policy.put("backlogPerUnit", perUnit);
        return setup;
    }

    private final class Setup {
        final String fleet;
        final String queueName;
        final String queueUrl;
        /** The scale-out alarm; {@link #lowAlarm()} is the scale-in alarm. */
        final String alarm;
        final ObjectNode policy = JSON.createObjectNode();
        final ObjectNode workflow = JSON.createObjectNode();

        Setup(String fleet, String queueName, String queueUrl, String alarm) {
            this.fleet = fleet;
            this.queueName = queueName;
            this.queueUrl = queueUrl;
            this.alarm = alarm;
            policy.put("mode", "target-tracking").put("minCapacity", 1).put("maxCapacity", 20)
                    .put("backlogPerUnit", 100).put("scaleOutAlarmName", alarm).put("scaleInAlarmName", lowAlarm());
            workflow.put("settleSeconds", 1);
        }

        String lowAlarm() {
            return alarm.replace("-high", "-low");
        }

        /** As the EventBridge rule's input transformer builds it: the fleet's configuration plus the event. */
        ObjectNode alarmInput(ObjectNode event) {
            ObjectNode input = manualInput();
            input.set("alarmEvent", event);
            return input;
        }

        /** As the schedule rule's input transformer builds it: the fleet's configuration plus the event, no maxRounds. */
        ObjectNode scheduledInput(ObjectNode event) {
            ObjectNode input = manualInput();
            input.set("scheduledEvent", event);
            return input;
        }

        ObjectNode manualInput() {
            ObjectNode input = JSON.createObjectNode().put("fleetId", fleet).put("queueUrl", queueUrl);
            input.set("policy", policy);
            input.set("workflow", workflow);
            return input;
        }
    }

    private Execution run(String name, ObjectNode input) {
        return emulator.workflow().run(name, input.toString(), RUN);
    }

    private void markLastChange(String fleet, Instant at, int from, int to) {
        emulator.aws().tag(fleet, MARKER, new LastChange(at, ScaleAction.SCALE_OUT, from, to, "earlier-event:1").toMarker());
    }

    private static JsonNode output(Execution run) {
        try {
            return JSON.readTree(run.output().orElseThrow(() -> new AssertionError("no output: " + run.status())));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static <T> T single(List<T> items) {
        assertThat("exactly one: " + items, items.size(), is(1));
        return items.get(0);
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        Stream.of(parts).forEach(all::addAll);
        return all;
    }
}
