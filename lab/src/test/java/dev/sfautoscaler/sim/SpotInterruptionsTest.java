package dev.sfautoscaler.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfautoscaler.core.ExcessCapacityTerminationPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Spot interrupts the fleet at the scenario's rate per instance-hour, and which instances a policy let go does
 * not change when: a drain keeps other instances than a terminating scale-in, and the two must still meet the
 * same interruptions (they met 2 against 8 on spot-storm when each instance drew its own).
 */
class SpotInterruptionsTest {

    /** Two hours, ten instances, no interruptions in the first hour and a storm of 6 per instance-hour in the second. */
    private static final Scenario STORM = TestScenarios.parse("""
            {"name": "storm", "seed": 5, "sloWaitSeconds": 300, "durationSeconds": 7200,
             "arrivals": {"segments": [{"seconds": 7200, "rate": 1}]},
             "plant": {"processingSeconds": 1, "initialCapacity": 10,
                       "interruptions": {"perInstanceHour": 0,
                                         "storms": [{"startSecond": 3600, "endSecond": 7200, "perInstanceHour": 6}]}},
             "policy": {"minCapacity": 1, "maxCapacity": 10}}
            """);

    private record Run(RunStats stats, Plant plant) {
    }

    /** Ten instances; at minute 10 five leave, the five oldest ({@code oldestLeave}) or the five newest. */
    private static Run run(boolean oldestLeave) {
        EventLoop loop = new EventLoop();
        RunStats stats = new RunStats();
        Plant plant = new Plant(loop, STORM, stats);
        plant.start(10);
        loop.at(600_000, () -> {
            if (oldestLeave) {
                List<Plant.Instance> oldest = plant.listedInstances().subList(0, 5);
                plant.drain(oldest);
                assertTrue(plant.lowerTarget(5));
                plant.terminate(List.copyOf(oldest));
            } else {
                assertTrue(plant.modify(5, ExcessCapacityTerminationPolicy.DEFAULT), "terminates the newest five");
            }
        });
        loop.runUntil(7_200_000);
        return new Run(stats, plant);
    }

    @Test
    void fleetsOfTheSameSizeMeetTheSameInterruptionsWhicheverInstancesTheyKept() {
        Run drained = run(true);
        Run terminated = run(false);
        assertEquals(5, drained.plant().fulfilledCapacity());
        assertEquals(5, terminated.plant().fulfilledCapacity());
        assertEquals(terminated.stats().interruptions, drained.stats().interruptions);
        // 6 per instance-hour, 5 instances, one hour: 30 expected (Poisson, standard deviation 5.5).
        int n = drained.stats().interruptions;
        assertTrue(n >= 15 && n <= 48 , n + " interruptions, 30 expected");
    }
}
