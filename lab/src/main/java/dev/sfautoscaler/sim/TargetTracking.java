package dev.sfautoscaler.sim;

import dev.sfautoscaler.core.ExcessCapacityTerminationPolicy;
import dev.sfautoscaler.wire.WireObject;
import java.util.List;
import java.util.Map;

/**
 * AWS's documented pattern for SQS: a job publishes "backlog per instance" (visible messages /
 * running instances) every minute, and an Application Auto Scaling target tracking policy keeps
 * it at the target value (acceptable latency / processing time). Target tracking manages two
 * alarms like the ones it creates: high = 3 of 3 one-minute datapoints above the target, low = 15
 * of 15 below 90% of it. While an alarm is in ALARM the policy runs every minute and sets
 * capacity to running x metric / target. Scale-out is never blocked by its cooldown (capacity it
 * added counts instead); scale-in waits for its cooldown.
 */
final class TargetTracking extends Baseline {

    static final String METRIC = "BacklogPerInstance";

    private final double targetValue;
    private final long outCooldownMillis;
    private final long inCooldownMillis;
    private long inCooldownUntil = -1;

    TargetTracking(String name, Bounds bounds, double targetValue, long outCooldownSeconds, long inCooldownSeconds) {
        super(name, "aas-target-tracking", bounds);
        this.targetValue = targetValue;
        this.outCooldownMillis = outCooldownSeconds * 1000;
        this.inCooldownMillis = inCooldownSeconds * 1000;
    }

    static TargetTracking fromJson(String name, WireObject o, Scenario s) {
        return new TargetTracking(name, Bounds.fromJson(o, s),
                o.optionalPositiveAmount("targetValue").orElse((double) s.policy().backlogPerUnit()),
                o.optionalLongCount("scaleOutCooldownSeconds").orElse(300L),
                o.optionalLongCount("scaleInCooldownSeconds").orElse(300L));
    }

    @Override
    public void start(Sim sim) {
        Plant plant = sim.plant();
        // The publishing job reads the queue (GetQueueAttributes) and the fleet; with no running
        // instance it divides by one, or the metric would be undefined exactly when it matters.
        sim.cloudWatch().publishEveryMinute(METRIC, sim.scenario().aws().customMetricLagSeconds(),
                () -> plant.visibleCount() / (double) Math.max(1, plant.runningCapacity()));
        CloudWatch.Alarm high = sim.cloudWatch().alarm(new CloudWatch.AlarmSpec("tt-high", List.of(METRIC),
                CloudWatch.Statistic.Average, 60, 3, 3, CloudWatch.Comparison.GreaterThanThreshold, targetValue));
        CloudWatch.Alarm low = sim.cloudWatch().alarm(new CloudWatch.AlarmSpec("tt-low", List.of(METRIC),
                CloudWatch.Statistic.Average, 60, 15, 15, CloudWatch.Comparison.LessThanThreshold, 0.9 * targetValue));
        ApplicationAutoScaling.runWhileInAlarm(sim, high, () -> execute(sim, high.lastValue, true), low,
                () -> execute(sim, low.lastValue, false));
    }

    private void execute(Sim sim, double metric, boolean out) {
        sim.stats().invocations++;
        long now = sim.loop().now();
        Plant plant = sim.plant();
        int current = plant.targetCapacity();
        int running = Math.max(1, plant.runningCapacity());
        int desired = (int) Math.min(max, Math.max(min, Math.ceil(running * metric / targetValue - 1e-9)));
        if (out) {
            // The scale-out cooldown never blocks: capacity it added is already in "current".
            if (desired > current && plant.modify(desired, ExcessCapacityTerminationPolicy.DEFAULT)) {
                inCooldownUntil = -1;
            }
        } else if (desired < current && now >= inCooldownUntil
                && plant.modify(desired, ExcessCapacityTerminationPolicy.DEFAULT)) {
            inCooldownUntil = now + inCooldownMillis;
        }
    }

    @Override
    void addSettings(Map<String, Object> m) {
        m.put("metric", "visible / running instances, published every minute");
        m.put("targetValue", targetValue);
        m.put("alarms", "high: > target 3 of 3 one-minute; low: < 0.9 x target 15 of 15 one-minute");
        m.put("scaleOutCooldownSeconds", outCooldownMillis / 1000);
        m.put("scaleInCooldownSeconds", inCooldownMillis / 1000);
    }
}
