package dev.sfautoscaler.statemachine;

import static dev.sfautoscaler.statemachine.WorkflowEmulator.alarmEvent;
import static dev.sfautoscaler.statemachine.WorkflowEmulator.scheduledEvent;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfautoscaler.core.LastChange;
import dev.sfautoscaler.statemachine.WorkflowEmulator.Notification;
import dev.sfautoscaler.testing.HandlerFunctions;
import dev.sfautoscaler.testing.InjectAws;
import dev.sfautoscaler.testkit.AutoscalerWorkflow;
import dev.sfautoscaler.testkit.AutoscalerWorkflow.Execution;
import dev.sfautoscaler.testkit.LambdaInvokeServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Two executions whose modifies run at the same moment, in the emulator's Step Functions with the
 * real handlers and the state table. One modify is held inside its critical section (its
 * ModifySpotFleetRequest has reached EC2, its answer is held back) while the other one runs. With
 * the fleet's lease the other one finds it taken ({@code FleetBusy}), is retried by the workflow
 * after the first has finished, and decides again against the fleet as it now is: one change, and
 * the marker describes the fleet's real target. (Without the lease both changes land and the
 * marker describes the one that did not stick.)
 */
@QuarkusTest
@TestProfile(WorkflowScenariosTest.Profile.class)
class WorkflowConcurrencyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RUN = Duration.ofSeconds(120);
    private static final String MODIFY = AutoscalerWorkflow.FUNCTION_PREFIX + "-modify";
    private static final String DECIDE = AutoscalerWorkflow.FUNCTION_PREFIX + "-decide";
    private static final String MARKER = "sfautoscaler:last-change";

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
    void twoModifiesAtTheSameMomentMakeOneChangeAndTheMarkerDescribesTheFleet() throws Exception {
        String queueName = "jobs-concurrent";
        String queueUrl = emulator.aws().createQueue(queueName);
        emulator.sendMessages(queueUrl, 640);
        String fleet = emulator.aws().createMaintainFleet(3);
        String alarm = queueName + "-backlog-high";
        emulator.createAlarm(alarm, queueName, "OK");
        // The alarm's execution wants 7 (100 messages per unit); the schedule's, with another policy, 4.
        ObjectNode byAlarm = input(fleet, queueUrl, alarm, 100);
        byAlarm.set("alarmEvent", alarmEvent("cloudwatch-alarm-scale-out-alarm.json", alarm));
        ObjectNode bySchedule = input(fleet, queueUrl, alarm, 160);
        bySchedule.set("scheduledEvent", scheduledEvent("sfautoscaler-concurrent-schedule"));

        CountDownLatch alarmModifyInFlight = new CountDownLatch(1);
        CountDownLatch scheduleModifyDone = new CountDownLatch(1);
        AtomicBoolean held = new AtomicBoolean();
        // The alarm's ModifySpotFleetRequest reaches EC2; its answer waits until the schedule's modify has run.
        emulator.proxy().rewrite("ModifySpotFleetRequest", body -> {
            if (held.compareAndSet(false, true)) {
                alarmModifyInFlight.countDown();
                await(scheduleModifyDone, "the schedule's modify");
            }
            return body;
        });
        // The schedule's execution decides against the fleet at 3, and hands its decision to modify only
        // once the alarm's modify is inside its critical section.
        LambdaInvokeServer.LambdaFunction decide = HandlerFunctions.function("decide", DECIDE);
        lambda.register(DECIDE, payload -> {
            String decision = decide.invoke(payload);
            if (payload.contains("Scheduled Event") && !held.get()) {
                await(alarmModifyInFlight, "the alarm's modify");
            }
            return decision;
        });
        LambdaInvokeServer.LambdaFunction modify = HandlerFunctions.function("modify", MODIFY);
        lambda.register(MODIFY, payload -> {
            boolean schedules = JSON.readTree(payload).path("decision").path("to").asInt() == 4;
            try {
                return modify.invoke(payload);
            } finally {
                if (schedules) {
                    scheduleModifyDone.countDown();
                }
            }
        });

        String alarmRun = emulator.workflow().start("concurrent-alarm", byAlarm.toString());
        String scheduleRun = emulator.workflow().start("concurrent-schedule", bySchedule.toString());
        Execution alarmExecution = emulator.workflow().await(alarmRun, RUN);
        Execution scheduleExecution = emulator.workflow().await(scheduleRun, RUN);

        assertThat(alarmExecution.summary(), alarmExecution.status(), is(ExecutionStatus.SUCCEEDED));
        assertThat(scheduleExecution.summary(), scheduleExecution.status(), is(ExecutionStatus.SUCCEEDED));
        // The schedule's modify ran while the alarm's held the lease: busy, then retried, then the fleet had moved.
        assertThat(scheduleExecution.functionErrorsIn("ModifyCapacity"), hasItem("dev.sfautoscaler.core.error.FleetBusy"));
        assertThat(scheduleExecution.states(), hasItem("CountRecheck")); // read again and decided again
        assertThat(emulator.proxy().count("ModifySpotFleetRequest"), is(1L));
        assertThat(emulator.aws().targetCapacity(fleet), is(7));
        LastChange marker = LastChange.fromMarker(emulator.aws().tag(fleet, MARKER).orElseThrow()).orElseThrow();
        assertThat(marker.to(), is(emulator.aws().targetCapacity(fleet)));
        assertThat(marker.from(), is(3));
        List<Notification> mails = emulator.awaitNotifications(1, RUN);
        assertThat(mails.size(), is(1));
        assertThat(mails.get(0).subject(), is(fleet + " scaled out 3 -> 7 (backlog 640)"));
        assertThat(emulator.aws().stateItem(WorkflowEmulatorResource.STATE_TABLE, "lease#" + fleet), is(Map.of()));
    }

    private static ObjectNode input(String fleet, String queueUrl, String alarm, int perUnit) {
        ObjectNode input = JSON.createObjectNode().put("fleetId", fleet).put("queueUrl", queueUrl);
        input.putObject("policy").put("mode", "target-tracking").put("minCapacity", 1).put("maxCapacity", 20)
                .put("backlogPerUnit", perUnit).put("scaleOutAlarmName", alarm)
                .put("scaleInAlarmName", alarm.replace("-high", "-low")).put("scaleInCooldownSeconds", 600);
        input.putObject("workflow").put("settleSeconds", 1);
        return input;
    }

    private static void await(CountDownLatch latch, String what) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + what, e);
        }
    }
}
