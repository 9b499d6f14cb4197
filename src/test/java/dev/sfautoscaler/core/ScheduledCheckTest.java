package dev.sfautoscaler.core;

import static dev.sfautoscaler.core.Fixtures.decider;
import static dev.sfautoscaler.core.Fixtures.fleet;
import static dev.sfautoscaler.core.Fixtures.manual;
import static dev.sfautoscaler.core.Fixtures.policy;
import static dev.sfautoscaler.core.Fixtures.queue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfautoscaler.core.ScheduledCheck.Seen;
import dev.sfautoscaler.core.ScheduledCheck.Verdict;
import dev.sfautoscaler.core.error.FleetNotFound;
import dev.sfautoscaler.core.error.Throttled;
import dev.sfautoscaler.core.port.WorkflowStarter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The schedule's cheap path: which evaluations start the Standard workflow, and with what. */
class ScheduledCheckTest {

    static final String FLEET = "sfr-0123abcd-4567-89ef-0123-456789abcdef";

    /**
     * Records what would be started; a name already used finds the earlier execution. {@code running}: the
     * executions in flight by target; {@code listings}: how often they were read; {@code listingFails}: reading
     * them throws that.
     */
    static final class RecordingStarter implements WorkflowStarter {
        final List<String> names = new ArrayList<>();
        final List<String> inputs = new ArrayList<>();
        final Map<String, String> running = new HashMap<>();
        int listings;
        RuntimeException listingFails;

        @Override
        public Map<String, String> runningByTarget() {
            listings++;
            if (listingFails != null) {
                throw listingFails;
            }
            return Map.copyOf(running);
        }

        @Override
        public Started start(String executionName, String input) {
            boolean earlier = names.contains(executionName);
            if (!earlier) {
                names.add(executionName);
                inputs.add(input);
            }
            return new Started("arn:aws:states:us-east-1:123456789012:execution:sfautoscaler:" + executionName, earlier);
        }
    }

    private final RecordingStarter starter = new RecordingStarter();
    private final ScheduledCheck check = new ScheduledCheck(starter);

    private static Supplier<Seen> deciding(int target, long visible, boolean alertOpen) {
        return () -> new Seen(decider().decide(fleet(target), queue(visible, 0), manual(), policy().build()), alertOpen);
    }

    @Test
    void noChangeStartsNothingAndSaysWhatItDecided() {
        ScheduledCheck.Result r = check.run("schedule-e1", FLEET, check.inFlight(), deciding(3, 300, false), s -> "{}");

        assertEquals(Verdict.NO_CHANGE, r.summary().verdict());
        assertEquals(Optional.empty(), r.execution());
        assertTrue(starter.names.isEmpty(), "no execution");
        assertEquals("AT_DESIRED", r.summary().reasonCode());
        assertEquals(Optional.of(3), r.summary().currentTarget());
        assertEquals(Optional.of(3), r.summary().decidedTarget());
    }

    @Test
    void aChangeStartsOneExecutionWhoseInputCarriesTheSummary() {
        ScheduledCheck.Result r = check.run("schedule-e2", FLEET, check.inFlight(), deciding(3, 640, false),
                s -> "{\"check\": \"" + s.verdict().wireName() + " " + s.currentTarget().orElseThrow() + " -> "
                        + s.decidedTarget().orElseThrow() + "\"}");

        assertEquals(Verdict.CHANGE, r.summary().verdict());
        assertEquals(List.of("schedule-e2"), starter.names);
        assertEquals(List.of("{\"check\": \"change 3 -> 7\"}"), starter.inputs);
        assertEquals("BACKLOG_NEEDS_MORE", r.summary().reasonCode());
        assertTrue(r.summary().reason().contains("scale out 3 -> 7"), r.summary().reason());
    }

    /** A drain under way for {@code ageSeconds} when the check decides (no change), with a 900 s timeout. */
    private static Supplier<Seen> drainUnderWay(long ageSeconds) {
        return () -> {
            ScaleDecision d = decider().decide(fleet(3), queue(300, 0), manual(), policy().build());
            return new Seen(d, false, Optional.of(d.decidedAt().minusSeconds(ageSeconds)), 900);
        };
    }

    @Test
    void aDrainThatOutlivedItsTimeoutAndMarginStartsTheWorkflowWhichResumesIt() {
        long limit = 900 + ScheduledCheck.STALE_DRAIN_MARGIN_SECONDS;

        ScheduledCheck.Result young = check.run("schedule-d1", FLEET, check.inFlight(), drainUnderWay(limit), s -> "{}");
        ScheduledCheck.Result stale = check.run("schedule-d2", FLEET, check.inFlight(), drainUnderWay(limit + 1), s -> "{}");

        assertEquals(Verdict.NO_CHANGE, young.summary().verdict(), "its own execution may still be finishing it");
        assertEquals(Verdict.STALE_DRAIN, stale.summary().verdict());
        assertEquals(List.of("schedule-d2"), starter.names);
        assertTrue(stale.summary().reason().contains("its execution did not finish it"), stale.summary().reason());
    }

    @Test
    void anOpenFailureAlertStartsTheWorkflowForItsRecoveryNotice() {
        ScheduledCheck.Result r = check.run("schedule-e3", FLEET, check.inFlight(), deciding(3, 300, true), s -> "{}");

        assertEquals(Verdict.FAILURE_ALERT_OPEN, r.summary().verdict());
        assertEquals(List.of("schedule-e3"), starter.names);
    }

