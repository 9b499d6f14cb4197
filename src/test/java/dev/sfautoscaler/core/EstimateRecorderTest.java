package dev.sfautoscaler.core;

import static dev.sfautoscaler.core.Fixtures.FLEET_ID;
import static dev.sfautoscaler.core.Fixtures.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfautoscaler.core.error.AccessDenied;
import dev.sfautoscaler.core.port.FleetGateway;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** When the estimate is written on the target: what it costs in writes, and that a failed write fails nothing. */
class EstimateRecorderTest {

    static final Target TARGET = Target.spotFleet(FLEET_ID);

    /** A gateway that keeps what it was asked to store, or refuses. */
    static final class Store implements FleetGateway {
        final List<ThroughputEstimate> written = new ArrayList<>();
        boolean denied;

        @Override
        public FleetSnapshot describe(Target target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void modify(ModifyCommand command) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void recordChange(Target target, LastChange change) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void recordEstimate(Target target, ThroughputEstimate estimate) {
            if (denied) {
                throw new AccessDenied("EC2 CreateTags", "UnauthorizedOperation", "not authorized to perform ec2:CreateTags");
            }
            written.add(estimate);
        }
    }

    static ThroughputEstimate estimate(int observations, Instant readAt) {
        return new ThroughputEstimate(0.05, observations, NOW, 120, readAt, 4);
    }

    @ParameterizedTest(name = "stored {0} observations read {1} s earlier, now {2}: write {3}")
    @CsvSource({
            "3, 60, 4, true",     // it learnt something
            "3, 60, 3, false",    // nothing learnt, the stored reading is recent
            "3, 299, 3, false",
            "3, 300, 3, true",    // nothing learnt, but the stored reading is five minutes old
    })
    void writesWhenItLearntOrEveryFiveMinutes(int stored, long secondsEarlier, int now, boolean written) {
        Store store = new Store();

        new EstimateRecorder(store).record(TARGET, Optional.of(estimate(stored, NOW.minusSeconds(secondsEarlier))),
                estimate(now, NOW));

        assertEquals(written ? 1 : 0, store.written.size());
    }

    @Test
    void theFirstEstimateIsWrittenAndTheSameOneIsNotWrittenAgain() {
        Store store = new Store();
        EstimateRecorder recorder = new EstimateRecorder(store);

        recorder.record(TARGET, Optional.empty(), estimate(0, NOW));
        recorder.record(TARGET, Optional.of(estimate(0, NOW.minusSeconds(600))), estimate(0, NOW.minusSeconds(600)));

        assertEquals(List.of(estimate(0, NOW)), store.written);
    }

    @Test
    void aRefusedWriteIsReportedNotThrown() {
        Store store = new Store();
        store.denied = true;

        Optional<String> problem = new EstimateRecorder(store).record(TARGET, Optional.empty(), estimate(1, NOW));

        assertTrue(problem.orElseThrow().contains("AccessDenied"), problem.get());
        assertTrue(problem.get().contains(FLEET_ID), problem.get());
    }
}
