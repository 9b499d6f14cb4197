package dev.sfautoscaler.aws;

import dev.sfautoscaler.core.FleetSnapshot;
import dev.sfautoscaler.core.LastChange;
import dev.sfautoscaler.core.ModifyCommand;
import dev.sfautoscaler.core.Target;
import dev.sfautoscaler.core.TargetKind;
import dev.sfautoscaler.core.ThroughputEstimate;
import dev.sfautoscaler.core.error.FleetNotScalable;
import dev.sfautoscaler.core.port.FleetGateway;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@link FleetGateway} per target kind, chosen by the kind each call names: a spot fleet request
 * goes to EC2's Spot Fleet API, an EC2 Fleet to its Fleet API, an Auto Scaling group to Auto Scaling.
 */
public final class TargetRouter implements FleetGateway {

    private final Map<TargetKind, FleetGateway> byKind;

    public TargetRouter(Map<TargetKind, FleetGateway> byKind) {
        this.byKind = new EnumMap<>(TargetKind.class);
        this.byKind.putAll(byKind);
    }

    @Override
    public FleetSnapshot describe(Target target) {
        return gateway(target.kind(), target.id()).describe(target);
    }

    /** Each kind's targets read together by that kind's gateway. */
    @Override
    public Map<Target, FleetSnapshot> describeAll(List<Target> targets) {
        Map<TargetKind, List<Target>> byKindOfTarget = new LinkedHashMap<>();
        for (Target t : targets) {
            if (byKind.containsKey(t.kind())) {
                byKindOfTarget.computeIfAbsent(t.kind(), k -> new ArrayList<>()).add(t);
            }
        }
        Map<Target, FleetSnapshot> read = new HashMap<>();
        byKindOfTarget.forEach((kind, some) -> read.putAll(byKind.get(kind).describeAll(some)));
        return read;
    }

    @Override
    public void modify(ModifyCommand command) {
        gateway(command.targetKind(), command.fleetId()).modify(command);
    }

    @Override
    public void recordChange(Target target, LastChange change) {
        gateway(target.kind(), target.id()).recordChange(target, change);
    }

    @Override
    public void recordEstimate(Target target, ThroughputEstimate estimate) {
        gateway(target.kind(), target.id()).recordEstimate(target, estimate);
    }

    private FleetGateway gateway(TargetKind kind, String id) {
        FleetGateway gateway = byKind.get(kind);
        if (gateway == null) {
            throw new FleetNotScalable(id, "this deployment has no adapter for " + kind.wireName() + " targets");
        }
        return gateway;
    }
}
