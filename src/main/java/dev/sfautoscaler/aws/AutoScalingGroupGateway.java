package dev.sfautoscaler.aws;

import dev.sfautoscaler.aws.AwsErrorTranslator.AwsCall;
import dev.sfautoscaler.core.ActivityStatus;
import dev.sfautoscaler.core.FleetSnapshot;
import dev.sfautoscaler.core.FleetState;
import dev.sfautoscaler.core.FleetType;
import dev.sfautoscaler.core.LastChange;
import dev.sfautoscaler.core.ModifyCommand;
import dev.sfautoscaler.core.OwnBounds;
import dev.sfautoscaler.core.Target;
import dev.sfautoscaler.core.TargetKind;
import dev.sfautoscaler.core.error.AutoscalerException;
import dev.sfautoscaler.core.ThroughputEstimate;
import dev.sfautoscaler.core.error.FleetNotFound;
import dev.sfautoscaler.core.error.InvalidInput;
import dev.sfautoscaler.core.port.FleetGateway;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsResponse;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateOverrides;
import software.amazon.awssdk.services.autoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.autoscaling.model.Tag;

/**
 * An EC2 Auto Scaling group through the Auto Scaling API, in capacity units: the target is the
 * group's desired capacity, the fulfilled capacity the weights of its instances that are launching or
 * in service (an instance's {@code WeightedCapacity}, else its type's in the mixed instances policy's
 * overrides, else 1). Changes are made with SetDesiredCapacity without honouring the group's own
 * cooldown (the autoscaler keeps its own); the last-change marker is a tag on the group, not
 * propagated to instances. The group's own MinSize and MaxSize are reported with the reading
 * ({@code ownBounds}), and so are its own scaling policies, which would fight the autoscaler ({@code warnings}).
 */
public final class AutoScalingGroupGateway implements FleetGateway {

    private static final String DESCRIBE = "Auto Scaling DescribeAutoScalingGroups";
    private static final String SET_DESIRED = "Auto Scaling SetDesiredCapacity";
    private static final String TAG = "Auto Scaling CreateOrUpdateTags";
    private static final String DESCRIBE_POLICIES = "Auto Scaling DescribePolicies";
    /** Instances that count as capacity: launching (as a spot fleet's pending instances count) or in service. */
    private static final Set<String> COUNTED = Set.of("Pending", "Pending:Wait", "Pending:Proceed", "InService");

    private final Supplier<AutoScalingClient> autoScaling;
    private final String markerTagKey;

    /** The client is asked for on the first call, so a deployment without groups never builds it. */
    public AutoScalingGroupGateway(Supplier<AutoScalingClient> autoScaling, String markerTagKey) {
        this.autoScaling = autoScaling;
        this.markerTagKey = markerTagKey;
    }

    @Override
    public FleetSnapshot describe(Target target) {
        String name = target.id();
        DescribeAutoScalingGroupsResponse response;
        try {
            response = autoScaling.get().describeAutoScalingGroups(r -> r.autoScalingGroupNames(name));
        } catch (SdkException e) {
            throw AwsErrorTranslator.translate(AwsCall.of(DESCRIBE, name, "AutoScalingGroupNames"), e);
        }
        AutoScalingGroup group = response.autoScalingGroups().stream()
                .filter(g -> name.equals(g.autoScalingGroupName()))
                .findFirst()
                .orElseThrow(() -> new FleetNotFound(name, DESCRIBE + " returned no such group"));
        return snapshot(name, group, ownPolicies(name));
    }

    /**
     * One DescribeAutoScalingGroups (as many pages as it takes) for up to {@link Batches#SIZE} groups,
     * and one DescribePolicies per group as {@link #describe} does (it takes one group name). A group
     * the answer lacks is left to {@link #describe}, which reports it missing; a refused batch too.
     */
    @Override
    public Map<Target, FleetSnapshot> describeAll(List<Target> targets) {
        Map<Target, FleetSnapshot> read = new HashMap<>();
        for (List<Target> batch : Batches.of(targets)) {
            List<String> names = batch.stream().map(Target::id).distinct().toList();
            try {
                List<AutoScalingGroup> groups = new ArrayList<>();
                String token = null;
                do {
                    String next = token;
                    DescribeAutoScalingGroupsResponse page = autoScaling.get()
                            .describeAutoScalingGroups(r -> r.autoScalingGroupNames(names).nextToken(next));
                    groups.addAll(page.autoScalingGroups());
                    token = page.nextToken();
                } while (token != null && !token.isEmpty());
                for (Target t : batch) {
                    groups.stream().filter(g -> t.id().equals(g.autoScalingGroupName())).findFirst()
                            .ifPresent(g -> read.put(t, snapshot(t.id(), g, ownPolicies(t.id()))));
                }
            } catch (SdkException | AutoscalerException e) {
                // Read one by one instead: each group then reports its own error.
            }
        }
        return read;
    }

