package dev.sfautoscaler.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A FIFO queue in the plant: SQS serves a message group one message at a time, so the units a queue can keep
 * busy are its groups with work. Our policy given {@code targetWaitSeconds} reads the groups in flight and
 * runs a single-group queue on one unit, where a policy that sizes by the count alone idles the rest.
 */
class FifoQueueSimTest {

    /** One group, 0.3 messages a second of 2 s, and a burst of one a second that builds a backlog. */
    private static Scenario singleGroup(int initialCapacity) {
        return TestScenarios.parse("""
                {"sloWaitSeconds": 300, "durationSeconds": 2700, "seed": 23,
                 "arrivals": {"poisson": true, "segments": [{"seconds": 600, "rate": 0.3},
                              {"seconds": 240, "rate": 1.0}, {"seconds": 1860, "rate": 0.3}]},
                 "plant": {"processingSeconds": {"mean": 2, "distribution": "exponential"},
                           "initialCapacity": %d, "fifoGroups": 1},
                 "policy": {"minCapacity": 0, "maxCapacity": 20}}
                """.formatted(initialCapacity));
    }

    /** Unit-minutes in which a running unit had no message while messages waited (one-minute samples). */
    private static long idleWhileWaiting(RunResult r) {
        return r.series().stream().filter(x -> x.visible() > 0).mapToLong(x -> Math.max(0, x.running() - x.notVisible()))
                .sum();
    }

    @Test
    void aSingleGroupKeepsOneMessageInFlightHoweverManyUnitsRun() {
        Scenario s = singleGroup(4);
        RunResult r = Simulation.run(s, TestScenarios.spec("{\"kind\": \"original\", \"minCapacity\": 4}").create(s));

        assertTrue(r.series().stream().allMatch(x -> x.notVisible() <= 1), "more than one message of the group in flight");
        assertTrue(r.series().stream().anyMatch(x -> x.visible() > 20), "no backlog built up");
        assertEquals(r.arrived(), r.processed() + r.backlogAtEnd());
    }

    @Test
    void toldTheWaitOurPolicyRunsASingleGroupQueueWithNoIdleUnit() {
        Scenario s = singleGroup(1);
        RunResult ours = Simulation.run(s, TestScenarios.spec(
                "{\"kind\": \"ours\", \"sloTargetWait\": true, \"policy\": {\"backlogPerUnit\": 100}}").create(s));
        RunResult keda = Simulation.run(s, TestScenarios.spec("{\"kind\": \"keda\"}").create(s));

        // One probe of one unit when the backlog first calls for two: the next readings show it idle.
        assertTrue(ours.series().stream().allMatch(x -> x.fulfilled() <= 2), "the fleet grew past one probe");
        assertTrue(idleWhileWaiting(ours) <= 2, idleWhileWaiting(ours) + " idle unit-minutes");
        assertTrue(ours.meetsSlo(), ours.secondsOverSlo() + " s over the SLO");
        // Sizing by the count alone (KEDA's queueLength) adds units the group cannot use.
        assertTrue(idleWhileWaiting(keda) > 3 * Math.max(1, idleWhileWaiting(ours)),
                "keda " + idleWhileWaiting(keda) + " against ours " + idleWhileWaiting(ours));
    }

    @Test
    void theKeepAliveHoldsTheLastUnitWhileMessagesTrickleIn() {
        Scenario s = singleGroup(1);
        RunResult ours = Simulation.run(s, TestScenarios.spec(
                "{\"kind\": \"ours\", \"sloTargetWait\": true, \"policy\": {\"backlogPerUnit\": 100}}").create(s));

        // 0.3 messages a second: most one-minute readings find the queue empty, CloudWatch's deletions do not.
        assertTrue(ours.series().stream().filter(x -> x.second() >= 300).allMatch(x -> x.fulfilled() >= 1),
                "the fleet went to zero while messages came in");
    }
}
