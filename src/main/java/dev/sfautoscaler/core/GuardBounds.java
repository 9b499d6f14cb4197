package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.AwsCallFailed;
import dev.sfautoscaler.core.error.OutsideGuardBounds;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The deployment's bounds per fleet ({@code AUTOSCALER_GUARD_BOUNDS}, set by Terraform from the
 * {@code fleets} map), which no execution input can widen: {@code modify} refuses a target outside
 * them, and a fleet without bounds while the variable names others, before it writes anything.
 */
public final class GuardBounds {

    /** The environment variable that carries the bounds. */
    public static final String VARIABLE = "AUTOSCALER_GUARD_BOUNDS";

    /** One fleet's bounds, inclusive. */
    public record Range(int min, int max) {
    }

    private final Optional<Map<String, Range>> bounds;
    private final Optional<String> problem;

    private GuardBounds(Optional<Map<String, Range>> bounds, Optional<String> problem) {
        this.bounds = bounds;
        this.problem = problem;
    }

    /** No variable: no guard; {@link #warning()} says so. */
    public static GuardBounds unset() {
        return new GuardBounds(Optional.empty(), Optional.empty());
    }

    public static GuardBounds of(Map<String, Range> bounds) {
        return new GuardBounds(Optional.of(Map.copyOf(bounds)), Optional.empty());
    }

    /** A variable that cannot be read: every modify fails with {@code NotConfigured} and {@code problem}. */
    public static GuardBounds misconfigured(String problem) {
        return new GuardBounds(Optional.empty(), Optional.of(problem));
    }

    /** Refuses {@code target} for the fleet unless it is inside the fleet's bounds. */
    public void check(String fleetId, int target) {
        problem.ifPresent(p -> {
            throw new AwsCallFailed("Reading " + VARIABLE, "NotConfigured", p
                    + "; expected a JSON object such as {\"" + fleetId + "\": {\"min\": 1, \"max\": 20}}"
                    + " (Terraform sets it from the fleets map)", false);
        });
        if (bounds.isEmpty()) {
            return;
        }
        Range range = bounds.get().get(fleetId);
        if (range == null) {
            throw new OutsideGuardBounds("fleet " + fleetId + " has no guard bounds in this deployment ("
                    + VARIABLE + " names " + String.join(", ", new TreeMap<>(bounds.get()).keySet())
                    + "); add the fleet to the deployment's fleets map; nothing was changed");
        }
        if (target < range.min() || target > range.max()) {
            throw new OutsideGuardBounds("target " + target + " for fleet " + fleetId
                    + " is outside the deployment's guard bounds " + range.min() + ".." + range.max()
                    + " (guard_min_capacity/guard_max_capacity in Terraform); nothing was changed");
        }
    }

    /** What modify's output says when the deployment set no bounds. */
    public Optional<String> warning() {
        return bounds.isEmpty() && problem.isEmpty()
                ? Optional.of(VARIABLE + " is not set: no deployment guard bounds limit this fleet's target;"
                        + " the execution input's policy alone bounds it")
                : Optional.empty();
    }
}
