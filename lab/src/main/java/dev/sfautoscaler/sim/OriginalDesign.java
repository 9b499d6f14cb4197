package dev.sfautoscaler.sim;

import dev.sfautoscaler.core.AlarmState;
import dev.sfautoscaler.core.ExcessCapacityTerminationPolicy;
import dev.sfautoscaler.wire.WireObject;
import java.util.Map;

/**
 * The 2016 design: two CloudWatch alarms on the 5-minute average of visible messages (>= 100,
 * <= 20) whose ALARM transitions invoke a Lambda (through SNS) that adds or removes one unit,
 * skipping the change when it would leave its bounds (as written: never above 4 or below 3).
 * An alarm acts only on a transition, so a fleet that needs +5 gets +1 and stalls while the alarm
 * stays in ALARM.
 */
final class OriginalDesign extends Baseline {

    private final OriginalAlarms alarms;

    OriginalDesign(String name, Bounds bounds, OriginalAlarms alarms) {
        super(name, "original", bounds);
        this.alarms = alarms;
    }

    static OriginalDesign fromJson(String name, WireObject o, Scenario s) {
        return new OriginalDesign(name, Bounds.fromJson(o, s), OriginalAlarms.fromJson(o));
    }

    @Override
    public void start(Sim sim) {
        CloudWatch.Alarm out = sim.cloudWatch().alarm(alarms.scaleOut("scale_out"));
        CloudWatch.Alarm in = sim.cloudWatch().alarm(alarms.scaleIn("scale_in"));
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
    void addSettings(Map<String, Object> m) {
        alarms.addSettings(m);
        m.put("action", "+1 / -1 per transition into ALARM");
    }
}