    /**
     * Scaling policies of the group's own (target tracking, step, simple, predictive) change its desired
     * capacity too and would fight the autoscaler: the reading says so, and decide repeats it. A failure
     * to look is a warning too, never a failed read.
     */
    private List<String> ownPolicies(String name) {
        List<ScalingPolicy> policies;
        try {
            policies = autoScaling.get().describePolicies(r -> r.autoScalingGroupName(name)).scalingPolicies();
        } catch (SdkException e) {
            return List.of("whether group " + name + " has scaling policies of its own is not known ("
                    + DESCRIBE_POLICIES + " failed: " + AwsErrorTranslator.translate(AwsCall.of(DESCRIBE_POLICIES, name),
                    e).getMessage() + ")");
        }
        if (policies.isEmpty()) {
            return List.of();
        }
        String names = policies.stream().map(p -> p.policyName() + " (" + p.policyType() + ")")
                .collect(Collectors.joining(", "));
        return List.of("group " + name + " has scaling policies of its own: " + names + "; they change its desired"
                + " capacity too and will fight the autoscaler's changes (delete them, or leave the group to them)");
    }

    @Override
    public void modify(ModifyCommand command) {
        if (command.onDemandTargetCapacity().filter(n -> n > 0).isPresent()) {
            throw new InvalidInput("onDemandTargetCapacity", "cannot be set on an Auto Scaling group: its on-demand"
                    + " part is the mixed instances policy's OnDemandBaseCapacity; leave policy.onDemandTargetCapacity"
                    + " out for this target");
        }
        try {
            autoScaling.get().setDesiredCapacity(r -> r.autoScalingGroupName(command.fleetId())
                    .desiredCapacity(command.targetCapacity())
                    .honorCooldown(false));
        } catch (SdkException e) {
            throw AwsErrorTranslator.translate(AwsCall.of(SET_DESIRED, command.fleetId(), "DesiredCapacity",
                    "AutoScalingGroupName"), e);
        }
    }

    @Override
    public void recordChange(Target target, LastChange change) {
        tag(target.id(), markerTagKey, change.toMarker());
    }

    /** The estimate as a tag on the group, beside the marker ({@link Ec2TagMarker#THROUGHPUT_TAG}). */
    @Override
    public void recordEstimate(Target target, ThroughputEstimate estimate) {
        tag(target.id(), Ec2TagMarker.THROUGHPUT_TAG, estimate.toWire());
    }

    private void tag(String group, String key, String value) {
        try {
            autoScaling.get().createOrUpdateTags(r -> r.tags(Tag.builder()
                    .resourceId(group).resourceType("auto-scaling-group")
                    .key(key).value(value).propagateAtLaunch(false).build()));
        } catch (SdkException e) {
            throw AwsErrorTranslator.translate(AwsCall.of(TAG, group, "Tags", "ResourceId"), e);
        }
    }

    private FleetSnapshot snapshot(String name, AutoScalingGroup group, List<String> warnings) {
        Map<String, Double> weights = new HashMap<>();
        if (group.mixedInstancesPolicy() != null && group.mixedInstancesPolicy().launchTemplate() != null) {
            for (LaunchTemplateOverrides o : group.mixedInstancesPolicy().launchTemplate().overrides()) {
                weight(o.weightedCapacity()).ifPresent(w -> weights.put(o.instanceType(), w));
            }
        }
        double fulfilled = 0;
        for (Instance i : group.instances()) {
            if (COUNTED.contains(i.lifecycleStateAsString())) {
                fulfilled += weight(i.weightedCapacity()).orElseGet(() -> weights.getOrDefault(i.instanceType(), 1.0));
            }
        }
        int desired = group.desiredCapacity() == null ? 0 : group.desiredCapacity();
        Optional<LastChange> last = group.tags().stream()
                .filter(t -> markerTagKey.equals(t.key()))
                .map(t -> t.value())
                .findFirst()
                .flatMap(LastChange::fromMarker);
        // A group being deleted reports a status; any other group can take a new desired capacity.
        FleetState state = group.status() == null || group.status().isBlank() ? FleetState.ACTIVE
                : FleetState.CANCELLED_TERMINATING;
        ActivityStatus activity = fulfilled < desired ? ActivityStatus.PENDING_FULFILLMENT
                : fulfilled > desired ? ActivityStatus.PENDING_TERMINATION : ActivityStatus.FULFILLED;
        Optional<OwnBounds> own = group.minSize() == null || group.maxSize() == null
                || group.minSize() < 0 || group.maxSize() < group.minSize() ? Optional.empty()
                : Optional.of(new OwnBounds(group.minSize(), group.maxSize()));
        // The pause tag, put on with aws autoscaling create-or-update-tags, comes with the group's other tags.
        Optional<String> pausedBy = group.tags().stream()
                .filter(t -> FleetSnapshot.PAUSE_TAG.equals(t.key()))
                .map(t -> t.value() == null ? "" : t.value())
                .findFirst();
        Optional<String> throughput = group.tags().stream()
                .filter(t -> Ec2TagMarker.THROUGHPUT_TAG.equals(t.key()))
                .map(t -> t.value())
                .findFirst();
        Optional<String> drainStartedAt = group.tags().stream()
                .filter(t -> FleetSnapshot.DRAIN_STARTED_TAG.equals(t.key()))
                .map(t -> t.value())
                .findFirst();
        return new FleetSnapshot(name, desired, fulfilled, 0, 0, state, activity, FleetType.MAINTAIN, last,
                TargetKind.AUTO_SCALING_GROUP, own, warnings, pausedBy, Ec2TagMarker.estimate(throughput),
                FleetSnapshot.drainStartedAt(drainStartedAt));
    }

    /** A {@code WeightedCapacity} as Auto Scaling writes it (a string of 1 to 999); empty when absent or unreadable. */
    private static Optional<Double> weight(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            double w = Double.parseDouble(text.trim());
            return w > 0 && !Double.isInfinite(w) ? Optional.of(w) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
