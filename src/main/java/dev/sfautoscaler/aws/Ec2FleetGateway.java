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
import software.amazon.awssdk.services.ec2.model.DescribeSpotFleetRequestsResponse;
import software.amazon.awssdk.services.ec2.model.ModifySpotFleetRequestRequest;
import software.amazon.awssdk.services.ec2.model.SpotFleetRequestConfig;
import software.amazon.awssdk.services.ec2.model.SpotFleetRequestConfigData;

/**
 * The spot fleet through the EC2 API. The last-change marker is a tag on the spot fleet request,
 * read with DescribeTags because DescribeSpotFleetRequests may show only the creation tags.
 */
public final class Ec2FleetGateway implements FleetGateway {

    private static final String DESCRIBE = "EC2 DescribeSpotFleetRequests";
    private static final String MODIFY = "EC2 ModifySpotFleetRequest";

    private final Ec2Client ec2;
    private final Ec2TagMarker marker;

    public Ec2FleetGateway(Ec2Client ec2, String markerTagKey) {
        this.ec2 = ec2;
        this.marker = new Ec2TagMarker(ec2, markerTagKey);
    }

    @Override
    public FleetSnapshot describe(Target target) {
        String fleetId = target.id();
        DescribeSpotFleetRequestsResponse response;
        try {
            response = ec2.describeSpotFleetRequests(r -> r.spotFleetRequestIds(fleetId));
        } catch (SdkException e) {
            throw AwsErrorTranslator.translate(AwsCall.of(DESCRIBE, fleetId, "SpotFleetRequestId"), e);
        }
        SpotFleetRequestConfig config = response.spotFleetRequestConfigs().stream()
                .filter(c -> fleetId.equals(c.spotFleetRequestId()))
                .findFirst()
                .orElseThrow(() -> new FleetNotFound(fleetId, "EC2 DescribeSpotFleetRequests returned no such request"));
        Ec2TagMarker.Tags tags = marker.read(fleetId);
        return snapshot(fleetId, config, tags.lastChange()).withPausedBy(tags.pausedBy())
                .withStoredEstimate(Ec2TagMarker.estimate(tags.throughput()))
                .withDrainStartedAt(tags.drainStartedAt());
    }

    /**
     * One DescribeSpotFleetRequests and one DescribeTags for up to {@link Batches#SIZE} requests. EC2
     * refuses the whole call when one id is unknown: that batch is then left to {@link #describe},
     * fleet by fleet, so only the unknown one fails.
     */
    @Override
    public Map<Target, FleetSnapshot> describeAll(List<Target> targets) {
        Map<Target, FleetSnapshot> read = new HashMap<>();
        for (List<Target> batch : Batches.of(targets)) {
            List<String> ids = batch.stream().map(Target::id).distinct().toList();
            try {
                List<SpotFleetRequestConfig> configs = ec2.describeSpotFleetRequests(r -> r.spotFleetRequestIds(ids))
                        .spotFleetRequestConfigs();
                Map<String, Ec2TagMarker.Tags> tags = marker.readAll(ids);
                for (Target t : batch) {
                    configs.stream().filter(c -> t.id().equals(c.spotFleetRequestId())).findFirst().ifPresent(c ->
                            read.put(t, snapshot(t.id(), c, tags.get(t.id()).lastChange())
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
        ModifySpotFleetRequestRequest.Builder request = ModifySpotFleetRequestRequest.builder()
                .spotFleetRequestId(command.fleetId())
                .targetCapacity(command.targetCapacity());
        command.onDemandTargetCapacity().ifPresent(request::onDemandTargetCapacity);
        // 'default' is what EC2 does when the parameter is absent; only the exception is sent.
        if (command.excessCapacityTerminationPolicy() == ExcessCapacityTerminationPolicy.NO_TERMINATION) {
            request.excessCapacityTerminationPolicy(command.excessCapacityTerminationPolicy().wireName());
        }
        try {
            ec2.modifySpotFleetRequest(request.build());
        } catch (SdkException e) {
            throw AwsErrorTranslator.translate(AwsCall.of(MODIFY, command.fleetId(), "TargetCapacity",
                    "OnDemandTargetCapacity", "ExcessCapacityTerminationPolicy", "SpotFleetRequestId"), e);
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


    private static FleetSnapshot snapshot(String fleetId, SpotFleetRequestConfig config, Optional<LastChange> last) {
        SpotFleetRequestConfigData data = config.spotFleetRequestConfig();
        try {
            return new FleetSnapshot(fleetId,
                    orZero(data == null ? null : data.targetCapacity()),
                    orZero(data == null ? null : data.fulfilledCapacity()),
                    orZero(data == null ? null : data.onDemandTargetCapacity()),
                    orZero(data == null ? null : data.onDemandFulfilledCapacity()),
                    FleetState.fromWire("SpotFleetRequestState", config.spotFleetRequestStateAsString()),
                    ActivityStatus.fromWire("ActivityStatus", config.activityStatusAsString()),
                    // EC2's default type is 'maintain'; some emulators omit the field.
                    data == null || data.typeAsString() == null ? FleetType.MAINTAIN
                            : FleetType.fromWire("Type", data.typeAsString()),
                    last);
        } catch (InvalidInput e) {
            // EC2 answered with something this version does not know: not the caller's input.
            throw new AwsCallFailed(DESCRIBE, "UnexpectedResponse", "fleet " + fleetId + ": " + e.getMessage(), false);
        }
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static double orZero(Double value) {
        return value == null ? 0.0 : value;
    }
}
