package dev.sfautoscaler.aws;

import dev.sfautoscaler.aws.AwsErrorTranslator.AwsCall;
import dev.sfautoscaler.core.DrainInstance;
import dev.sfautoscaler.core.DrainInstance.BusyHint;
import dev.sfautoscaler.core.DrainProgress;
import dev.sfautoscaler.core.FleetSnapshot;
import dev.sfautoscaler.core.Target;
import dev.sfautoscaler.core.port.DrainGateway;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateOverrides;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ActiveInstance;
import software.amazon.awssdk.services.ec2.model.FleetData;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateConfig;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverrides;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateConfig;
import software.amazon.awssdk.services.ec2.model.SpotFleetLaunchSpecification;
import software.amazon.awssdk.services.ec2.model.SpotFleetRequestConfigData;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagDescription;

/**
 * A target's instances for a drain, per kind: the instance ids from the target's own API
 * (DescribeSpotFleetInstances, DescribeFleetInstances, the group's instances), their weights from its
 * configuration (a launch specification's or override's {@code WeightedCapacity} by instance type; a
 * group's instance carries its own), their launch time and tags from DescribeInstances. Tags with
 * CreateTags/DeleteTags on the instances, and the target's drain-under-way tag with CreateTags/DeleteTags
 * (a fleet) or CreateOrUpdateTags/DeleteTags (a group). Terminates a fleet's instances with TerminateInstances (the
 * target was lowered with noTermination at the start) and a group's with
 * TerminateInstanceInAutoScalingGroup and ShouldDecrementDesiredCapacity, one call per instance.
 *
 * <p>moto (5.2.5) differs from AWS here: it keeps an instance terminated with TerminateInstances in its
 * fleet (the test kit's fixed moto removes it, as AWS does); its TerminateInstanceInAutoScalingGroup
 * decrements a weighted group's desired capacity by one whatever the instance's weight; it puts no
 * {@code aws:ec2spot:fleet-request-id} or {@code aws:ec2:fleet-id} tag on a fleet's instances (AWS does,
 * and the IAM conditions rely on them), and it evaluates no IAM condition.
 */
public final class TargetInstances implements DrainGateway {

    private static final Set<String> LIVE = Set.of("pending", "running");
    private static final Set<String> GROUP_LIVE = Set.of("Pending", "Pending:Wait", "Pending:Proceed", "InService");

    private final Ec2Client ec2;
    private final Supplier<AutoScalingClient> autoScaling;

    public TargetInstances(Ec2Client ec2, Supplier<AutoScalingClient> autoScaling) {
        this.ec2 = ec2;
        this.autoScaling = autoScaling;
    }

    @Override
    public List<DrainInstance> instances(Target target) {
        Map<String, Double> weights = switch (target.kind()) {
            case SPOT_FLEET -> spotFleetInstances(target.id());
            case EC2_FLEET -> ec2FleetInstances(target.id());
            case AUTO_SCALING_GROUP -> groupInstances(target.id());
        };
        if (weights.isEmpty()) {
            return List.of();
        }
        List<DrainInstance> out = new ArrayList<>();
        try {
            ec2.describeInstancesPaginator(r -> r.instanceIds(weights.keySet())).reservations()
                    .forEach(res -> res.instances().forEach(i -> {
                        if (LIVE.contains(i.state().nameAsString())) {
                            out.add(instance(i, weights.get(i.instanceId())));
                        }
                    }));
        } catch (SdkException e) {
            throw AwsErrorTranslator.translate(AwsCall.of("EC2 DescribeInstances", target.id(), "InstanceId"), e);
        }
        return out;
    }

    private static DrainInstance instance(Instance i, double weight) {
        Map<String, String> tags = new HashMap<>();
        i.tags().forEach(t -> tags.put(t.key(), t.value() == null ? "" : t.value()));
        return new DrainInstance(i.instanceId(), (int) Math.max(1, Math.ceil(weight)),
                i.launchTime() == null ? Instant.EPOCH : i.launchTime(),
                BusyHint.ofTag(Optional.ofNullable(tags.get(DrainInstance.BUSY_TAG))),
                Optional.ofNullable(tags.get(DrainInstance.DRAIN_TAG)).map(TargetInstances::time),
                Optional.ofNullable(tags.get(DrainInstance.DRAINED_TAG)).map(TargetInstances::time),
                tags.containsKey(DrainInstance.WORKER_TAG));
    }

