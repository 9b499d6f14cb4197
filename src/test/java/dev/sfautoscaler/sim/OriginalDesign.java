package dev.sfautoscaler.sim;

import dev.sfautoscaler.core.AlarmState;
import dev.sfautoscaler.core.ExcessCapacityTerminationPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The 2016 design: two CloudWatch alarms on the 5-minute average of visible messages (>= 100,
 * <= 20) whose ALARM transitions invoke a Lambda (through SNS) that adds or removes one unit,
 * skipping the change when it would leave its bounds (as written: never above 4 or below 3).
 * An alarm acts only on a transition, so a fleet that needs +5 gets +1 and stalls while the alarm
 * stays in ALARM.
 */
final class OriginalDesign implements Autoscaler {

    private final String name;
    private final int min;
    private final int max;
    private final double outThreshold;
    private final double inThreshold;
    private final int periodSeconds;

    OriginalDesign(String name, int min, int max, double outThreshold, double inThreshold, int periodSeconds) {
        this.name = name;
        this.min = min;
        this.max = max;
        this.outThreshold = outThreshold;
        this.inThreshold = inThreshold;
        this.periodSeconds = periodSeconds;
    }

    static OriginalDesign fromJson(String name, JsonObject o, Scenario s) {
        OriginalDesign d = new OriginalDesign(name,
                (int) o.nonNegativeInteger("minCapacity", s.policy().minCapacity()),
                (int) o.nonNegativeInteger("maxCapacity", s.policy().maxCapacity()),
                o.number("scaleOutThreshold", 100), o.number("scaleInThreshold", 20),
                (int) o.positiveInteger("periodSeconds", 300));
        if (d.min > d.max) {
            throw new ScenarioException(o.path("minCapacity") + " must not exceed maxCapacity");
        }
        return d;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int minCapacity() {
        return min;
    }

    @Override
    public int maxCapacity() {
        return max;
    }

    @Override
    public void start(Sim sim) {
        CloudWatch.Alarm out = sim.cloudWatch().alarm(new CloudWatch.AlarmSpec("scale_out", List.of(CloudWatch.VISIBLE),
                CloudWatch.Statistic.Average, periodSeconds, 1, 1,
                CloudWatch.Comparison.GreaterThanOrEqualToThreshold, outThreshold));
        CloudWatch.Alarm in = sim.cloudWatch().alarm(new CloudWatch.AlarmSpec("scale_in", List.of(CloudWatch.VISIBLE),
                CloudWatch.Statistic.Average, periodSeconds, 1, 1,
                CloudWatch.Comparison.LessThanOrEqualToThreshold, inThreshold));
        CloudWatch.Listener invoke = (alarm, from, to) -> {
            if (to == AlarmState.ALARM) {
                boolean scaleOut = alarm == out;
                sim.loop().after(sim.millis(sim.scenario().aws().eventDelaySeconds() + sim.scenario().aws().taskSeconds()),
                        () -> lambda(sim, scaleOut));
            }
        };
        out.onChange(invoke);
        in.onChange(invoke);
    }

    /** The original function: read the target, +1 or -1, skip when outside the bounds, modify. */
    private void lambda(Sim sim, boolean scaleOut) {
        sim.stats().invocations++;
        int current = sim.plant().targetCapacity();
        int next = scaleOut ? current + 1 : current - 1;
        if (scaleOut ? next > max : next < min) {
            return;
        }
        // No retry: a refused modification (fleet still modifying) is only published as an error.
        sim.plant().modify(next, ExcessCapacityTerminationPolicy.DEFAULT);
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "original");
        m.put("minCapacity", min);
        m.put("maxCapacity", max);
        m.put("scaleOutAlarm", "Average(visible) over " + periodSeconds + " s >= " + CloudWatch.fmt(outThreshold) + ", 1 of 1");
        m.put("scaleInAlarm", "Average(visible) over " + periodSeconds + " s <= " + CloudWatch.fmt(inThreshold) + ", 1 of 1");
        m.put("action", "+1 / -1 per transition into ALARM");
        return m;
    }
}
