package dev.sfautoscaler.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 13's target for draining, on small made-up result sets where one number flips the verdict. */
class DrainSectionTest {

    private static final List<Policies.Spec> POLICIES = List.of(
            TestScenarios.spec("{\"name\": \"keda\", \"kind\": \"keda\"}"),
            TestScenarios.spec("{\"name\": \"ours-default\", \"kind\": \"ours\"}"),
            TestScenarios.spec("{\"name\": \"ours-terminate\", \"kind\": \"ours\", \"policy\": {\"scaleIn\": \"terminate\"}}"));

    private static final List<Scenario> SCENARIOS = List.of(scenario("steady"), scenario("long-processing"));

    private static Scenario scenario(String name) {
        return ScenarioLoader.parse(TestScenarios.json("""
                {"name": "%s", "sloWaitSeconds": 300, "durationSeconds": 600,
                 "arrivals": {"segments": [{"seconds": 600, "rate": 1}]}, "plant": {"processingSeconds": 2},
                 "policy": {"minCapacity": 1, "maxCapacity": 4}}
                """.formatted(name)), name, name + ".json", Path.of("."));
    }

    /** One run: its cost billed (unit-hours, nothing left at the end), seconds over the SLO and messages lost. */
    private static RunResult run(String policy, double unitHours, long sloSeconds, long lost) {
        return run(policy, unitHours, sloSeconds, lost, 0);
    }

    /** As above, {@code spotLost} of the {@code lost} messages taken by Spot interruptions, not by a scale-in. */
    private static RunResult run(String policy, double unitHours, long sloSeconds, long lost, long spotLost) {
        return new RunResult("s", policy, Map.of(), 1, 1000, 1000, 0, 1, 2, 3, sloSeconds, sloSeconds > 0 ? 1 : 0,
                unitHours, 100, unitHours / 100, 0, lost * 0.1, lost, spotLost, spotLost * 0.1, 0, 0, 0, 0, 0, 0, 0,
                0, 0, List.of(), null);
    }

    /** Ours draining and terminating on one scenario and seed; keda is only there to be left out. */
    private static List<RunResult> row(RunResult drain, RunResult terminate) {
        return List.of(run("keda", 200, 0, 0), drain, terminate);
    }