    /** A tag's time; a value that is no ISO-8601 instant counts as long ago, so its drain times out and ends. */
    static Instant time(String value) {
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private Map<String, Double> spotFleetInstances(String id) {
        Map<String, Double> byType = new HashMap<>();
        List<ActiveInstance> active;
        try {
            SpotFleetRequestConfigData config = ec2.describeSpotFleetRequests(r -> r.spotFleetRequestIds(id))
                    .spotFleetRequestConfigs().get(0).spotFleetRequestConfig();
            for (SpotFleetLaunchSpecification s : config.launchSpecifications()) {
                if (s.weightedCapacity() != null) {
                    byType.put(s.instanceTypeAsString(), s.weightedCapacity());
                }
            }
            for (LaunchTemplateConfig c : config.launchTemplateConfigs()) {
                c.overrides().forEach(o -> {
                    if (o.weightedCapacity() != null) {
                        byType.put(o.instanceTypeAsString(), o.weightedCapacity());
                    }
                });
            }
            active = new ArrayList<>();
            String token = null;
            do {
                String next = token;
                var page = ec2.describeSpotFleetInstances(r -> r.spotFleetRequestId(id).nextToken(next));
                active.addAll(page.activeInstances());
                token = page.nextToken();
            } while (token != null && !token.isEmpty());
        } catch (SdkException e) {
            throw AwsErrorTranslator.translate(AwsCall.of("EC2 DescribeSpotFleetInstances", id, "SpotFleetRequestId"), e);
        }
        return weigh(active, byType);
    }

    private Map<String, Double> ec2FleetInstances(String id) {
        Map<String, Double> byType = new HashMap<>();
        List<ActiveInstance> active;
        try {
            List<FleetData> fleets = ec2.describeFleets(r -> r.fleetIds(id)).fleets();
            if (!fleets.isEmpty()) {
                for (FleetLaunchTemplateConfig c : fleets.get(0).launchTemplateConfigs()) {
                    for (FleetLaunchTemplateOverrides o : c.overrides()) {
                        if (o.weightedCapacity() != null) {
                            byType.put(o.instanceTypeAsString(), o.weightedCapacity());
                        }
                    }
                }
            }
            active = new ArrayList<>();
            String token = null;
            do {
                String next = token;
                var page = ec2.describeFleetInstances(r -> r.fleetId(id).nextToken(next));
                active.addAll(page.activeInstances());
                token = page.nextToken();
            } while (token != null && !token.isEmpty());
        } catch (SdkException e) {
            throw AwsErrorTranslator.translate(AwsCall.of("EC2 DescribeFleetInstances", id, "FleetId"), e);
        }
        return weigh(active, byType);
    }

    private static Map<String, Double> weigh(List<ActiveInstance> active, Map<String, Double> byType) {
        Map<String, Double> weights = new LinkedHashMap<>();
        for (ActiveInstance a : active) {
            weights.put(a.instanceId(), byType.getOrDefault(a.instanceType(), 1.0));
        }
        return weights;
    }

    private Map<String, Double> groupInstances(String name) {
        AutoScalingGroup group;
        try {
            List<AutoScalingGroup> groups = autoScaling.get()
                    .describeAutoScalingGroups(r -> r.autoScalingGroupNames(name)).autoScalingGroups();
            if (groups.isEmpty()) {
                return Map.of();
            }
            group = groups.get(0);
        } catch (SdkException e) {
            throw AwsErrorTranslator.translate(AwsCall.of("Auto Scaling DescribeAutoScalingGroups", name,
                    "AutoScalingGroupNames"), e);
        }
        Map<String, Double> byType = new HashMap<>();
        if (group.mixedInstancesPolicy() != null && group.mixedInstancesPolicy().launchTemplate() != null) {
            for (LaunchTemplateOverrides o : group.mixedInstancesPolicy().launchTemplate().overrides()) {
                weight(o.weightedCapacity()).ifPresent(w -> byType.put(o.instanceType(), w));
            }
        }
        Map<String, Double> weights = new LinkedHashMap<>();
        for (var i : group.instances()) {
            if (GROUP_LIVE.contains(i.lifecycleStateAsString())) {
                weights.put(i.instanceId(), weight(i.weightedCapacity())
                        .orElseGet(() -> byType.getOrDefault(i.instanceType(), 1.0)));
            }
        }
        return weights;
    }

    private static Optional<Double> weight(String text) {
        try {
            return text == null ? Optional.empty() : Optional.of(Double.parseDouble(text)).filter(w -> w > 0);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public void markDraining(Target target, List<String> ids, Instant startedAt) {
        if (ids.isEmpty()) {
            return;
        }
        try {
            ec2.createTags(r -> r.resources(ids).tags(Tag.builder().key(DrainInstance.DRAIN_TAG)
                    .value(startedAt.toString()).build()));
        } catch (SdkException e) {
            throw AwsErrorTranslator.translate(AwsCall.of("EC2 CreateTags", target.id(), "Tag", "ResourceId"), e);
        }
    }

    @Override
    public void unmark(Target target, List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        try {
            ec2.deleteTags(r -> r.resources(ids).tags(Tag.builder().key(DrainInstance.DRAIN_TAG).build(),
                    Tag.builder().key(DrainInstance.DRAINED_TAG).build()));
        } catch (SdkException e) {
            throw AwsErrorTranslator.translate(AwsCall.of("EC2 DeleteTags", target.id(), "Tag", "ResourceId"), e);
        }
    }

    @Override
    public void markTargetDraining(Target target, Instant startedAt) {
        recordProgress(target, DrainProgress.none(startedAt));
    }

    @Override
    public void recordProgress(Target target, DrainProgress progress) {
        String value = progress.toTag();
        switch (target.kind()) {
            case SPOT_FLEET, EC2_FLEET -> {
                try {
                    ec2.createTags(r -> r.resources(target.id()).tags(Tag.builder()
                            .key(FleetSnapshot.DRAIN_STARTED_TAG).value(value).build()));
                } catch (SdkException e) {
                    throw AwsErrorTranslator.translate(AwsCall.of("EC2 CreateTags", target.id(), "Tag", "ResourceId"),
                            e);
                }
            }
            case AUTO_SCALING_GROUP -> {
                try {
                    autoScaling.get().createOrUpdateTags(r -> r.tags(groupTag(target).value(value).build()));
                } catch (SdkException e) {
                    throw AwsErrorTranslator.translate(AwsCall.of("Auto Scaling CreateOrUpdateTags", target.id(),
                            "Tags", "ResourceId"), e);
                }
            }
        }
    }

    @Override
    public Optional<DrainProgress> progress(Target target) {
        Optional<String> value = switch (target.kind()) {
            case SPOT_FLEET, EC2_FLEET -> {
                try {
                    yield ec2.describeTags(r -> r.filters(
                            Filter.builder().name("resource-id").values(target.id()).build(),
                            Filter.builder().name("key").values(FleetSnapshot.DRAIN_STARTED_TAG).build()))
                            .tags().stream().map(TagDescription::value).filter(Objects::nonNull).findFirst();
                } catch (SdkException e) {
                    throw AwsErrorTranslator.translate(AwsCall.of("EC2 DescribeTags", target.id(), "Filter"), e);
                }
            }
            case AUTO_SCALING_GROUP -> {
                try {
                    yield autoScaling.get().describeAutoScalingGroups(r -> r.autoScalingGroupNames(target.id()))
                            .autoScalingGroups().stream().flatMap(g -> g.tags().stream())
                            .filter(t -> FleetSnapshot.DRAIN_STARTED_TAG.equals(t.key())).map(t -> t.value())
                            .filter(Objects::nonNull).findFirst();
                } catch (SdkException e) {
                    throw AwsErrorTranslator.translate(AwsCall.of("Auto Scaling DescribeAutoScalingGroups", target.id(),
                            "AutoScalingGroupNames"), e);
                }
            }
        };
        return DrainProgress.fromTag(value);
    }

    @Override
    public void unmarkTarget(Target target) {
        switch (target.kind()) {
            case SPOT_FLEET, EC2_FLEET -> {
                try {
                    ec2.deleteTags(r -> r.resources(target.id()).tags(Tag.builder()
                            .key(FleetSnapshot.DRAIN_STARTED_TAG).build()));
                } catch (SdkException e) {
                    throw AwsErrorTranslator.translate(AwsCall.of("EC2 DeleteTags", target.id(), "Tag", "ResourceId"),
                            e);
                }
            }
            case AUTO_SCALING_GROUP -> {
                try {
                    autoScaling.get().deleteTags(r -> r.tags(groupTag(target).build()));
                } catch (SdkException e) {
                    throw AwsErrorTranslator.translate(AwsCall.of("Auto Scaling DeleteTags", target.id(), "Tags",
                            "ResourceId"), e);
                }
            }
        }
    }

    private static software.amazon.awssdk.services.autoscaling.model.Tag.Builder groupTag(Target target) {
        return software.amazon.awssdk.services.autoscaling.model.Tag.builder().resourceId(target.id())
                .resourceType("auto-scaling-group").key(FleetSnapshot.DRAIN_STARTED_TAG).propagateAtLaunch(false);
    }

    @Override
    public void terminate(Target target, List<DrainInstance> doomed) {
        if (doomed.isEmpty()) {
            return;
        }
        switch (target.kind()) {
            case SPOT_FLEET, EC2_FLEET -> {
                try {
                    ec2.terminateInstances(r -> r.instanceIds(doomed.stream().map(DrainInstance::id).toList()));
                } catch (SdkException e) {
                    throw AwsErrorTranslator.translate(AwsCall.of("EC2 TerminateInstances", target.id(), "InstanceId"),
                            e);
                }
            }
            case AUTO_SCALING_GROUP -> {
                for (DrainInstance i : doomed) {
                    try {
                        autoScaling.get().terminateInstanceInAutoScalingGroup(r -> r.instanceId(i.id())
                                .shouldDecrementDesiredCapacity(true));
                    } catch (SdkException e) {
                        throw AwsErrorTranslator.translate(AwsCall.of("Auto Scaling TerminateInstanceInAutoScalingGroup",
                                target.id(), "InstanceId"), e);
                    }
                }
            }
        }
    }
}
