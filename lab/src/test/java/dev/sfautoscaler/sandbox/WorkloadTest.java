package dev.sfautoscaler.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfautoscaler.sim.Scenario;
import dev.sfautoscaler.sim.ScenarioLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A scenario too heavy for the emulator's queue is batched without changing the capacity it needs. */
class WorkloadTest {

    @Test
    void theSandboxScenarioIsSentAsItIs() {
        Scenario s = ScenarioLoader.load(Path.of("scenarios/sandbox/surge.json"));
        Workload w = new Workload(s, "surge.json", 60);
        assertEquals(1, w.jobsPerMessage());
        long sent = 0;
        for (long t = 0; t < s.durationSeconds(); t++) {
            sent += w.at(t);
            assertEquals(s.arrivals().at(t), w.at(t));
        }
        assertEquals(s.arrivals().total(), sent);
        assertEquals(s.policy(), w.policy());
    }

    @Test
    void aHeavyScenarioIsBatchedAndItsPolicyAndProcessingScaledToMatch() {
        Scenario s = ScenarioLoader.load(Path.of("scenarios/bench/step-surge.json"));
        Workload w = new Workload(s, "step-surge.json", 15);
        long k = w.jobsPerMessage();
        assertTrue(k > 1, "step-surge sends about 30 messages a simulated second");
        double peakRealPerSecond = w.peakPerMinute() / 60.0 * 15 / k;
        assertTrue(peakRealPerSecond <= Workload.REAL_MESSAGES_PER_SECOND, "peak " + peakRealPerSecond);
        assertEquals(s.plant().processing().meanSeconds() * k, w.processing().meanSeconds(), 1e-9);
        assertEquals(Math.max(1, Math.round(s.policy().backlogPerUnit() / (double) k)), w.policy().backlogPerUnit());
        long jobs = 0;
        for (long t = 0; t < s.durationSeconds(); t++) {
            jobs += w.at(t) * k;
        }
        assertTrue(Math.abs(jobs - s.arrivals().total()) <= k, jobs + " vs " + s.arrivals().total());
        assertEquals(s.plant().visibilityTimeoutSeconds() * k, w.visibilityTimeoutSeconds(s), 1e-9);
    }

    @Test
    void aScenarioTooHeavyForTheEmulatorAtThisSpeedSaysWhichSpeedWouldDo() {
        Scenario s = ScenarioLoader.load(Path.of("scenarios/bench/step-surge.json"));
        SandboxException e = assertThrows(SandboxException.class, () -> new Workload(s, "step-surge.json", 60));
        assertTrue(e.getMessage().startsWith("step-surge.json sends up to "), e.getMessage());
        assertTrue(e.getMessage().endsWith("run it at SPEED=15 or lower (about 12 real minutes), or simulate it with "
                + "make whatif (scenarios/README.md)"), e.getMessage());
    }
}
