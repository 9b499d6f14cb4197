package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.AwsCallFailed;
import dev.sfautoscaler.core.error.OutsideGuardBounds;
import dev.sfautoscaler.core.port.GuardBoundsStore;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The deployment's bounds per fleet, which no execution input can widen: {@code modify} refuses a
 * target outside them, and a fleet without bounds while the deployment has a guard, before it
 * writes anything. Where they come from ({@code AUTOSCALER_GUARD_BOUNDS}): Terraform sets it to
 * {@code state-table}, and writes one item per fleet of its {@code fleets} map into the state table
 * ({@link #stored}, read when a fleet is checked, so the deployment's size does not depend on
 * Lambda's 4 KB of environment); a JSON object in the variable itself ({@link #of}) serves local
 * runs and small hand-made deployments.
 */
public final class GuardBounds {

    /** The environment variable that carries the bounds. */
    public static final String VARIABLE = "AUTOSCALER_GUARD_BOUNDS";

    /** The variable's value that says the bounds are the state table's {@code guard#<target id>} items. */
    public static final String IN_STATE_TABLE = "state-table";

    /** One fleet's bounds, inclusive. */
    public record Range(int min, int max) {
    }

    private final Optional<Map<String, Range>> bounds;
    private final Optional<GuardBoundsStore> store;
    private final Optional<String> problem;

    private GuardBounds(Optional<Map<String, Range>> bounds, Optional<GuardBoundsStore> store,
            Optional<String> problem) {
        this.bounds = bounds;
        this.store = store;
        this.problem = problem;
    }

    /** No variable: no guard; {@link #warning()} says so. */
    public static GuardBounds unset() {
        return new GuardBounds(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Bounds given whole (the variable's JSON object): a fleet they do not name is refused. */
    public static GuardBounds of(Map<String, Range> bounds) {
        return new GuardBounds(Optional.of(Map.copyOf(bounds)), Optional.empty(), Optional.empty());
    }

    /** Bounds looked up per fleet in {@code store} at each check: a fleet without a record there is refused. */
    public static GuardBounds stored(GuardBoundsStore store) {
        return new GuardBounds(Optional.empty(), Optional.of(store), Optional.empty());
    }

    /** A variable that cannot be read: every modify fails with {@code NotConfigured} and {@code problem}. */
    public static GuardBounds misconfigured(String problem) {
        return new GuardBounds(Optional.empty(), Optional.empty(), Optional.of(problem));
    }

    /** Refuses {@code target} for the fleet unless it is inside the fleet's bounds. */
    public void check(String fleetId, int target) {
        problem.ifPresent(p -> {
            throw new AwsCallFailed("Reading " + VARIABLE, "NotConfigured", p
                    + "; expected '" + IN_STATE_TABLE + "' (Terraform's: the bounds are the state table's items)"
                    + " or a JSON object such as {\"" + fleetId + "\": {\"min\": 1, \"max\": 20}}", false);
        });
        if (store.isPresent()) {
            Range range = store.get().bounds(fleetId).orElseThrow(() -> new OutsideGuardBounds("fleet " + fleetId
                    + " has no guard bounds in this deployment (no " + store.get().whereFor(fleetId)
                    + "); add the fleet to the deployment's fleets map and apply; nothing was changed"));
            refuseOutside(fleetId, target, range);
            return;
        }
        if (bounds.isEmpty()) {
            return;
        }
        Range range = bounds.get().get(fleetId);
        if (range == null) {
            throw new OutsideGuardBounds("fleet " + fleetId + " has no guard bounds in this deployment ("
                    + VARIABLE + " names " + String.join(", ", new TreeMap<>(bounds.get()).keySet())
                    + "); add the fleet to the deployment's fleets map; nothing was changed");
        }
        refuseOutside(fleetId, target, range);
    }

    private static void refuseOutside(String fleetId, int target, Range range) {
        if (target < range.min() || target > range.max()) {
            throw new OutsideGuardBounds("target " + target + " for fleet " + fleetId
                    + " is outside the deployment's guard bounds " + range.min() + ".." + range.max()
                    + " (guard_min_capacity/guard_max_capacity in Terraform); nothing was changed");
        }
    }

    /** What modify's output says when the deployment set no bounds. */
    public Optional<String> warning() {
        return bounds.isEmpty() && store.isEmpty() && problem.isEmpty()
                ? Optional.of(VARIABLE + " is not set: no deployment guard bounds limit this fleet's target;"
                        + " the execution input's policy alone bounds it")
                : Optional.empty();
    }
}
