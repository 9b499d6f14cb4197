package dev.sfautoscaler.config;

import dev.sfautoscaler.core.CapacityReading;
import dev.sfautoscaler.core.DecisionBasis;
import dev.sfautoscaler.core.DrainReport;
import dev.sfautoscaler.core.FailureReport;
import dev.sfautoscaler.core.FleetSnapshot;
import dev.sfautoscaler.core.LastChange;
import dev.sfautoscaler.core.ModifyOutcome;
import dev.sfautoscaler.core.Notification;
import dev.sfautoscaler.core.OwnBounds;
import dev.sfautoscaler.core.QueueMetrics;
import dev.sfautoscaler.core.QueueSnapshot;
import dev.sfautoscaler.core.ScaleDecision;
import dev.sfautoscaler.core.Target;
import dev.sfautoscaler.core.ThroughputEstimate;
import dev.sfautoscaler.wire.WireModule;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Core records that Jackson writes by reflection (Lambda output, SNS message), and the wire
 * format's mix-in that adds a decision's {@code change}. A native image keeps their accessors only
 * when registered; the core cannot carry the annotation itself. Enums and policies are written by
 * the wire format's own serializers ({@code dev.sfautoscaler.wire.WireModule}), read by no reflection.
 * decide's metrics ({@code dev.sfautoscaler.metrics.EmfDecisionMetrics}) are a Jackson tree: nothing to register.
 */
@RegisterForReflection(targets = {
        FleetSnapshot.class, OwnBounds.class, QueueSnapshot.class, LastChange.class, CapacityReading.class,
        ScaleDecision.class, DecisionBasis.class, ModifyOutcome.class, Notification.class, FailureReport.class,
        WireModule.ScaleDecisionWire.class, QueueMetrics.class, ThroughputEstimate.class, DrainReport.class,
        Target.class })
final class NativeReflection {

    private NativeReflection() {
    }
}
