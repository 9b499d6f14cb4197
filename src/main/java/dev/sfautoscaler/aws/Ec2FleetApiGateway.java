package dev.sfautoscaler.aws;

import dev.sfautoscaler.aws.AwsErrorTranslator.AwsCall;
import dev.sfautoscaler.core.ActivityStatus;
import dev.sfautoscaler.core.ExcessCapacityTerminationPolicy;
import dev.sfautoscaler.core.FleetSnapshot;
import dev.sfautoscaler.core.FleetState;
import dev.sfautoscaler.core.FleetType;
import dev.sfautoscaler.core.LastChange;
import dev.sfautoscaler.core.ModifyCommand;
import dev.sfautoscaler.core.Target;
import dev.sfautoscaler.core.ThroughputEstimate;
import dev.sfautoscaler.core.TargetKind;
import dev.sfautoscaler.core.error.AwsCallFailed;
import dev.sfautoscaler.core.error.FleetNotFound;
import dev.sfautoscaler.core.error.InvalidInput;
import dev.sfautoscaler.core.port.FleetGateway;
import dev.sfautoscaler.core.error.AutoscalerException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeFleetsResponse;
import software.amazon.awssdk.services.ec2.model.FleetData;
import software.amazon.awssdk.services.ec2.model.ModifyFleetRequest;
import software.amazon.awssdk.services.ec2.model.TargetCapacitySpecification;
import software.amazon.awssdk.services.ec2.model.TargetCapacitySpecificationRequest;

/**
 * An EC2 Fleet ({@code fleet-...}) through EC2's Fleet API: DescribeFleets, ModifyFleet with the new
 * {@code TotalTargetCapacity} (and the on-demand part, which the core keeps as for a spot fleet), the
 * last-change marker as a tag on the fleet. Only a {@code maintain} fleet keeps a target capacity; a
 * {@code request} or {@code instant} fleet is read but never modified ({@code FleetNotScalable}).
 */
public final class Ec2FleetApiGateway implements FleetGateway {

    private static final String DESCRIBE = "EC2 DescribeFleets";
    private static final String MODIFY = "EC2 ModifyFleet";

    private final Ec2Client ec2;
    private final Ec2TagMarker marker;

    public Ec2FleetApiGateway(Ec2Client ec2, String markerTagKey) {
        this.ec2 = ec2;
        this.marker = new Ec2TagMarker(ec2, markerTagKey);
    }

    @Override
    public FleetSnapshot describe(Target target) {
        String fleetId = target.id();
        DescribeFleetsResponse response;
        try {
            response = ec2.describeFleets(r -> r.fleetIds(fleetId));
        } catch (SdkException e) {
            throw AwsErrorTranslator.translate(AwsCall.of(DESCRIBE, fleetId, "FleetId"), e);
        }
        FleetData fleet = response.fleets().stream()
                .filter(f -> fleetId.equals(f.fleetId()))
                .findFirst()
                .orElseThrow(() -> new FleetNotFound(fleetId, DESCRIBE + " returned no such fleet"));
        Ec2TagMarker.Tags tags = marker.read(fleetId);
        return snapshot(fleetId, fleet, tags.lastChange()).withPausedBy(tags.pausedBy())
                .withStoredEstimate(Ec2TagMarker.estimate(tags.throughput()))
                .withDrainStartedAt(tags.drainStartedAt());
    }

    /**
     * One DescribeFleets and one DescribeTags for up to {@link Batches#SIZE} fleets; a batch EC2 refuses
     * (an unknown id) is left to {@link #describe}, fleet by fleet.
     */
    @Override
    public Map<Target, FleetSnapshot> describeAll(List<Target> targets) {
        Map<Target, FleetSnapshot> read = new HashMap<>();
        for (List<Target> batch : Batches.of(targets)) {
            List<String> ids = batch.stream().map(Target::id).distinct().toList();
            try {
                List<FleetData> fleets = ec2.describeFleets(r -> r.fleetIds(ids)).fleets();
                Map<String, Ec2TagMarker.Tags> tags = marker.readAll(ids);
                for (Target t : batch) {
                    fleets.stream().filter(f -> t.id().equals(f.fleetId())).findFirst().ifPresent(f ->
                            read.put(t, snapshot(t.id(), f, tags.get(t.id()).lastChange())
                                    .withPausedBy(tags.get(t.id()).pausedBy())
                                    .withStoredEstimate(Ec2TagMarker.estimate(tags.get(t.id()).throughput()))
                                    .withDrainStartedAt(tags.get(t.id()).drainStartedAt())));
                }
            } catch (SdkException | AutoscalerException e) {
                // Read one by one instead: each fleet then reports its own error.
            }
        }
        return read;
    }

    @Override
    public void modify(ModifyCommand command) {
        TargetCapacitySpecificationRequest.Builder capacity = TargetCapacitySpecificationRequest.builder()
                .totalTargetCapacity(command.targetCapacity());
        command.onDemandTargetCapacity().ifPresent(capacity::onDemandTargetCapacity);
        ModifyFleetRequest.Builder request = ModifyFleetRequest.builder()
                .fleetId(command.fleetId())
                .targetCapacitySpecification(capacity.build());
        if (command.excessCapacityTerminationPolicy() == ExcessCapacityTerminationPolicy.NO_TERMINATION) {
            request.excessCapacityTerminationPolicy("no-termination");
        }
        try {
            ec2.modifyFleet(request.build());
        } catch (SdkException e) {
            throw AwsErrorTranslator.translate(AwsCall.of(MODIFY, command.fleetId(), "TotalTargetCapacity",
                    "OnDemandTargetCapacity", "ExcessCapacityTerminationPolicy", "FleetId"), e);
        }
    }

    @Override
    public void recordChange(Target target, LastChange change) {
        marker.write(target.id(), change);
    }

    @Override
    public void recordEstimate(Target target, ThroughputEstimate estimate) {
        marker.writeThroughput(target.id(), estimate.toWire());
    }


    private static FleetSnapshot snapshot(String fleetId, FleetData fleet, Optional<LastChange> last) {
        TargetCapacitySpecification capacity = fleet.targetCapacitySpecification();
        try {
            return new FleetSnapshot(fleetId,
                    orZero(capacity == null ? null : capacity.totalTargetCapacity()),
                    orZero(fleet.fulfilledCapacity()),
                    orZero(capacity == null ? null : capacity.onDemandTargetCapacity()),
                    orZero(fleet.fulfilledOnDemandCapacity()),
                    state(fleet.fleetStateAsString()),
                    ActivityStatus.fromWire("ActivityStatus", fleet.activityStatusAsString()),
                    // EC2's default type is 'maintain'.
                    fleet.typeAsString() == null ? FleetType.MAINTAIN : FleetType.fromWire("Type", fleet.typeAsString()),
                    last, TargetKind.EC2_FLEET);
        } catch (InvalidInput e) {
            throw new AwsCallFailed(DESCRIBE, "UnexpectedResponse", "fleet " + fleetId + ": " + e.getMessage(), false);
        }
    }

    /** EC2 Fleet's states are Spot Fleet's, with {@code deleted} for {@code cancelled}. */
    private static FleetState state(String value) {
        String spotFleetName = value == null ? null : value.replace("deleted", "cancelled");
        return FleetState.fromWire("FleetState", spotFleetName);
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static double orZero(Double value) {
        return value == null ? 0.0 : value;
    }
}