    @Test
    void aFailedReadStartsTheWorkflowWhichRetriesAndReports() {
        ScheduledCheck.Result r = check.run("schedule-e4", FLEET, check.inFlight(), () -> {
            throw new FleetNotFound("sfr-1", "InvalidSpotFleetRequestId.NotFound: gone");
        }, s -> "{}");

        assertEquals(Verdict.EVALUATION_FAILED, r.summary().verdict());
        assertEquals("FleetNotFound", r.summary().reasonCode());
        assertEquals(Optional.empty(), r.summary().currentTarget());
        assertEquals(List.of("schedule-e4"), starter.names);
    }

    @Test
    void aFaultThatIsNotOneOfOursAlsoStartsTheWorkflow() {
        ScheduledCheck.Result r = check.run("schedule-e5", FLEET, check.inFlight(), () -> {
            throw new IllegalStateException("unexpected");
        }, s -> "{}");

        assertEquals(Verdict.EVALUATION_FAILED, r.summary().verdict());
        assertEquals("IllegalStateException", r.summary().reasonCode());
        assertEquals(1, starter.names.size());
    }

    @Test
    void theSameEventTwiceStartsOneExecution() {
        ScheduledCheck.Result first = check.run(ScheduledCheck.executionName("e6", "req-1"), FLEET, check.inFlight(), deciding(3, 640, false),
                s -> "{}");
        ScheduledCheck.Result second = check.run(ScheduledCheck.executionName("e6", "req-2"), FLEET, check.inFlight(), deciding(3, 640, false),
                s -> "{}");

        assertEquals(1, starter.names.size());
        assertEquals(first.execution().orElseThrow().executionArn(), second.execution().orElseThrow().executionArn());
        assertTrue(second.execution().orElseThrow().earlier());
    }

    @Test
    void aFleetWithAnExecutionInFlightGetsNoSecondOneAndTheResultNamesIt() {
        String alarmRun = "arn:aws:states:us-east-1:123456789012:execution:sfautoscaler:3f1c2a9e-alarm";
        starter.running.put(FLEET, alarmRun);

        ScheduledCheck.Result r = check.run("schedule-e7", FLEET, check.inFlight(), deciding(3, 640, false), s -> "{}");

        assertEquals(Verdict.CHANGE, r.summary().verdict()); // what it decided, still said
        assertEquals(Optional.empty(), r.execution());
        assertEquals(Optional.of(alarmRun), r.inFlight());
        assertTrue(starter.names.isEmpty(), "no second execution");
    }

    @Test
    void anotherFleetsExecutionInFlightStopsNothing() {
        starter.running.put("sfr-other", "arn:aws:states:us-east-1:123456789012:execution:sfautoscaler:other");

        ScheduledCheck.Result r = check.run("schedule-e8", FLEET, check.inFlight(), deciding(3, 640, false), s -> "{}");

        assertTrue(r.execution().isPresent());
        assertEquals(Optional.empty(), r.inFlight());
    }

    @Test
    void theExecutionsInFlightAreReadOncePerInvocationAndOnlyWhenSomethingWouldStart() {
        ScheduledCheck.InFlight invocation = check.inFlight();

        check.run("schedule-e9-a", "sfr-a", invocation, deciding(3, 300, false), s -> "{}");
        check.run("schedule-e9-b", "sfr-b", invocation, deciding(3, 300, false), s -> "{}");
        assertEquals(0, starter.listings, "nothing to start: at rest a check costs no Step Functions call");

        check.run("schedule-e9-c", "sfr-c", invocation, deciding(3, 640, false), s -> "{}");
        check.run("schedule-e9-d", "sfr-d", invocation, deciding(3, 640, false), s -> "{}");
        assertEquals(1, starter.listings);
        assertEquals(2, starter.names.size());
    }

    @Test
    void executionsInFlightThatCannotBeReadStartTheExecutionWithAWarning() {
        starter.listingFails = new Throttled("Step Functions ListExecutions", "ThrottlingException", "Rate exceeded");

        ScheduledCheck.Result r = check.run("schedule-e10", FLEET, check.inFlight(), deciding(3, 640, false), s -> "{}");

        assertTrue(r.execution().isPresent(), "the change is not lost");
        assertTrue(r.warning().orElseThrow().contains("Throttled") && r.warning().get().contains("in flight"),
                r.warning().get());
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "7a1b2c3d-0000-4e5f-8a9b-0c1d2e3f4a5b, req, schedule-7a1b2c3d-0000-4e5f-8a9b-0c1d2e3f4a5b",
            "'',                                   req-9, schedule-req-9",
            "null,                                 req-9, schedule-req-9",
            "a:b/c d,                              req, schedule-a-b-c-d"})
    void theExecutionNameComesFromTheEventIdAndIsOneStepFunctionsAccepts(String eventId, String requestId,
            String name) {
        assertEquals(name, ScheduledCheck.executionName(eventId, requestId));
    }

    @Test
    void aLongIdIsCutToEightyCharacters() {
        String name = ScheduledCheck.executionName("x".repeat(200), "req");
        assertEquals(80, name.length());
        assertTrue(name.startsWith("schedule-xxx"));
    }
}
