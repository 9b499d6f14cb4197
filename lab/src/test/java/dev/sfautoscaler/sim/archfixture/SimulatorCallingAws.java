package dev.sfautoscaler.sim.archfixture;

import software.amazon.awssdk.regions.Region;

/** Breaks the simulator's rule on purpose: LabArchitectureTest proves its rules can fail. */
public final class SimulatorCallingAws {

    public static Region region() {
        return Region.EU_WEST_1;
    }
}
