package dev.sfautoscaler.statemachine;

import static dev.sfautoscaler.statemachine.WorkflowEmulator.scheduledEvent;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfautoscaler.testing.HandlerFunctions;
import dev.sfautoscaler.testing.InjectAws;
import dev.sfautoscaler.testkit.AutoscalerWorkflow;
import dev.sfautoscaler.testkit.AutoscalerWorkflow.Execution;
import dev.sfautoscaler.testkit.LambdaInvokeServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The schedule's cheap path, as the schedule rule invokes it: the {@code check} function gets the
 * scheduled execution input, reads and decides, and starts the Standard state machine (moto's,
 * running the real definition with the real handlers) only when there is something to do there.
 */
@QuarkusTest
@TestProfile(WorkflowScenariosTest.Profile.class)
class CheckScenariosTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RUN = Duration.ofSeconds(90);
    private static final String CHECK = AutoscalerWorkflow.FUNCTION_PREFIX + "-check";
    private static final String MODIFY = AutoscalerWorkflow.FUNCTION_PREFIX + "-modify";
    private static final String READ_CAPACITY = AutoscalerWorkflow.FUNCTION_PREFIX + "-read-capacity";

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
    void nothingToChangeStartsNoExecutionAndSendsNothing() throws Exception {
        ObjectNode event = scheduledEvent("sfautoscaler-check-idle-schedule");
        ObjectNode input = input("check-idle", 3, 30, 10, event);

        JsonNode out = check(input);

        assertThat(out.toString(), out.path("check").path("verdict").asText(), is("no-change"));
        assertThat(out.path("check").path("reasonCode").asText(), is("AT_DESIRED"));
        assertThat(out.path("check").path("currentTarget").asInt(), is(3));
        assertThat(out.has("execution"), is(false));
        assertThat(executionsFor(event), is(empty()));
        assertThat(lambda.invocations(MODIFY), is(0));
        assertThat(emulator.notifications(), is(empty()));
    }

    @Test
    void aChangeStartsOneStandardExecutionThatCarriesTheCheckAndScales() throws Exception {
        ObjectNode event = scheduledEvent("sfautoscaler-check-busy-schedule");
        ObjectNode input = input("check-busy", 3, 640, 100, event);
        String fleet = input.path("fleetId").asText();

        JsonNode out = check(input);

        assertThat(out.toString(), out.path("check").path("verdict").asText(), is("change"));
        List<ExecutionListItem> started = executionsFor(event);
        assertThat(started, hasSize(1));
        assertThat(out.path("execution").asText(), is(started.get(0).executionArn()));
        Execution run = emulator.workflow().await(started.get(0).executionArn(), RUN);
        assertThat(run.summary(), run.status(), is(ExecutionStatus.SUCCEEDED));
        JsonNode executionInput = JSON.readTree(emulator.workflow().sfn()
                .describeExecution(r -> r.executionArn(run.arn())).input());
        JsonNode seen = executionInput.path("check");
        assertThat(seen.path("verdict").asText(), is("change"));
        assertThat(seen.path("reasonCode").asText(), is("BACKLOG_NEEDS_MORE"));
        assertThat(seen.path("currentTarget").asInt(), is(3));
        assertThat(seen.path("decidedTarget").asInt(), is(7));
        assertThat(seen.path("reason").asText(), containsString("3 -> 7"));
        assertThat(emulator.aws().targetCapacity(fleet), is(7));
        assertThat(emulator.awaitNotifications(1, RUN).get(0).subject(), is(fleet + " scaled out 3 -> 7 (backlog 640)"));
    }

    @Test
    void aFailedReadStartsOneExecutionWhichReportsTheFailure() throws Exception {
        ObjectNode event = scheduledEvent("sfautoscaler-check-denied-schedule");
        ObjectNode input = input("check-denied", 3, 30, 10, event);
        String fleet = input.path("fleetId").asText();
        emulator.proxy().fail("DescribeSpotFleetRequests", 403, "UnauthorizedOperation", "not authorized");

        JsonNode out = check(input);

        assertThat(out.toString(), out.path("check").path("verdict").asText(), is("evaluation-failed"));
        assertThat(out.path("check").path("reasonCode").asText(), is("AccessDenied"));
        List<ExecutionListItem> started = executionsFor(event);
        assertThat(started, hasSize(1));
        Execution run = emulator.workflow().await(started.get(0).executionArn(), RUN);
        assertThat(run.summary(), run.status(), is(ExecutionStatus.FAILED));
        assertThat(emulator.awaitNotifications(1, RUN).get(0).subject(), is(fleet + " scaling failed: AccessDenied"));
    }

    @Test
    void theSameEventDeliveredTwiceStartsOneExecution() throws Exception {
        // A dry run changes nothing, so the second delivery decides the same change again.
        ObjectNode event = scheduledEvent("sfautoscaler-check-twice-schedule");
        ObjectNode input = input("check-twice", 3, 640, 100, event);
        input.put("dryRun", true);

        JsonNode first = check(input);
        JsonNode second = check(input);

        assertThat(executionsFor(event), hasSize(1));
        // Still running: in flight, so not started again; finished: found under the same name.
        String seen = second.has("inFlight") ? second.path("inFlight").asText() : second.path("execution").asText();
        assertThat(second.toString(), seen, is(first.path("execution").asText()));
        emulator.workflow().await(first.path("execution").asText(), RUN);
    }

    @Test
    void aFleetWithAnExecutionInFlightGetsNoSecondOne() throws Exception {
        ObjectNode event = scheduledEvent("sfautoscaler-check-inflight-schedule");
        ObjectNode input = input("check-inflight", 3, 640, 100, event);
        String fleet = input.path("fleetId").asText();
        // Started as EventBridge starts one for an alarm: a generated name, the fleet in its input. Its
        // first task waits until check has run, so it is in flight then.
        CountDownLatch checked = new CountDownLatch(1);
        LambdaInvokeServer.LambdaFunction read = HandlerFunctions.function("read-capacity", READ_CAPACITY);
        lambda.register(READ_CAPACITY, payload -> {
            checked.await(RUN.toSeconds(), TimeUnit.SECONDS);
            return read.invoke(payload);
        });
        String alarmRun = emulator.workflow().sfn().startExecution(r -> r.stateMachineArn(
                emulator.workflow().stateMachineArn()).name(UUID.randomUUID().toString())
                .input(input.deepCopy().without("scheduledEvent").toString())).executionArn();
        JsonNode out;
        try {
            out = check(input);
        } finally {
            checked.countDown();
        }

        assertThat(out.toString(), out.path("check").path("verdict").asText(), is("change")); // what it saw, still said
        assertThat(out.path("skipped").asText(), is("execution " + alarmRun + " in flight"));
        assertThat(out.has("execution"), is(false));
        assertThat(executionsFor(event), is(empty()));
        Execution run = emulator.workflow().await(alarmRun, RUN);
        assertThat(run.summary(), run.status(), is(ExecutionStatus.SUCCEEDED));
        assertThat(emulator.aws().targetCapacity(fleet), is(7)); // scaled once, by the execution in flight
        assertThat(lambda.invocations(MODIFY), is(1));
    }

    @Test
    void aScheduleOfManyFleetsReadsThemTogether() throws Exception {
        ObjectNode event = scheduledEvent("sfautoscaler-check-many-schedule");
        ObjectNode list = list(event, input("check-many-a", 3, 30, 10, event), input("check-many-b", 1, 10, 10, event),
                input("check-many-c", 4, 35, 10, event));
        long describes = emulator.proxy().count("DescribeSpotFleetRequests");
        long tagReads = emulator.proxy().count("DescribeTags");

        JsonNode out = check(list);

        assertThat(out.toString(), out.path("fleets").size(), is(3));
        assertThat(out.path("started").asInt(), is(0));
        for (JsonNode fleet : out.path("fleets")) {
            assertThat(fleet.toString(), fleet.path("check").path("verdict").asText(), is("no-change"));
        }
        assertThat(emulator.proxy().count("DescribeSpotFleetRequests") - describes, is(1L));
        assertThat(emulator.proxy().count("DescribeTags") - tagReads, is(1L));
    }

    @Test
    void aListOfEveryKindReadsEachKindTogether() throws Exception {
        ObjectNode event = scheduledEvent("sfautoscaler-check-kinds-schedule");
        ObjectNode group = input("check-kinds-group", 3, 40, 10, event).without("fleetId");
        group.putObject("target").put("kind", "auto-scaling-group")
                .put("id", emulator.aws().createWeightedGroup("check-kinds-group", 4, 0, 20));
        ObjectNode fleet = input("check-kinds-fleet", 3, 50, 10, event).without("fleetId");
        fleet.putObject("target").put("kind", "ec2-fleet").put("id", emulator.aws().createWeightedEc2Fleet(5));
        long groupReads = emulator.proxy().count("DescribeAutoScalingGroups");
        long fleetReads = emulator.proxy().count("DescribeFleets");

        JsonNode out = check(list(event, group, fleet, input("check-kinds-spot", 3, 30, 10, event)));

        for (JsonNode checked : out.path("fleets")) {
            assertThat(checked.toString(), checked.path("check").path("verdict").asText(), is("no-change"));
        }
        assertThat(out.path("fleets").get(0).path("check").path("currentTarget").asInt(), is(4));
        assertThat(out.path("fleets").get(1).path("check").path("currentTarget").asInt(), is(5));
        assertThat(emulator.proxy().count("DescribeAutoScalingGroups") - groupReads, is(1L));
        assertThat(emulator.proxy().count("DescribeFleets") - fleetReads, is(1L));
    }

    @Test
    void oneFleetOfTheListThatCannotBeReadStopsNoOther() throws Exception {
        ObjectNode event = scheduledEvent("sfautoscaler-check-mixed-schedule");
        ObjectNode busy = input("check-mixed-busy", 3, 640, 100, event);
        ObjectNode gone = input("check-mixed-gone", 3, 30, 10, event).put("fleetId", "sfr-00000000-0000-4000-8000-00000000dead");
        ObjectNode idle = input("check-mixed-idle", 3, 30, 10, event);

        JsonNode out = check(list(event, busy, gone, idle));

        assertThat(out.toString(), out.path("fleets").get(0).path("check").path("verdict").asText(), is("change"));
        assertThat(out.path("fleets").get(1).path("check").path("verdict").asText(), is("evaluation-failed"));
        assertThat(out.path("fleets").get(2).path("check").path("verdict").asText(), is("no-change"));
        assertThat(out.path("started").asInt(), is(2));
        String busyFleet = busy.path("fleetId").asText();
        Execution scaled = emulator.workflow().await(out.path("fleets").get(0).path("execution").asText(), RUN);
        assertThat(scaled.summary(), scaled.status(), is(ExecutionStatus.SUCCEEDED));
        assertThat(emulator.aws().targetCapacity(busyFleet), is(7));
        Execution failed = emulator.workflow().await(out.path("fleets").get(1).path("execution").asText(), RUN);
        assertThat(failed.summary(), failed.status(), is(ExecutionStatus.FAILED));
        assertThat(emulator.aws().targetCapacity(idle.path("fleetId").asText()), is(3));
    }

    // ---- helpers

    /** The schedule's list form: each fleet's input without the event, and the event once. */
    private static ObjectNode list(ObjectNode event, ObjectNode... fleets) {
        ObjectNode list = JSON.createObjectNode();
        for (ObjectNode fleet : fleets) {
            list.withArray("fleets").add(fleet.deepCopy().without("scheduledEvent"));
        }
        list.set("scheduledEvent", event);
        return list;
    }

    /** A fleet of {@code capacity}, a queue holding {@code backlog}, and the schedule's execution input for them. */
    private ObjectNode input(String scenario, int capacity, int backlog, int perUnit, ObjectNode event) {
        String queueUrl = emulator.aws().createQueue("jobs-" + scenario);
        emulator.sendMessages(queueUrl, backlog);
        ObjectNode input = JSON.createObjectNode().put("fleetId", emulator.aws().createMaintainFleet(capacity))
                .put("queueUrl", queueUrl);
        input.putObject("policy").put("minCapacity", 1).put("maxCapacity", 20).put("backlogPerUnit", perUnit);
        input.putObject("workflow");
        input.set("scheduledEvent", event);
        return input;
    }

    /** Invokes check as EventBridge does (the payload as JSON), returns its output. */
    private JsonNode check(ObjectNode input) throws Exception {
        return JSON.readTree(HandlerFunctions.function("check", CHECK).invoke(input.toString()));
    }

    /** The executions check named after this event. */
    private List<ExecutionListItem> executionsFor(ObjectNode event) {
        String name = "schedule-" + event.path("id").asText();
        return emulator.workflow().sfn().listExecutionsPaginator(r -> r.stateMachineArn(
                emulator.workflow().stateMachineArn())).executions().stream()
                .filter(e -> e.name().equals(name)).toList();
    }
}
