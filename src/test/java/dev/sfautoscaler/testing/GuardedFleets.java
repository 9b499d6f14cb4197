package dev.sfautoscaler.testing;

import dev.sfautoscaler.testkit.AwsFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Fleets created before the function starts, so that its {@code AUTOSCALER_GUARD_BOUNDS} can name
 * them as Terraform's fleets map would: each at {@code capacity}, each bounded to {@code min..max}.
 */
public record GuardedFleets(List<String> ids, int capacity, int min, int max) {

    /** From {@code count:capacity:min:max}. */
    static GuardedFleets create(AwsFixtures aws, String spec) {
        String[] p = spec.split(":");
        int count = Integer.parseInt(p[0]);
        int capacity = Integer.parseInt(p[1]);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(aws.createMaintainFleet(capacity));
        }
        return new GuardedFleets(List.copyOf(ids), capacity, Integer.parseInt(p[2]), Integer.parseInt(p[3]));
    }

    /** The variable's value, as Terraform renders it. */
    String variable() {
        return ids.stream().map(id -> "\"" + id + "\": {\"min\": " + min + ", \"max\": " + max + "}")
                .collect(Collectors.joining(", ", "{", "}"));
    }

    public String fleet(int i) {
        return ids.get(i);
    }
}