    /**
     * steady: drain costs {@code steadySeed} on the scenario seed and {@code steadyOthers} on each other seed,
     * against 100 terminating; SLO seconds {@code drainSlo} / {@code terminateSlo} on the other seeds.
     * long-processing: drain 0 s over and {@code lpLost} messages lost, terminating 2495 s and 18.
     */
    private static DrainSection.Check check(double steadySeed, double steadyOthers, long drainSlo, long terminateSlo,
            long lpLost) {
        List<List<RunResult>> results = List.of(
                row(run("ours-default", steadySeed, 0, 0), run("ours-terminate", 100, 0, 5)),
                row(run("ours-default", 96, 0, lpLost), run("ours-terminate", 100, 2495, 18)));
        List<List<List<RunResult>>> seeded = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            seeded.add(List.of(
                    row(run("ours-default", steadyOthers, drainSlo, 0), run("ours-terminate", 100, terminateSlo, 4)),
                    row(run("ours-default", 97, 0, 0), run("ours-terminate", 100, 1800, 12))));
        }
        return DrainSection.check(SCENARIOS, POLICIES, results, seeded);
    }

    private static String section(DrainSection.Check c) {
        StringBuilder b = new StringBuilder();
        DrainSection.write(b, c);
        return b.toString();
    }

    @Test
    void withinOnePercentEverywhereAndLongProcessingWithoutLostWorkMeetsBoth() {
        DrainSection.Check c = check(100.5, 100.5, 0, 0, 0);
        String item = DrainSection.targetItem(c, 4);
        assertTrue(item.startsWith("4. **Drain against terminate: long-processing met with zero lost work;"), item);
        assertTrue(item.contains("(a) long-processing: yes (0 s over the SLO, 0 messages lost to a scale-in, "
                + "0.00 unit-hours reprocessed; terminating 2495 s, 18 lost; on the other seeds met with zero lost work on 2 of 2)."), item);
        assertTrue(item.contains("(b) every other scenario within 1%, on the scenario seed: yes; on the mean over all 3 "
                + "seeds: yes."), item);
        String section = section(c);
        assertTrue(section.startsWith("## Drain against terminate\n"), section);
        assertTrue(section.contains("| steady | +0.50% | +0.50% | +0.50% | +0.50% | 0 / 0 | 0 / 0 | 0 / 0 | 0 / 5 "
                + "| 0 / 8 | yes | yes |"), section);
        assertTrue(section.contains("| long-processing | -4.00% | -3.00% | -3.00% | -3.33% | 0 / 2495 | 0 / 1800 "
                + "| 0 / 2032 | 0 / 18 | 0 / 24 | (a) yes | – |"), section);
        assertTrue(section.contains("bursty-spikes and spot-storm"), "points to the notes on single-seed paths");
    }

    @Test
    void onePointFivePercentOnTheScenarioSeedMissesThereButNotOnTheMeanOfAllSeeds() {
        DrainSection.Check c = check(101.5, 100.2, 0, 0, 0);
        assertEquals(List.of("steady (cost +1.50%)"), c.seedMisses());
        assertEquals(List.of(), c.allMisses(), "(1.5 + 0.2 + 0.2) / 3 = 0.63%");
        String item = DrainSection.targetItem(c, 4);
        assertTrue(item.contains("on the scenario seed: **no**, missed on steady (cost +1.50%); on the mean over all "
                + "3 seeds: yes."), item);
        assertTrue(section(c).contains("| steady | +1.50% | +0.20% | +0.20% | +0.63% |"), section(c));
        assertTrue(section(c).contains("| **no** | yes |"), section(c));

        DrainSection.Check justUnder = check(101.0, 100.2, 0, 0, 0);
        assertEquals(List.of(), justUnder.seedMisses(), "1% more is within 1%");
    }

    @Test
    void moreSloSecondsOnTheOtherSeedsMissOnTheMeanEvenAtTheSameCost() {
        DrainSection.Check c = check(100, 100, 30, 20, 0);
        assertEquals(List.of(), c.seedMisses());
        assertEquals(List.of("steady (SLO 20 s against 13 s, +50.00%)"), c.allMisses());
        assertTrue(section(c).contains("| 0 / 0 | 30 / 20 | 20 / 13 |"), section(c));

        DrainSection.Check fromNone = check(100, 100, 3, 0, 0);
        assertEquals(List.of("steady (SLO 2 s against 0 s)"), fromNone.allMisses(),
                "any second over where terminating has none is a miss");
    }

    @Test
    void longProcessingLosingOneMessageIsNotMet() {
        DrainSection.Check c = check(100, 100, 0, 0, 1);
        assertTrue(DrainSection.targetItem(c, 4).contains("(a) long-processing: **no** (0 s over the SLO, 1 messages "
                + "lost to a scale-in, 0.10 unit-hours reprocessed;"), DrainSection.targetItem(c, 4));
        assertTrue(section(c).contains("| **(a) no** | – |"), section(c));
        assertEquals(List.of(), c.seedMisses(), "long-processing is not one of the other scenarios");
    }

    @Test
    void workASpotInterruptionTookDoesNotCountAgainstTheDrainButAScaleInsDoes() {
        List<List<RunResult>> results = List.of(
                row(run("ours-default", 100, 0, 0), run("ours-terminate", 100, 0, 5)),
                row(run("ours-default", 96, 0, 2, 2), run("ours-terminate", 100, 2495, 18, 2)));
        List<List<List<RunResult>>> seeded = List.of(List.of(
                row(run("ours-default", 100, 0, 0), run("ours-terminate", 100, 0, 4)),
                row(run("ours-default", 97, 0, 3, 2), run("ours-terminate", 100, 1800, 12, 2))));
        DrainSection.Check c = DrainSection.check(SCENARIOS, POLICIES, results, seeded);
        String item = DrainSection.targetItem(c, 4);
        assertTrue(item.contains("(a) long-processing: yes (0 s over the SLO, 0 messages lost to a scale-in, 0.00 "
                + "unit-hours reprocessed; 2 more to Spot interruptions (not the scale-in's); terminating 2495 s, 18 "
                + "lost; on the other seeds met with zero lost work on 0 of 1)."), item);
        assertTrue(section(c).contains("| 2 / 18 | 3 / 12 | (a) yes | – |"), "the lost columns count every loss: "
                + section(c));
    }

    @Test
    void noCheckWithoutBothPolicies() {
        assertNull(DrainSection.check(SCENARIOS, POLICIES.subList(0, 2), List.of(), List.of()));
    }
}
