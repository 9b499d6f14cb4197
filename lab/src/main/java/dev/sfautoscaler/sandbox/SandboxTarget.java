package dev.sfautoscaler.sandbox;

import dev.sfautoscaler.core.TargetKind;
import dev.sfautoscaler.testkit.AwsFixtures;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.ec2.model.ActiveInstance;
import software.amazon.awssdk.services.ec2.model.FleetData;
import software.amazon.awssdk.services.ec2.model.SpotFleetRequestConfigData;

/**
 * What the sandbox scales, of the kind {@code TARGET=} names, as a user would have it: a maintain
 * spot fleet of one-unit instances; a maintain EC2 Fleet of Spot instances of two types weighted 1
 * and 4; an Auto Scaling group from a launch template with a mixed instances policy of the same two
 * types. Read in the emulator as the workers need it: the target, the fulfilled units and each
 * running instance with its units (a weight-4 instance runs four workers).
 */
final class SandboxTarget {

    /** The Auto Scaling group's name. */
    static final String GROUP = "sandbox-workers";

    /** The target as read: its target capacity, its fulfilled units, each running instance's units. */
    record Reading(int target, double fulfilled, Map<String, Integer> instances) {
    }

    private final AwsFixtures aws;
    private final TargetKind kind;
    private final String id;

    private SandboxTarget(AwsFixtures aws, TargetKind kind, String id) {
        this.aws = aws;
        this.kind = kind;
        this.id = id;
    }

    /**
     * Creates the target in the emulator with {@code initial} units; an Auto Scaling group gets own
     * bounds of 0 and {@code maxCapacity} (the policy's maximum), so that the policy's are the ones
     * that bind.
     */
    static SandboxTarget create(AwsFixtures aws, TargetKind kind, int initial, int maxCapacity) {
        String id = switch (kind) {
            case SPOT_FLEET -> aws.createMaintainFleet(initial);
            case EC2_FLEET -> aws.createWeightedEc2Fleet(initial);
            case AUTO_SCALING_GROUP -> aws.createWeightedGroup(GROUP, initial, 0, Math.max(maxCapacity, initial));
        };
        return new SandboxTarget(aws, kind, id);
    }

    TargetKind kind() {
        return kind;
    }

    String id() {
        return id;
    }

    /** The target now, read as the user's console would. */
    Reading read() {
        return switch (kind) {
            case SPOT_FLEET -> {
                SpotFleetRequestConfigData config = aws.fleet(id).spotFleetRequestConfig();
                Map<String, Integer> instances = new LinkedHashMap<>();
                for (ActiveInstance i : aws.ec2().describeSpotFleetInstances(r -> r.spotFleetRequestId(id))
                        .activeInstances()) {
                    instances.put(i.instanceId(), 1);
                }
                yield new Reading(config.targetCapacity(), config.fulfilledCapacity() == null ? 0
                        : config.fulfilledCapacity(), instances);
            }
            case EC2_FLEET -> {
                FleetData fleet = aws.ec2Fleet(id);
                Map<String, Integer> instances = new LinkedHashMap<>();
                for (var i : aws.ec2().describeFleetInstances(r -> r.fleetId(id)).activeInstances()) {
                    instances.put(i.instanceId(), units(i.instanceType()));
                }
                yield new Reading(fleet.targetCapacitySpecification().totalTargetCapacity(),
                        fleet.fulfilledCapacity() == null ? 0 : fleet.fulfilledCapacity(), instances);
            }
            case AUTO_SCALING_GROUP -> {
                AutoScalingGroup group = aws.group(id);
                Map<String, Integer> instances = new LinkedHashMap<>();
                for (Instance i : group.instances()) {
                    if ("InService".equals(i.lifecycleStateAsString()) || i.lifecycleStateAsString().startsWith(
                            "Pending")) {
                        instances.put(i.instanceId(), units(i.instanceType()));
                    }
                }
                yield new Reading(group.desiredCapacity(),
                        instances.values().stream().mapToInt(Integer::intValue).sum(), instances);
            }
        };
    }

    private static int units(String instanceType) {
        return AwsFixtures.LARGE.equals(instanceType) ? 4 : 1;
    }

    /** The header's line about the target, before the workers' timing. */
    String describe() {
        return switch (kind) {
            case SPOT_FLEET -> "maintain spot fleet " + id + " of c5.large (1 unit each)";
            case EC2_FLEET -> "maintain EC2 Fleet " + id + " of Spot " + AwsFixtures.SMALL + " (1 unit) and "
                    + AwsFixtures.LARGE + " (4 units), diversified";
            case AUTO_SCALING_GROUP -> "Auto Scaling group " + id + ", a launch template with a mixed instances "
                    + "policy of " + AwsFixtures.LARGE + " (4 units) then " + AwsFixtures.SMALL + " (1 unit), all "
                    + "Spot";
        };
    }

    /** What the minute lines' target and fulfilled columns are for this kind. */
    String columns() {
        return switch (kind) {
            case SPOT_FLEET -> "the fleet's TargetCapacity and FulfilledCapacity";
            case EC2_FLEET -> "the fleet's TotalTargetCapacity and FulfilledCapacity";
            case AUTO_SCALING_GROUP -> "the group's DesiredCapacity and the units of its instances";
        };
    }
}
