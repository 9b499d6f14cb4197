package dev.sfautoscaler.core;

import static dev.sfautoscaler.core.DecisionAssert.assertMentions;
import static dev.sfautoscaler.core.Fixtures.FLEET_ID;
import static dev.sfautoscaler.core.Fixtures.NOW;
import static dev.sfautoscaler.core.Fixtures.QUEUE_URL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfautoscaler.core.error.AccessDenied;
import dev.sfautoscaler.core.error.AutoscalerException;
import dev.sfautoscaler.core.error.AwsCallFailed;
import dev.sfautoscaler.core.error.FleetNotFound;
import dev.sfautoscaler.core.error.InvalidInput;
import dev.sfautoscaler.core.error.QueueNotFound;
import dev.sfautoscaler.core.error.Throttled;
import dev.sfautoscaler.core.fakes.InMemoryFleetGateway;
import dev.sfautoscaler.core.fakes.InMemoryFleetGateway.Operation;
import dev.sfautoscaler.core.fakes.InMemoryQueueGauge;
import dev.sfautoscaler.core.fakes.SettableClock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CapacityReaderTest {

    private final InMemoryFleetGateway fleets = new InMemoryFleetGateway();
    private final InMemoryQueueGauge queues = new InMemoryQueueGauge();
    private final SettableClock clock = new SettableClock(NOW);
    private final CapacityReader reader = new CapacityReader(fleets, queues, clock);

    @BeforeEach
    void oneFleetOneQueue() {
        InMemoryFleetGateway.Fleet f = fleets.add(FLEET_ID, 7);
        f.fulfilledCapacity = 5;
        f.marker = new LastChange(NOW.minusSeconds(90), ScaleAction.SCALE_OUT, 3, 7, "evt-7f3a:1").toMarker();
        queues.put(new QueueSnapshot(QUEUE_URL, 600, 40, 5, NOW.minusSeconds(1)));
    }

    @Test
    void reads_the_fleet_with_its_last_change_and_the_queue() {
        CapacityReading r = reader.read(FLEET_ID, QUEUE_URL);

        assertEquals(7, r.fleet().targetCapacity());
        assertEquals(5.0, r.fleet().fulfilledCapacity());
        assertEquals(Optional.of(new LastChange(NOW.minusSeconds(90), ScaleAction.SCALE_OUT, 3, 7, "evt-7f3a:1")),
                r.fleet().lastChange());
        assertEquals(640, r.queue().orElseThrow().counted(false));
        assertEquals(Optional.empty(), r.queueProblem());
        assertEquals(NOW, r.readAt());
    }

    static Stream<Arguments> transientQueueErrors() {
        return Stream.of(
                Arguments.of(new Throttled("GetQueueAttributes", "RequestThrottled", "Rate exceeded"), "Throttled"),
                Arguments.of(new AwsCallFailed("GetQueueAttributes", "InternalError", "try again", true),
                        "AwsCallFailed"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("transientQueueErrors")
    void a_transient_queue_error_gives_a_reading_without_queue_data_that_says_why(AutoscalerException error,
            String name) {
        queues.failWith(QUEUE_URL, error);

        CapacityReading r = reader.read(FLEET_ID, QUEUE_URL);

        assertEquals(Optional.empty(), r.queue());
        assertMentions(r.queueProblem().orElseThrow(), name + ": ", error.getMessage());
        assertEquals(7, r.fleet().targetCapacity());
    }

    @Test
    void a_reading_without_queue_data_never_scales_in() {
        queues.failWith(QUEUE_URL, new Throttled("GetQueueAttributes", "RequestThrottled", "Rate exceeded"));
        CapacityReading r = reader.read(FLEET_ID, QUEUE_URL);

        ScaleDecision d = Fixtures.decider().decide(r.fleet(), r.queue(), Fixtures.manual(),
                Fixtures.policy().scaleInCooldownSeconds(0).build());

        assertEquals(ScaleAction.NONE, d.action());
        assertEquals(ReasonCode.NO_QUEUE_DATA, d.reasonCode());
    }

    static Stream<Arguments> configurationErrors() {
        return Stream.of(
                Arguments.of(new QueueNotFound(QUEUE_URL)),
                Arguments.of(new AccessDenied("GetQueueAttributes", "AccessDenied", "not authorized")),
                Arguments.of(new InvalidInput("queueUrl", "is not an SQS queue URL")),
                Arguments.of(new AwsCallFailed("GetQueueAttributes", "KMS.AccessDeniedException",
                        "the queue's KMS key does not allow this role", false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurationErrors")
    void a_configuration_error_on_the_queue_fails_the_read(AutoscalerException error) {
        queues.failWith(QUEUE_URL, error);

        AutoscalerException thrown = assertThrows(AutoscalerException.class, () -> reader.read(FLEET_ID, QUEUE_URL));

        assertSame(error, thrown);
    }

    @Test
    void a_fleet_error_fails_the_read() {
        assertThrows(FleetNotFound.class, () -> reader.read("sfr-0def1234abc567890", QUEUE_URL));

        Throttled throttled = new Throttled("DescribeSpotFleetRequests", "RequestLimitExceeded", "slow down");
        fleets.failNext(Operation.DESCRIBE, throttled);
        assertSame(throttled, assertThrows(Throttled.class, () -> reader.read(FLEET_ID, QUEUE_URL)));
    }

    @Test
    void bad_ids_are_refused_before_any_call() {
        assertEquals("fleetId", assertThrows(InvalidInput.class, () -> reader.read("fleet-1", QUEUE_URL)).field());
        assertEquals("queueUrl", assertThrows(InvalidInput.class, () -> reader.read(FLEET_ID, " ")).field());

        assertEquals(List.of(), fleets.calls());
        assertTrue(queues.reads().isEmpty());
    }

    @Test
    void reading_writes_nothing() {
        reader.read(FLEET_ID, QUEUE_URL);

        assertEquals(List.of(), fleets.writes());
    }

    @Test
    void only_a_policy_with_a_target_wait_asks_for_the_queues_cloudwatch_metrics() {
        List<String> asked = new java.util.ArrayList<>();
        QueueSnapshot counts = new QueueSnapshot(QUEUE_URL, 600, 40, 5, NOW.minusSeconds(1));
        dev.sfautoscaler.core.port.QueueGauge gauge = new dev.sfautoscaler.core.port.QueueGauge() {
            @Override
            public QueueSnapshot read(String queueUrl) {
                asked.add("counts");
                return counts;
            }

            @Override
            public QueueSnapshot readWithMetrics(String queueUrl) {
                asked.add("counts and metrics");
                return counts;
            }
        };
        CapacityReader withGauge = new CapacityReader(fleets, gauge, clock);
        Target target = Target.spotFleet(FLEET_ID);

        withGauge.read(target, QUEUE_URL, ScalingPolicy.builder().maxCapacity(10).build());
        withGauge.read(target, QUEUE_URL, ScalingPolicy.builder().maxCapacity(10).targetWaitSeconds(300L).build());

        assertEquals(List.of("counts", "counts and metrics"), asked);
    }

    @Test
    void an_estimate_that_cannot_be_stored_is_a_warning_of_the_reading_not_a_failure() {
        fleets.failNext(Operation.RECORD_ESTIMATE, new AccessDenied("EC2 CreateTags", "UnauthorizedOperation",
                "You are not authorized to perform this operation."));

        CapacityReading r = reader.read(Target.spotFleet(FLEET_ID), QUEUE_URL,
                ScalingPolicy.builder().maxCapacity(10).targetWaitSeconds(300L).build());

        assertTrue(r.estimate().isPresent());
        assertEquals(640, r.queue().orElseThrow().counted(false));
        assertMentions(String.join(" ", r.fleet().warnings()), "throughput estimate could not be stored on " + FLEET_ID,
                "AccessDenied");
    }
}
