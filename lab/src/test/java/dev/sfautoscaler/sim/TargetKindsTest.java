package dev.sfautoscaler.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfautoscaler.core.ExcessCapacityTerminationPolicy;
import dev.sfautoscaler.core.TargetKind;
import dev.sfautoscaler.lab.LabRun;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The plant per kind of target: where the three kinds behave the same, our policy decides the same
 * on each; where an Auto Scaling group differs (no modifying state, Pending counts, no drain), the
 * plant shows it.
 */
class TargetKindsTest {

    /** The working-day trace, on a plant where the kinds cannot differ: no fulfilment delay, no drain, no modifying. */
    private static Scenario sameBehaviour() {
        return TestScenarios.parse("""
                {"name": "kinds", "seed": 5, "sloWaitSeconds": 300,
                 "arrivals": {"trace": "scenarios/traces/workday.csv"},
                 "plant": {"processingSeconds": 2, "initialCapacity": 2, "bootSeconds": 60,
                           "fulfilmentSeconds": {"min": 0, "max": 0}, "drainSeconds": 0,
                           "fleetModifyingSeconds": 0},
                 "policy": {"minCapacity": 1, "maxCapacity": 60}}
                """);
    }

    private static List<String> decisions(Scenario s) {
        OurWorkflow w = ((OurWorkflow) TestScenarios.spec("{\"kind\": \"ours\"}").create(s)).keepDecisions();
        RunResult r = Simulation.run(s, w);
        assertTrue(r.capacityChanges() > 5, "the trace makes the policy work: " + r.capacityChanges() + " changes");
        return w.decisions();
    }

    @Test
    void replayingTheSameTraceTheThreeKindsGetTheSameDecisionsWhereTheirPlantsBehaveTheSame() {
        Scenario s = sameBehaviour();
        List<String> onSpotFleet = decisions(s.withTarget(TargetKind.SPOT_FLEET));
        assertFalse(onSpotFleet.isEmpty());
        assertEquals(onSpotFleet, decisions(s.withTarget(TargetKind.EC2_FLEET)));
        assertEquals(onSpotFleet, decisions(s.withTarget(TargetKind.AUTO_SCALING_GROUP)));
    }

    @Test
    void aGroupIsNeverModifyingCountsALaunchFromItsRequestAndTerminatesWithoutDrain() {
        Scenario s = TestScenarios.parse("""
                {"name": "plant", "seed": 1, "sloWaitSeconds": 300, "durationSeconds": 600,
                 "arrivals": {"segments": [{"seconds": 600, "rate": 0}]},
                 "plant": {"processingSeconds": 2, "initialCapacity": 2, "fulfilmentSeconds": {"min": 30, "max": 30},
                           "drainSeconds": 120, "fleetModifyingSeconds": 10}}
                """);
        for (TargetKind kind : TargetKind.values()) {
            Plant plant = new Plant(new EventLoop(), s.withTarget(kind), new RunStats());
            plant.start(2);
            assertTrue(plant.modify(5, ExcessCapacityTerminationPolicy.DEFAULT), kind.wireName());
            boolean group = kind == TargetKind.AUTO_SCALING_GROUP;
            // A fleet shows the change as modifying and refuses the next; a group takes it.
            assertEquals(!group, plant.modifying(), kind.wireName());
            // A group's Pending instances count at once; a fleet's only once Spot has fulfilled them.
            assertEquals(group ? 5 : 2, plant.fulfilledCapacity(), kind.wireName());
        }
        assertEquals(TargetKind.SPOT_FLEET, s.plant().target());
        assertEquals(0.0, s.withTarget(TargetKind.AUTO_SCALING_GROUP).plant().scaleInDrainSeconds());
        assertEquals(120.0, s.withTarget(TargetKind.EC2_FLEET).plant().scaleInDrainSeconds());
    }

    @Test
    void theKindComesFromTheScenarioOrTheOption() {
        assertEquals(TargetKind.AUTO_SCALING_GROUP,
                ScenarioLoader.load(Path.of("scenarios/bench/step-surge-asg.json")).plant().target());
        ScenarioException wrong = assertThrows(ScenarioException.class,
                () -> TestScenarios.parse("""
                        {"sloWaitSeconds": 60, "arrivals": {"segments": [{"seconds": 60, "rate": 1}]},
                         "plant": {"processingSeconds": 1, "target": "asg"}}
                        """));
        assertTrue(wrong.getMessage().contains("must be spot-fleet, ec2-fleet or auto-scaling-group; got 'asg'"),
                wrong.getMessage());
        LabRun run = LabRun.of("whatif", "--scenario", "scenarios/bench/steady.json", "--duration", "600",
                "--target-kind", "auto-scaling-group");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("\"targetKind\" : \"auto-scaling-group\""), run.out());
        LabRun bad = LabRun.of("whatif", "--scenario", "scenarios/bench/steady.json", "--target-kind", "asg");
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("--target-kind must be spot-fleet, ec2-fleet or auto-scaling-group; got 'asg'"),
                bad.err());
        assertNotEquals("", bad.err());
    }
}
