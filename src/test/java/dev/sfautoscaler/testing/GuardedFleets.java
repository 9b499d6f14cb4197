package dev.sfautoscaler.testing;

import dev.sfautoscaler.testkit.AwsFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fleets created before the function starts, with their guard bounds where Terraform puts them:
 * a {@code guard#<id>} item each in the state table ({@code AUTOSCALER_GUARD_BOUNDS=state-table}),
 * each at {@code capacity}, each bounded to {@code min..max}.
 */
public record GuardedFleets(List<String> ids, int capacity, int min, int max) {

    /** From {@code count:capacity:min:max}; the items are written into {@code stateTable}. */
    static GuardedFleets create(AwsFixtures aws, String stateTable, String spec) {
        String[] p = spec.split(":");
        int count = Integer.parseInt(p[0]);
        int capacity = Integer.parseInt(p[1]);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(aws.createMaintainFleet(capacity));
        }
        GuardedFleets fleets = new GuardedFleets(List.copyOf(ids), capacity, Integer.parseInt(p[2]),
                Integer.parseInt(p[3]));
        for (int i = 0; i < count; i++) {
            aws.putStateItem(stateTable, Map.of("pk", "guard#" + ids.get(i), "min", fleets.min(), "max", fleets.max(),
                    "fleet", "fleet-" + i));
        }
        return fleets;
    }

    /** The variable's value, as Terraform sets it. */
    String variable() {
        return "state-table";
    }

    public String fleet(int i) {
        return ids.get(i);
    }
}
