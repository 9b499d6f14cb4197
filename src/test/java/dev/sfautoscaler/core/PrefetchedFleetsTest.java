package dev.sfautoscaler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfautoscaler.core.error.FleetNotFound;
import dev.sfautoscaler.core.fakes.InMemoryFleetGateway;
import dev.sfautoscaler.core.port.FleetGateway;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A schedule's fleets read together, then checked one by one; one fleet's failure stops no other. */
class PrefetchedFleetsTest {

    private static final Target A = new Target(TargetKind.SPOT_FLEET, "sfr-0a000000-0000-4000-8000-00000000000a");
    private static final Target B = new Target(TargetKind.SPOT_FLEET, "sfr-0b000000-0000-4000-8000-00000000000b");

    /** Counts the batched and the single reads of an in-memory gateway that can read together. */
    private static final class Counting implements FleetGateway {
        final InMemoryFleetGateway fleets = new InMemoryFleetGateway();
        final List<List<Target>> batches = new ArrayList<>();
        int singles;

        @Override
        public FleetSnapshot describe(Target target) {
            singles++;
            return fleets.describe(target);
        }

        @Override
        public Map<Target, FleetSnapshot> describeAll(List<Target> targets) {
            batches.add(targets);
            Map<Target, FleetSnapshot> read = new HashMap<>();
            for (Target t : targets) {
                if (fleets.fleet(t.id()) != null) {
                    read.put(t, fleets.describe(t));
                }
            }
            return read;
        }

        @Override
        public void modify(ModifyCommand command) {
            fleets.modify(command);
        }

        @Override
        public void recordChange(Target target, LastChange change) {
            fleets.recordChange(target, change);
        }
    }

    @Test
    void eachFleetOfTheListIsReadFromOneBatchOnceThenAfresh() {
        Counting gateway = new Counting();
        gateway.fleets.add(A.id(), 3);
        gateway.fleets.add(B.id(), 5);
        PrefetchedFleets fleets = new PrefetchedFleets(gateway);

        List<Integer> seen = fleets.reading(List.of(A, B), () -> List.of(fleets.describe(A).targetCapacity(),
                fleets.describe(B).targetCapacity(), fleets.describe(A).targetCapacity()));

        assertEquals(List.of(3, 5, 3), seen);
        assertEquals(List.of(List.of(A, B)), gateway.batches);
        assertEquals(1, gateway.singles, "the second read of A reads the fleet again");
        fleets.describe(B);
        assertEquals(2, gateway.singles, "outside the check nothing is kept");
    }

    @Test
    void aFleetMissingFromTheBatchIsReadAloneAndFailsAlone() {
        Counting gateway = new Counting();
        gateway.fleets.add(A.id(), 3);
        PrefetchedFleets fleets = new PrefetchedFleets(gateway);

        List<ScheduledCheck.FleetResult<Target>> results = fleets.reading(List.of(B, A),
                () -> ScheduledCheck.each(List.of(B, A), t -> {
                    FleetSnapshot read = fleets.describe(t);
                    return new ScheduledCheck.Result(new ScheduledCheck.Summary(ScheduledCheck.Verdict.NO_CHANGE,
                            "AT_DESIRED", Optional.of(read.targetCapacity()), Optional.of(read.targetCapacity()), ""),
                            Optional.empty());
                }));

        assertTrue(results.get(0).failure().orElseThrow() instanceof FleetNotFound);
        assertEquals(Optional.of(3), results.get(1).result().orElseThrow().summary().currentTarget());
    }

    @Test
    void oneNamePerFleetAndEventWithinStepFunctionsLimits() {
        String event = "5d0b8bcd-6a44-4f2c-a8b6-1c1f3b0c9e21";
        Set<String> names = new HashSet<>();
        for (String id : List.of("sfr-5e1f0000-0000-4000-8000-000000000001", "sfr-5e1f0000-0000-4000-8000-000000000002",
                "workers with a very long Auto Scaling group name that goes on and on and on", "fleet-0ab")) {
            String name = ScheduledCheck.executionName(event, "req", id);
            assertTrue(name.length() <= 80, name);
            assertTrue(name.matches("[A-Za-z0-9_-]+"), name);
            assertTrue(name.startsWith("schedule-" + event + "-"), name);
            assertEquals(name, ScheduledCheck.executionName(event, "another delivery", id));
            names.add(name);
        }
        assertEquals(4, names.size());
    }

    /**
     * The wrapper sits in front of every read and write of the functions: a gateway method it does not
     * forward (a default method of the port) would silently do nothing in the deployed functions.
     */
    @Test
    void forwardsEveryMethodOfThePort() throws NoSuchMethodException {
        for (java.lang.reflect.Method m : FleetGateway.class.getMethods()) {
            assertEquals(PrefetchedFleets.class,
                    PrefetchedFleets.class.getMethod(m.getName(), m.getParameterTypes()).getDeclaringClass(),
                    m.getName() + " is not forwarded");
        }
    }
}
