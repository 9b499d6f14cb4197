package dev.sfautoscaler.core;

import java.util.List;

/**
 * Which instances a scale-in drains: their weights sum to at most {@code unitsToRemove}; what no
 * combination of instances removes exactly is {@link #shortfall()}, a smaller change than asked.
 *
 * @param unitsToRemove the units the decision removes
 * @param picked        the instances to drain, in the picker's order of preference
 */
public record DrainPlan(int unitsToRemove, List<DrainInstance> picked) {

    public DrainPlan {
        picked = List.copyOf(picked);
    }

    /** The units the picked instances count for. */
    public int units() {
        return picked.stream().mapToInt(DrainInstance::weight).sum();
    }

    /** The units asked for that no combination of the instances removes without removing more. */
    public int shortfall() {
        return unitsToRemove - units();
    }

    public List<String> instanceIds() {
        return picked.stream().map(DrainInstance::id).toList();
    }
}
