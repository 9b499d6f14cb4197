package dev.sfautoscaler.sim;

import dev.sfautoscaler.core.ExcessCapacityTerminationPolicy;
import dev.sfautoscaler.wire.WireObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Application Auto Scaling step scaling on the original design's alarms. The policy runs when an
 * alarm enters ALARM and again every minute while it stays there. The step is chosen by how far
 * the alarm's latest datapoint is past the threshold. During a scale-out cooldown the capacity the
 * cooldown's own scale-out added counts towards the next one (so a repeated +1 adds nothing, a
 * larger step adds the difference); a scale-in waits for its cooldown, and a scale-out ends it.
 */
final class StepScaling extends Baseline {

    /** Add {@code adjustment} when the breach (metric - threshold) is at least {@code fromBreach}. */
    record Step(double fromBreach, int adjustment) {
    }

    private final OriginalAlarms alarms;
    private final List<Step> outSteps;
    private final int inAdjustment;
    private final long outCooldownMillis;
    private final long inCooldownMillis;

    private long outCooldownUntil = -1;
    private int outCooldownBase;
    private long inCooldownUntil = -1;

    StepScaling(String name, Bounds bounds, OriginalAlarms alarms, List<Step> outSteps, int inAdjustment,
            long outCooldownSeconds, long inCooldownSeconds) {
        super(name, "aas-step", bounds);
        this.alarms = alarms;
        this.outSteps = List.copyOf(outSteps);
        this.inAdjustment = inAdjustment;
        this.outCooldownMillis = outCooldownSeconds * 1000;
        this.inCooldownMillis = inCooldownSeconds * 1000;
    }

    static StepScaling fromJson(String name, WireObject o, Scenario s) {
        List<Step> steps = new ArrayList<>();
        for (WireObject st : o.objects("scaleOutSteps")) {
            steps.add(new Step(st.optionalAmount("fromBreach").orElse(0.0),
                    (int) (long) st.optionalPositiveCount("adjustment").orElse(1L)));
            st.done();
        }
        if (steps.isEmpty()) {
            // A typical tiered policy: +1 just past the threshold, more the further past it.
            steps = new ArrayList<>(List.of(new Step(0, 1), new Step(400, 2), new Step(1900, 4)));
        }
        steps.sort((a, b) -> Double.compare(a.fromBreach(), b.fromBreach()));
        if (steps.get(0).fromBreach() != 0) {
            throw o.invalid("scaleOutSteps", "must start at fromBreach 0");
        }
        long cooldown = o.optionalLongCount("cooldownSeconds").orElse(300L);
        return new StepScaling(name, Bounds.fromJson(o, s), OriginalAlarms.fromJson(o), steps,
                (int) (long) o.optionalPositiveCount("scaleInStep").orElse(1L),
                o.optionalLongCount("scaleOutCooldownSeconds").orElse(cooldown),
                o.optionalLongCount("scaleInCooldownSeconds").orElse(cooldown));
    }

    @Override
    public void start(Sim sim) {
        CloudWatch.Alarm out = sim.cloudWatch().alarm(alarms.scaleOut("aas-step-out"));
        CloudWatch.Alarm in = sim.cloudWatch().alarm(alarms.scaleIn("aas-step-in"));
        ApplicationAutoScaling.runWhileInAlarm(sim, out, () -> scaleOut(sim, out.lastValue), in, () -> scaleIn(sim));
    }

    /** Runs the scale-out policy; visible for tests. */
    void scaleOut(Sim sim, double metric) {
        sim.stats().invocations++;
        long now = sim.loop().now();
        int adjustment = adjustment(metric - alarms.scaleOutThreshold());
        int current = sim.plant().targetCapacity();
        if (now < outCooldownUntil) {
            int desired = Math.min(max, outCooldownBase + adjustment);
            if (desired > current && sim.plant().modify(desired, ExcessCapacityTerminationPolicy.DEFAULT)) {
                inCooldownUntil = -1;
            }
            return;
        }
        int desired = Math.min(max, current + adjustment);
        if (desired > current && sim.plant().modify(desired, ExcessCapacityTerminationPolicy.DEFAULT)) {
            outCooldownBase = current;
            outCooldownUntil = now + outCooldownMillis;
            inCooldownUntil = -1;
        }
    }

    private void scaleIn(Sim sim) {
        sim.stats().invocations++;
        long now = sim.loop().now();
        if (now < inCooldownUntil) {
            return;
        }
        int current = sim.plant().targetCapacity();
        int desired = Math.max(min, current - inAdjustment);
        if (desired < current && sim.plant().modify(desired, ExcessCapacityTerminationPolicy.DEFAULT)) {
            inCooldownUntil = now + inCooldownMillis;
        }
    }

    int adjustment(double breach) {
        int a = outSteps.get(0).adjustment();
        for (Step s : outSteps) {
            if (breach >= s.fromBreach()) {
                a = s.adjustment();
            }
        }
        return a;
    }

    @Override
    void addSettings(Map<String, Object> m) {
        alarms.addSettings(m);
        List<String> steps = new ArrayList<>();
        for (Step s : outSteps) {
            steps.add("+" + s.adjustment() + " from " + CloudWatch.fmt(alarms.scaleOutThreshold() + s.fromBreach()));
        }
        m.put("scaleOutSteps", steps);
        m.put("scaleInStep", -inAdjustment);
        m.put("scaleOutCooldownSeconds", outCooldownMillis / 1000);
        m.put("scaleInCooldownSeconds", inCooldownMillis / 1000);
    }
}
