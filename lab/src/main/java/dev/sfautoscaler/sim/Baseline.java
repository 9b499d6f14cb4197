package dev.sfautoscaler.sim;

import dev.sfautoscaler.wire.WireObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the alternatives we compare against share: a name, the fleet bounds (from the policy file,
 * else the scenario's, so that every policy is configured for the same fleet) and the first entries
 * of their settings.
 */
abstract class Baseline implements Autoscaler {

    /** The fleet's bounds: {@code minCapacity} and {@code maxCapacity} of the policy spec, else the scenario's. */
    record Bounds(int min, int max) {

        static Bounds fromJson(WireObject o, Scenario s) {
            Bounds b = new Bounds(o.optionalCount("minCapacity").orElse(s.policy().minCapacity()),
                    o.optionalCount("maxCapacity").orElse(s.policy().maxCapacity()));
            if (b.min > b.max) {
                throw o.invalid("minCapacity", "must not exceed maxCapacity");
            }
            return b;
        }
    }

    private final String name;
    private final String kind;
    final int min;
    final int max;

    Baseline(String name, String kind, Bounds bounds) {
        this.name = name;
        this.kind = kind;
        this.min = bounds.min();
        this.max = bounds.max();
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int minCapacity() {
        return min;
    }

    @Override
    public final int maxCapacity() {
        return max;
    }

    @Override
    public final Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("minCapacity", min);
        m.put("maxCapacity", max);
        addSettings(m);
        return m;
    }

    /** The kind's own settings, after kind and bounds. */
    abstract void addSettings(Map<String, Object> settings);
}
