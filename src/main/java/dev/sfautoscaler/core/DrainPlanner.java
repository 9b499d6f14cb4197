package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.InvalidInput;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * Picks the instances a scale-in drains. Pure; shared by the {@code drain} function and the simulator.
 *
 * <p>The picked weights sum to as many units as possible without exceeding the units to remove (never
 * more than asked: an instance heavier than what is left is skipped). Among the sets that remove that
 * many, the one that prefers, instance by instance in this order: reported idle ({@code sfautoscaler:drained}),
 * busy hint {@code 0}, then the workers that announced the contract ({@code sfautoscaler:worker}: no hint, busy
 * hint {@code 1}), then those that did not (no hint, busy hint {@code 1}): an announced worker finishes its
 * message before it leaves, one that never announced leaves at once with whatever it holds; ties: newest
 * launch first (the one least likely to hold long work and whose cache is coldest), then instance id.
 * Instances already draining are not candidates: they belong to the drain under way.
 */
public final class DrainPlanner {

    /**
     * Above this many (instances x units) the exact search (a subset sum over suffixes, one bit each) would
     * take too much memory; the planner then takes the greedy pick in the same order, which may remove a
     * few units less. 2^26 bits is 8 MiB: e.g. 670 instances for a scale-in of 100,000 units.
     */
    static final long EXACT_SEARCH_LIMIT = 1L << 26;

    /** The order of preference: idle first, then announced (unknown, busy), then unannounced; newest first; then id. */
    public static final Comparator<DrainInstance> PREFERENCE = Comparator.comparingInt(DrainInstance::idleRank)
            .thenComparing(DrainInstance::launchTime, Comparator.reverseOrder())
            .thenComparing(DrainInstance::id);

    private DrainPlanner() {
    }

    /** The instances to drain to remove up to {@code unitsToRemove} units from those running. */
    public static DrainPlan plan(List<DrainInstance> instances, int unitsToRemove) {
        if (unitsToRemove < 0) {
            throw new InvalidInput("unitsToRemove", "must not be negative; got " + unitsToRemove);
        }
        List<DrainInstance> candidates = new ArrayList<>();
        for (DrainInstance i : instances) {
            if (!i.draining() && i.weight() <= unitsToRemove) {
                candidates.add(i);
            }
        }
        candidates.sort(PREFERENCE);
        if ((long) candidates.size() * (unitsToRemove + 1L) > EXACT_SEARCH_LIMIT) {
            return greedy(candidates, unitsToRemove);
        }
        return exact(candidates, unitsToRemove);
    }

    /**
     * The largest reachable sum, then the preferred set reaching it: walking the candidates in order, take
     * one whenever what is left after it can still be made up by the candidates after it.
     */
    static DrainPlan exact(List<DrainInstance> ordered, int units) {
        int n = ordered.size();
        // reach[i].get(s): the candidates i..n-1 can sum to exactly s
        BitSet[] reach = new BitSet[n + 1];
        reach[n] = new BitSet(units + 1);
        reach[n].set(0);
        for (int i = n - 1; i >= 0; i--) {
            BitSet next = (BitSet) reach[i + 1].clone();
            int w = ordered.get(i).weight();
            BitSet after = reach[i + 1];
            for (int s = after.nextSetBit(0); s >= 0 && s + w <= units; s = after.nextSetBit(s + 1)) {
                next.set(s + w);
            }
            reach[i] = next;
        }
        int left = reach[0].previousSetBit(units);
        int target = left;
        List<DrainInstance> picked = new ArrayList<>();
        for (int i = 0; i < n && left > 0; i++) {
            int w = ordered.get(i).weight();
            if (w <= left && reach[i + 1].get(left - w)) {
                picked.add(ordered.get(i));
                left -= w;
            }
        }
        assert left == 0 : "reached " + target;
        return new DrainPlan(units, picked);
    }

    static DrainPlan greedy(List<DrainInstance> ordered, int units) {
        int left = units;
        List<DrainInstance> picked = new ArrayList<>();
        for (DrainInstance i : ordered) {
            if (i.weight() <= left) {
                picked.add(i);
                left -= i.weight();
            }
        }
        return new DrainPlan(units, picked);
    }
}
