package dev.sfautoscaler.core.fakes;

import dev.sfautoscaler.core.ActivityStatus;
import dev.sfautoscaler.core.FleetSnapshot;
import dev.sfautoscaler.core.FleetState;
import dev.sfautoscaler.core.FleetType;
import dev.sfautoscaler.core.LastChange;
import dev.sfautoscaler.core.ModifyCommand;
import dev.sfautoscaler.core.Target;
import dev.sfautoscaler.core.TargetKind;
import dev.sfautoscaler.core.ThroughputEstimate;
import dev.sfautoscaler.core.error.AwsCallFailed;
import dev.sfautoscaler.core.error.FleetNotFound;
import dev.sfautoscaler.core.error.FleetNotInModifiableState;
import dev.sfautoscaler.core.port.FleetGateway;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Spot fleets kept in memory, behaving the way EC2 does where the core can notice it: only active
 * {@code maintain} fleets accept a modification ({@code FleetNotInModifiableState} otherwise), the
 * on-demand part may not exceed the target ({@code InvalidParameter}), a modification sets the
 * target and may leave the fleet {@code modifying}, and the last-change marker is stored as the
 * tag string the real adapter writes, so it round-trips through {@link LastChange#toMarker()}.
 *
 * <p>Every call is recorded so a test can assert that no write happened; errors can be queued per
 * operation to simulate AWS faults.
 */
public final class InMemoryFleetGateway implements FleetGateway {

    /** The three port operations, for call records and error injection. */
    public enum Operation { DESCRIBE, MODIFY, RECORD_CHANGE, RECORD_ESTIMATE }

    /** One call made through the port. */
    public record Call(Operation operation, String fleetId, Object argument) {
    }

    /** A fleet's mutable state; tests change fields directly to stage a scenario. */
    public static final class Fleet {
        public final String fleetId;
        public int targetCapacity;
        public double fulfilledCapacity;
        public int onDemandTargetCapacity;
        public double onDemandFulfilledCapacity;
        public FleetState state = FleetState.ACTIVE;
        public ActivityStatus activityStatus = ActivityStatus.FULFILLED;
        public FleetType type = FleetType.MAINTAIN;
        /** The tag value, exactly as stored on the fleet; may be damaged on purpose. */
        public String marker;
        /** The throughput estimate as its tag holds it ({@link ThroughputEstimate#toWire()}). */
        public String estimate;
        public String excessCapacityTerminationPolicy;

        Fleet(String fleetId, int targetCapacity) {
            this.fleetId = fleetId;
            this.targetCapacity = targetCapacity;
            this.fulfilledCapacity = targetCapacity;
        }

        FleetSnapshot snapshot(TargetKind kind) {
            return new FleetSnapshot(fleetId, targetCapacity, fulfilledCapacity, onDemandTargetCapacity,
                    onDemandFulfilledCapacity, state, activityStatus, type, LastChange.fromMarker(marker), kind)
                    .withStoredEstimate(Optional.ofNullable(estimate).map(ThroughputEstimate::fromWire));
        }
    }

    private final Map<String, Fleet> fleets = new LinkedHashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private final Map<Operation, Deque<RuntimeException>> failures = new EnumMap<>(Operation.class);
    private final Map<Operation, Deque<Runnable>> before = new EnumMap<>(Operation.class);
    private boolean modifyLeavesFleetModifying;

    /** Adds an active, fully fulfilled maintain fleet. */
    public Fleet add(String fleetId, int targetCapacity) {
        Fleet fleet = new Fleet(fleetId, targetCapacity);
        fleets.put(fleetId, fleet);
        return fleet;
    }

    public Fleet fleet(String fleetId) {
        return fleets.get(fleetId);
    }

    /** The next call of this operation throws {@code error} (queued: several calls, several errors). */
    public InMemoryFleetGateway failNext(Operation operation, RuntimeException error) {
        failures.computeIfAbsent(operation, o -> new ArrayDeque<>()).add(error);
        return this;
    }

    /** Runs {@code action} just before the next call of this operation: what happens meanwhile elsewhere. */
    public InMemoryFleetGateway beforeNext(Operation operation, Runnable action) {
        before.computeIfAbsent(operation, o -> new ArrayDeque<>()).add(action);
        return this;
    }

    /** After a modification the fleet reports {@code modifying}, as EC2 does while it applies the change. */
    public InMemoryFleetGateway modifyLeavesFleetModifying(boolean value) {
        modifyLeavesFleetModifying = value;
        return this;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Modify and record-change calls: what would have changed the fleet or its tags. */
    public List<Call> writes() {
        return calls.stream().filter(c -> c.operation() != Operation.DESCRIBE).toList();
    }

    public List<ModifyCommand> modifications() {
        return calls.stream().filter(c -> c.operation() == Operation.MODIFY)
                .map(c -> (ModifyCommand) c.argument()).toList();
    }

    @Override
    public FleetSnapshot describe(Target target) {
        String fleetId = target.id();
        calls.add(new Call(Operation.DESCRIBE, fleetId, null));
        failIfQueued(Operation.DESCRIBE);
        return require(fleetId).snapshot(target.kind());
    }

    @Override
    public void modify(ModifyCommand command) {
        calls.add(new Call(Operation.MODIFY, command.fleetId(), command));
        failIfQueued(Operation.MODIFY);
        Fleet fleet = require(command.fleetId());
        if (fleet.type != FleetType.MAINTAIN || fleet.state != FleetState.ACTIVE) {
            throw new FleetNotInModifiableState(fleet.fleetId, "The spot fleet request is in state '"
                    + fleet.state.wireName() + "' and of type '" + fleet.type.wireName() + "'");
        }
        int onDemand = command.onDemandTargetCapacity().orElse(fleet.onDemandTargetCapacity);
        if (command.targetCapacity() < onDemand) {
            throw new AwsCallFailed("ModifySpotFleetRequest", "InvalidParameter", "TargetCapacity ("
                    + command.targetCapacity() + ") cannot be less than OnDemandTargetCapacity (" + onDemand + ")",
                    false);
        }
        fleet.targetCapacity = command.targetCapacity();
        fleet.onDemandTargetCapacity = onDemand;
        fleet.excessCapacityTerminationPolicy = command.excessCapacityTerminationPolicy().wireName();
        if (modifyLeavesFleetModifying) {
            fleet.state = FleetState.MODIFYING;
        }
    }

    @Override
    public void recordChange(Target target, LastChange change) {
        String fleetId = target.id();
        calls.add(new Call(Operation.RECORD_CHANGE, fleetId, change));
        failIfQueued(Operation.RECORD_CHANGE);
        require(fleetId).marker = change.toMarker();
    }

    @Override
    public void recordEstimate(Target target, ThroughputEstimate estimate) {
        calls.add(new Call(Operation.RECORD_ESTIMATE, target.id(), estimate));
        failIfQueued(Operation.RECORD_ESTIMATE);
        require(target.id()).estimate = estimate.toWire();
    }

    /**
     * These fleets as another gateway would describe them ({@code view} applied to each snapshot: a target tag,
     * a pause), with modify and recordChange written here; estimates are not stored (the port's default).
     */
    public FleetGateway describedAs(UnaryOperator<FleetSnapshot> view) {
        InMemoryFleetGateway fleets = this;
        return new FleetGateway() {
            @Override
            public FleetSnapshot describe(Target target) {
                return view.apply(fleets.describe(target));
            }

            @Override
            public void modify(ModifyCommand command) {
                fleets.modify(command);
            }

            @Override
            public void recordChange(Target target, LastChange change) {
                fleets.recordChange(target, change);
            }
        };
    }

    private Fleet require(String fleetId) {
        Fleet fleet = fleets.get(fleetId);
        if (fleet == null) {
            throw new FleetNotFound(fleetId, "InvalidSpotFleetRequestId.NotFound");
        }
        return fleet;
    }

    private void failIfQueued(Operation operation) {
        Deque<Runnable> meanwhile = before.get(operation);
        if (meanwhile != null && !meanwhile.isEmpty()) {
            meanwhile.poll().run();
        }
        Deque<RuntimeException> queued = failures.get(operation);
        if (queued != null && !queued.isEmpty()) {
            throw queued.poll();
        }
    }
}
