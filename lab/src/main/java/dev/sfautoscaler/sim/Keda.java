package dev.sfautoscaler.sim;

import dev.sfautoscaler.core.ExcessCapacityTerminationPolicy;
import dev.sfautoscaler.wire.WireObject;
import java.util.ArrayDeque;
import java.util.Map;

/**
 * KEDA's aws-sqs-queue scaler behind a Horizontal Pod Autoscaler, applied to fleet capacity:
 * every poll it reads the live queue (visible + in flight) and wants ceil(messages / queueLength)
 * units. As the HPA does, it ignores ratios within 10% of the current size, limits a scale-up to
 * doubling (or +4) per 15 s, and scales down only to the highest recommendation of the
 * stabilisation window. With a minimum of zero it deactivates after the cooldown period with no
 * messages and activates (0 -> 1) as soon as there is one; the HPA scales from there.
 */
final class Keda extends Baseline {

    private record Recommendation(long at, int units) {
    }

    private final double queueLength;
    private final long pollMillis;
    private final long stabilisationMillis;
    private final long cooldownMillis;
    private final double tolerance;
    private final ArrayDeque<Recommendation> window = new ArrayDeque<>();
    private long lastActive = Long.MIN_VALUE / 2;

    Keda(String name, Bounds bounds, double queueLength, long pollSeconds, long stabilisationSeconds,
            long cooldownSeconds, double tolerance) {
        super(name, "keda", bounds);
        this.queueLength = queueLength;
        this.pollMillis = pollSeconds * 1000;
        this.stabilisationMillis = stabilisationSeconds * 1000;
        this.cooldownMillis = cooldownSeconds * 1000;
        this.tolerance = tolerance;
    }

    static Keda fromJson(String name, WireObject o, Scenario s) {
        return new Keda(name, Bounds.fromJson(o, s),
                o.optionalPositiveAmount("queueLength").orElse((double) s.policy().backlogPerUnit()),
                o.optionalPositiveCount("pollingIntervalSeconds").orElse(30L),
                o.optionalLongCount("stabilizationWindowSeconds").orElse(300L),
                o.optionalLongCount("cooldownPeriodSeconds").orElse(300L),
                o.optionalAmount("tolerance").orElse(0.1));
    }

    @Override
    public void start(Sim sim) {
        sim.loop().every(pollMillis, pollMillis, () -> poll(sim));
    }

    void poll(Sim sim) {
        sim.stats().invocations++;
        long now = sim.loop().now();
        Plant plant = sim.plant();
        long messages = plant.visibleCount() + plant.notVisibleCount();
        int current = plant.targetCapacity();
        if (messages > 0) {
            lastActive = now;
        }
        boolean active = messages > 0 || now - lastActive < cooldownMillis;
        int desired;
        if (min == 0 && !active) {
            // KEDA deactivates the workload after the cooldown period without messages.
            desired = 0;
        } else if (current == 0) {
            // Activation: KEDA scales 0 -> 1, the HPA takes over from the next poll.
            desired = Math.max(1, min);
        } else {
            double ratio = messages / (current * queueLength);
            int recommendation = Math.abs(ratio - 1) <= tolerance ? current : (int) Math.ceil(messages / queueLength);
            recommendation = Math.max(Math.max(min, 1), Math.min(max, recommendation));
            window.addLast(new Recommendation(now, recommendation));
            while (!window.isEmpty() && window.peekFirst().at() < now - stabilisationMillis) {
                window.pollFirst();
            }
            desired = recommendation;
            if (desired < current) {
                int highest = 0;
                for (Recommendation r : window) {
                    highest = Math.max(highest, r.units());
                }
                desired = Math.min(current, highest);
            } else if (desired > current) {
                // The HPA's default scale-up limit: double or +4, whichever is more, per 15 s.
                int cap = current;
                for (long t = 0; t < pollMillis; t += 15_000) {
                    cap = Math.max(cap * 2, cap + 4);
                }
                desired = Math.min(desired, cap);
            }
        }
        if (desired != current) {
            plant.modify(desired, ExcessCapacityTerminationPolicy.DEFAULT);
        }
    }

    @Override
    void addSettings(Map<String, Object> m) {
        m.put("queueLength", queueLength);
        m.put("pollingIntervalSeconds", pollMillis / 1000);
        m.put("stabilizationWindowSeconds", stabilisationMillis / 1000);
        m.put("cooldownPeriodSeconds", cooldownMillis / 1000);
        m.put("tolerance", tolerance);
    }
}
