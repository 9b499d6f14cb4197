package dev.sfautoscaler.sim;

import dev.sfautoscaler.core.ExcessCapacityTerminationPolicy;
import dev.sfautoscaler.core.ScalingMode;
import dev.sfautoscaler.core.ScalingPolicy;
import dev.sfautoscaler.core.error.InvalidInput;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps the execution input's {@code policy} object (field names = {@link ScalingPolicy} record
 * components, enums by wire name) onto a builder. The simulator reads the same JSON a user puts in
 * the execution input, so a what-if run uses exactly the configuration that will be deployed.
 */
final class PolicyJson {

    private PolicyJson() {
    }

    static ScalingPolicy.Builder apply(ScalingPolicy.Builder b, JsonObject o) {
        if (o == null) {
            return b;
        }
        if (o.has("mode")) {
            String m = o.text("mode", null);
            ScalingMode mode = ScalingMode.fromWireOrNull(m);
            if (mode == null) {
                throw new ScenarioException(o.path("mode") + " must be target-tracking or step; got '" + m + "'");
            }
            b.mode(mode);
        }
        if (o.has("minCapacity")) {
            b.minCapacity((int) o.integer("minCapacity", 0));
        }
        if (o.has("maxCapacity")) {
            b.maxCapacity((int) o.integer("maxCapacity", 0));
        }
        if (o.has("backlogPerUnit")) {
            b.backlogPerUnit(o.integer("backlogPerUnit", 0));
        }
        if (o.has("inFlightPerUnit")) {
            b.inFlightPerUnit((int) o.integer("inFlightPerUnit", 0));
        }
        if (o.has("includeDelayed")) {
            b.includeDelayed(o.bool("includeDelayed", false));
        }
        if (o.has("activationBacklog")) {
            b.activationBacklog(o.integer("activationBacklog", 0));
        }
        if (o.has("scaleOutCooldownSeconds")) {
            b.scaleOutCooldownSeconds(o.integer("scaleOutCooldownSeconds", 0));
        }
        if (o.has("scaleInCooldownSeconds")) {
            b.scaleInCooldownSeconds(o.integer("scaleInCooldownSeconds", 0));
        }
        if (o.has("maxScaleOutStep")) {
            b.maxScaleOutStep((int) o.integer("maxScaleOutStep", 0));
        }
        if (o.has("maxScaleInStep")) {
            b.maxScaleInStep((int) o.integer("maxScaleInStep", 0));
        }
        if (o.has("scaleInTolerance")) {
            b.scaleInTolerance(o.number("scaleInTolerance", 0));
        }
        if (o.has("stepSize")) {
            b.stepSize((int) o.integer("stepSize", 0));
        }
        if (o.has("scaleOutAlarmName")) {
            b.scaleOutAlarmName(o.text("scaleOutAlarmName", null));
        }
        if (o.has("scaleInAlarmName")) {
            b.scaleInAlarmName(o.text("scaleInAlarmName", null));
        }
        if (o.has("disableScaleIn")) {
            b.disableScaleIn(o.bool("disableScaleIn", false));
        }
        if (o.has("onDemandTargetCapacity")) {
            b.onDemandTargetCapacity((int) o.integer("onDemandTargetCapacity", 0));
        }
        if (o.has("excessCapacityTerminationPolicy")) {
            String p = o.text("excessCapacityTerminationPolicy", null);
            ExcessCapacityTerminationPolicy v = ExcessCapacityTerminationPolicy.fromWireOrNull(p);
            if (v == null) {
                throw new ScenarioException(o.path("excessCapacityTerminationPolicy")
                        + " must be default or noTermination; got '" + p + "'");
            }
            b.excessCapacityTerminationPolicy(v);
        }
        if (o.has("maxQueueDataAgeSeconds")) {
            b.maxQueueDataAgeSeconds(o.integer("maxQueueDataAgeSeconds", 0));
        }
        o.done();
        return b;
    }

    static ScalingPolicy build(ScalingPolicy.Builder b, String where) {
        try {
            return b.build();
        } catch (InvalidInput e) {
            throw new ScenarioException(where + ": " + e.getMessage(), e);
        }
    }

    /** The policy as the execution input would carry it (every field, wire names). */
    static Map<String, Object> toMap(ScalingPolicy p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", p.mode().wireName());
        m.put("minCapacity", p.minCapacity());
        m.put("maxCapacity", p.maxCapacity());
        m.put("backlogPerUnit", p.backlogPerUnit());
        m.put("inFlightPerUnit", p.inFlightPerUnit());
        m.put("includeDelayed", p.includeDelayed());
        m.put("activationBacklog", p.activationBacklog());
        m.put("scaleOutCooldownSeconds", p.scaleOutCooldownSeconds());
        m.put("scaleInCooldownSeconds", p.scaleInCooldownSeconds());
        m.put("maxScaleOutStep", p.maxScaleOutStep());
        m.put("maxScaleInStep", p.maxScaleInStep());
        m.put("scaleInTolerance", p.scaleInTolerance());
        m.put("stepSize", p.stepSize());
        p.scaleOutAlarmName().ifPresent(n -> m.put("scaleOutAlarmName", n));
        p.scaleInAlarmName().ifPresent(n -> m.put("scaleInAlarmName", n));
        m.put("disableScaleIn", p.disableScaleIn());
        p.onDemandTargetCapacity().ifPresent(n -> m.put("onDemandTargetCapacity", n));
        m.put("excessCapacityTerminationPolicy", p.excessCapacityTerminationPolicy().wireName());
        m.put("maxQueueDataAgeSeconds", p.maxQueueDataAgeSeconds());
        return m;
    }
}
