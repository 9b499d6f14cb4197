package dev.sfautoscaler.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfautoscaler.testkit.AutoscalerWorkflow;
import dev.sfautoscaler.testkit.AutoscalerWorkflow.Execution;
import dev.sfautoscaler.testkit.CloudWatchQuery;
import dev.sfautoscaler.testkit.EventFixtures;
import dev.sfautoscaler.testkit.LambdaInvokeServer;
import dev.sfautoscaler.testkit.LambdaInvokeServer.FunctionError;
import dev.sfautoscaler.testkit.MotoServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * Binds the bill's model of an execution ({@link ExecutionPaths}) to the real state machine: each
 * path runs {@code statemachine/autoscaler.asl.json}, rendered as Terraform renders it, in the
 * emulator's Step Functions (moto runs the definition), its Lambda tasks answered by stand-ins that
 * return the documented outputs ({@code src/test/resources/bill/}). The execution's history must
 * show the model's billed transitions (every state entered, and every task attempt a Retry repeated:
 * Step Functions bills "each time a step of your workflow is executed ... including retries"),
 * and the functions must have been invoked as often as the model says. When the definition changes,
 * this test says the bill is stale.
 */
class ControlLoopBillIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RUN = Duration.ofSeconds(90);
    private static final String PREFIX = AutoscalerWorkflow.FUNCTION_PREFIX + "-";
    private static final String ALARM = "sfautoscaler-jobs-backlog-high";
    /** A CloudWatch log record's fields around the payload: id, type, name, ids, timestamp, execution ARN. */
    private static final int LOG_RECORD_ENVELOPE_BYTES = 280;

    private static LambdaInvokeServer lambda;
    private static MotoServer moto;
    private static AutoscalerWorkflow workflow;

    /** How decide answers, in order; the last answer repeats. */
    private final List<Boolean> changes = new ArrayList<>();
    private final AtomicInteger decided = new AtomicInteger();
    /** How many modify attempts EC2 answers with FleetBusy before one succeeds. */
    private final AtomicInteger busy = new AtomicInteger();
    private volatile String readError;

    @BeforeAll
    static void startTheEmulator() {
        lambda = LambdaInvokeServer.start(null);
        moto = MotoServer.start(Map.of("MOTO_PORT", Integer.toString(lambda.port())));
        lambda.forwardTo(moto.endpoint());
        moto.post("/moto-api/config", "{\"stepfunctions\": {\"execute_state_machine\": true}}");
        workflow = AutoscalerWorkflow.deploy(moto.endpoint(), MotoServer.REGION, MotoServer.ACCOUNT);
        Map<String, String> alarm = new LinkedHashMap<>();
        alarm.put("AlarmName", ALARM);
        alarm.put("Namespace", "AWS/SQS");
        alarm.put("MetricName", "ApproximateNumberOfMessagesVisible");
        alarm.put("Dimensions.member.1.Name", "QueueName");
        alarm.put("Dimensions.member.1.Value", "jobs");
        alarm.put("Statistic", "Maximum");
        alarm.put("Period", "60");
        alarm.put("EvaluationPeriods", "1");
        alarm.put("Threshold", "100");
        alarm.put("ComparisonOperator", "GreaterThanThreshold");
        CloudWatchQuery.call(moto.endpoint(), "PutMetricAlarm", alarm);
    }

    @AfterAll
    static void stopTheEmulator() {
        if (workflow != null) {
            workflow.close();
        }
        if (moto != null) {
            moto.close();
        }
        if (lambda != null) {
            lambda.close();
        }
    }

    @BeforeEach
    void answerTheTasks() {
        lambda.register(PREFIX + "read-capacity", payload -> {
            if (readError != null) {
                throw new FunctionError(readError, "fleet sfr-5e1f0000-0000-4000-8000-000000000001 does not exist");
            }
            return resource("read-capacity.json");
        });
        lambda.register(PREFIX + "decide", payload -> {
            int n = decided.getAndIncrement();
            boolean change = changes.get(Math.min(n, changes.size() - 1));
            ObjectNode d = (ObjectNode) JSON.readTree(resource("decision.json"));
            if (!change) {
                d.put("action", "none").put("to", 3).put("change", false).put("reasonCode", "AT_DESIRED")
                        .put("reason", "A backlog of 250 messages needs 3 units at 100 messages per unit; the "
                                + "fleet already asks for 3.");
            }
            return d.toString();
        });
        lambda.register(PREFIX + "modify", payload -> {
            if (busy.getAndDecrement() > 0) {
                throw new FunctionError("dev.sfautoscaler.core.error.FleetBusy", "fleet "
                        + "sfr-5e1f0000-0000-4000-8000-000000000001 is in state 'modifying'; retry after the "
                        + "current modification finishes");
            }
            return resource("modify.json");
        });
        lambda.register(PREFIX + "notify", payload -> resource("notify.json"));
        lambda.clearInvocations();
    }

    @Test
    void anExecutionThatFindsNothingToDo() {
        // Manual (or, before check, the schedule's every minute); a schedule's check that finds nothing
        // starts no execution (CHECK_NO_CHANGE, bound by CheckScenariosTest in the functions' tests).
        changes.add(false);
        check(ExecutionPaths.NO_CHANGE, run(scheduled()));
    }

    @Test
    void aScheduledExecutionThatChangesTheFleetOnce() {
        changes.add(true);
        check(ExecutionPaths.ONE_CHANGE, run(scheduled()));
    }

    @Test
    void aRetryIsBilledAsOneMoreTransition() {
        changes.add(true);
        busy.set(1);
        check(ExecutionPaths.ONE_CHANGE_BUSY_ONCE, run(scheduled()));
    }

    @Test
    void anAlarmExecutionThatWaitsAndFindsTheAlarmCleared() {
        changes.add(true);
        setAlarm("OK");
        check(ExecutionPaths.ALARM_CLEARED, run(alarmStarted(2)));
    }

    @Test
    void anAlarmExecutionThatGoesRoundTwice() {
        changes.add(true);
        setAlarm("ALARM");
        check(ExecutionPaths.TWO_ROUNDS, run(alarmStarted(2)));
    }

    @Test
    void aFailedReadIsNotifiedAndFails() {
        readError = "dev.sfautoscaler.core.error.FleetNotFound";
        check(ExecutionPaths.READ_FAILS, run(scheduled()));
    }

    // ---------------------------------------------------------------------------------------------

    private void check(ExecutionPaths.Path path, Execution run) {
        String where = path.name() + ": " + run.summary();
        assertEquals(path.states(), run.states(), where + " (the states entered)");
        assertEquals(path.billedTransitions(), billedTransitions(run.events()),
                where + " (billed transitions: states entered + retries)");
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("read-capacity", path.readCapacity());
        expected.put("decide", path.decide());
        expected.put("modify", path.modify());
        expected.put("notify", path.notifyCalls());
        Map<String, Integer> invoked = new LinkedHashMap<>();
        for (String f : expected.keySet()) {
            invoked.put(f, lambda.invocations(PREFIX + f));
        }
        assertEquals(expected, invoked, where + " (Lambda invocations)");
        assertEquals(path.alarmChecks(), (int) run.states().stream().filter("CheckAlarm"::equals).count(), where);

        long bytes = logBytes(run.events());
        double model = ControlLoopBill.stateMachineLogBytes(path.usage());
        System.out.printf(Locale.ROOT, "ControlLoopBillIT %-48s %3d states, %3d events, %7d log bytes (model %7.0f)%n",
                path.name(), run.states().size(), run.events().size(), bytes, model);
        assertTrue(Math.abs(bytes - model) <= 0.35 * model, where + ": the state machine's log measures "
                + bytes + " bytes, the bill assumes " + Math.round(model));
    }

    /** States entered, plus each task attempt after the first within one entry of its state. */
    static long billedTransitions(List<HistoryEvent> events) {
        long entered = 0;
        long retries = 0;
        int attempts = 0;
        for (HistoryEvent e : events) {
            if (e.stateEnteredEventDetails() != null) {
                entered++;
                retries += Math.max(0, attempts - 1);
                attempts = 0;
            } else if (e.type() == HistoryEventType.LAMBDA_FUNCTION_SCHEDULED
                    || e.type() == HistoryEventType.TASK_SCHEDULED) {
                attempts++;
            }
        }
        return entered + retries + Math.max(0, attempts - 1);
    }

    /**
     * What the state machine's CloudWatch log (level ALL, execution data included) receives for these
     * events: one record per event, its envelope plus the JSON-escaped input, output or parameters.
     */
    static long logBytes(List<HistoryEvent> events) {
        long bytes = 0;
        for (HistoryEvent e : events) {
            bytes += LOG_RECORD_ENVELOPE_BYTES;
            List<String> payloads = new ArrayList<>();
            if (e.executionStartedEventDetails() != null) {
                payloads.add(e.executionStartedEventDetails().input());
            }
            if (e.executionSucceededEventDetails() != null) {
                payloads.add(e.executionSucceededEventDetails().output());
            }
            if (e.executionFailedEventDetails() != null) {
                payloads.add(e.executionFailedEventDetails().cause());
            }
            if (e.stateEnteredEventDetails() != null) {
                payloads.add(e.stateEnteredEventDetails().input());
            }
            if (e.stateExitedEventDetails() != null) {
                payloads.add(e.stateExitedEventDetails().output());
            }
            if (e.lambdaFunctionScheduledEventDetails() != null) {
                payloads.add(e.lambdaFunctionScheduledEventDetails().input());
            }
            if (e.lambdaFunctionSucceededEventDetails() != null) {
                payloads.add(e.lambdaFunctionSucceededEventDetails().output());
            }
            if (e.lambdaFunctionFailedEventDetails() != null) {
                payloads.add(e.lambdaFunctionFailedEventDetails().cause());
            }
            if (e.taskScheduledEventDetails() != null) {
                payloads.add(e.taskScheduledEventDetails().parameters());
            }
            if (e.taskSucceededEventDetails() != null) {
                payloads.add(e.taskSucceededEventDetails().output());
            }
            for (String p : payloads) {
                bytes += escaped(p);
            }
        }
        return bytes;
    }

    private static long escaped(String s) {
        if (s == null) {
            return 0;
        }
        try {
            return JSON.writeValueAsString(s).getBytes(StandardCharsets.UTF_8).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Execution run(ObjectNode input) {
        return workflow.run("bill", input.toString(), RUN);
    }

    /** A scheduled execution as the check function starts it: the schedule's input and what check saw. */
    private static ObjectNode scheduled() {
        ObjectNode input = input();
        ObjectNode event = EventFixtures.object("scheduled-event.json");
        event.put("id", UUID.randomUUID().toString());
        input.set("scheduledEvent", event);
        input.putObject("check").put("verdict", "change").put("reasonCode", "BACKLOG_NEEDS_MORE")
                .put("currentTarget", 3).put("decidedTarget", 7)
                .put("reason", "A backlog of 640 messages (640 visible, 0 in flight) needs 7 units at 100 messages "
                        + "per unit; the fleet asks for 3, so scale out 3 -> 7.");
        return input;
    }

    private static ObjectNode alarmStarted(int maxRounds) {
        ObjectNode input = input();
        ObjectNode event = EventFixtures.object("cloudwatch-alarm-scale-out-alarm.json");
        event.put("id", UUID.randomUUID().toString());
        ((ObjectNode) event.path("detail")).put("alarmName", ALARM);
        input.set("alarmEvent", event);
        ((ObjectNode) input.path("workflow")).put("settleSeconds", 1).put("maxRounds", maxRounds);
        return input;
    }

    private static ObjectNode input() {
        try {
            return (ObjectNode) JSON.readTree(resource("execution-input.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void setAlarm(String state) {
        CloudWatchQuery.call(moto.endpoint(), "SetAlarmState",
                Map.of("AlarmName", ALARM, "StateValue", state, "StateReason", "set by the test"));
    }

    private static String resource(String name) {
        try (InputStream in = ControlLoopBillIT.class.getResourceAsStream("/bill/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource bill/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
