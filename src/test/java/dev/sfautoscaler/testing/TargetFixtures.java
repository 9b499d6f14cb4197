package dev.sfautoscaler.testing;

import dev.sfautoscaler.testkit.AwsFixtures;
import dev.sfautoscaler.testkit.MotoServer;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateOverrides;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.FleetData;
import software.amazon.awssdk.services.ec2.model.FleetType;
import software.amazon.awssdk.services.ec2.model.SpotFleetLaunchSpecification;

/**
 * Auto Scaling groups, EC2 Fleets and weighted spot fleets in the emulator, beside the kit's
 * {@link AwsFixtures}: the targets of the kinds beside Spot Fleet, each with two instance types of
 * weights 1 and 4 where a test wants weighted capacity.
 */
public final class TargetFixtures implements AutoCloseable {

    public static final String SMALL = "t3.small";
    public static final String LARGE = "t3.xlarge";

    private final AwsFixtures aws;
    private final Ec2Client ec2;
    private final AutoScalingClient autoScaling;

    public TargetFixtures(AwsFixtures aws) {
        this.aws = aws;
        this.ec2 = aws.ec2();
        URI endpoint = ec2.serviceClientConfiguration().endpointOverride().orElseThrow();
        autoScaling = AutoScalingClient.builder().endpointOverride(endpoint).region(Region.of(MotoServer.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    public AutoScalingClient autoScaling() {
        return autoScaling;
    }

    private String launchTemplate(String instanceType) {
        String name = "lt-" + UUID.randomUUID();
        ec2.createLaunchTemplate(r -> r.launchTemplateName(name)
                .launchTemplateData(d -> d.imageId(AwsFixtures.IMAGE_ID).instanceType(instanceType)));
        return name;
    }

    /**
     * A group with a mixed instances policy of {@link #LARGE} (weight 4) and {@link #SMALL} (weight 1),
     * asking for {@code desired} units. The emulator launches as many instances as the first override's
     * weight calls for, but of the launch template's type; the template's type is that override's, so
     * that what it launches is what AWS would (prioritized allocation).
     */
    public String createWeightedGroup(int desired, int min, int max) {
        String name = "workers-" + UUID.randomUUID().toString().substring(0, 8);
        String template = launchTemplate(LARGE);
        autoScaling.createAutoScalingGroup(r -> r.autoScalingGroupName(name)
                .minSize(min).maxSize(max).desiredCapacity(desired)
                .availabilityZones(MotoServer.REGION + "a")
                .mixedInstancesPolicy(p -> p
                        .launchTemplate(t -> t
                                .launchTemplateSpecification(s -> s.launchTemplateName(template).version("$Latest"))
                                .overrides(LaunchTemplateOverrides.builder().instanceType(LARGE).weightedCapacity("4")
                                                .build(),
                                        LaunchTemplateOverrides.builder().instanceType(SMALL).weightedCapacity("1")
                                                .build()))
                        .instancesDistribution(d -> d.onDemandBaseCapacity(0)
                                .onDemandPercentageAboveBaseCapacity(0))));
        return name;
    }

    /** Launches one instance of {@code type} and attaches it to the group (which asks for one more instance). */
    public String attach(String group, String type) {
        String id = ec2.runInstances(r -> r.imageId(AwsFixtures.IMAGE_ID).instanceType(type).minCount(1).maxCount(1)
                .placement(p -> p.availabilityZone(MotoServer.REGION + "a"))).instances().get(0).instanceId();
        autoScaling.attachInstances(r -> r.autoScalingGroupName(group).instanceIds(id));
        return id;
    }

    public AutoScalingGroup group(String name) {
        return autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames(name)).autoScalingGroups().get(0);
    }

    public int desired(String group) {
        return group(group).desiredCapacity();
    }

    public void setDesired(String group, int desired) {
        autoScaling.setDesiredCapacity(r -> r.autoScalingGroupName(group).desiredCapacity(desired));
    }

    public Optional<String> groupTag(String group, String key) {
        return group(group).tags().stream().filter(t -> key.equals(t.key())).map(t -> t.value()).findFirst();
    }

    public void tagGroup(String group, String key, String value) {
        autoScaling.createOrUpdateTags(r -> r.tags(t -> t.resourceId(group).resourceType("auto-scaling-group")
                .key(key).value(value).propagateAtLaunch(false)));
    }

    /**
     * Pauses a target of {@code kind} as an operator does: {@code aws ec2 create-tags} on a spot fleet
     * request or an EC2 Fleet, {@code aws autoscaling create-or-update-tags} on a group.
     */
    public void pause(String kind, String id, String reason) {
        if (kind.equals("auto-scaling-group")) {
            tagGroup(id, "sfautoscaler:paused", reason);
        } else {
            ec2.createTags(r -> r.resources(id).tags(t -> t.key("sfautoscaler:paused").value(reason)));
        }
    }

    /** Resumes it: {@code aws ec2 delete-tags} or {@code aws autoscaling delete-tags}. */
    public void resume(String kind, String id) {
        if (kind.equals("auto-scaling-group")) {
            autoScaling.deleteTags(r -> r.tags(t -> t.resourceId(id).resourceType("auto-scaling-group")
                    .key("sfautoscaler:paused")));
        } else {
            ec2.deleteTags(r -> r.resources(id).tags(t -> t.key("sfautoscaler:paused")));
        }
    }

    /** A target of {@code kind} asking for {@code target} units (a group of 0 to 40). */
    public String create(String kind, int target) {
        return switch (kind) {
            case "auto-scaling-group" -> createWeightedGroup(target, 0, 40);
            case "ec2-fleet" -> createWeightedEc2Fleet(FleetType.MAINTAIN, target);
            default -> createWeightedSpotFleet(target);
        };
    }

    /** What a target of {@code kind} asks for now. */
    public int targetCapacity(String kind, String id) {
        return switch (kind) {
            case "auto-scaling-group" -> desired(id);
            case "ec2-fleet" -> ec2Fleet(id).targetCapacitySpecification().totalTargetCapacity();
            default -> ec2.describeSpotFleetRequests(r -> r.spotFleetRequestIds(id)).spotFleetRequestConfigs().get(0)
                    .spotFleetRequestConfig().targetCapacity();
        };
    }

    /** A target tracking policy of the group's own, which would fight the autoscaler. */
    public void addTargetTracking(String group) {
        autoScaling.putScalingPolicy(r -> r.autoScalingGroupName(group).policyName("cpu50")
                .policyType("TargetTrackingScaling")
                .targetTrackingConfiguration(c -> c.targetValue(50.0)
                        .predefinedMetricSpecification(m -> m.predefinedMetricType("ASGAverageCPUUtilization"))));
    }

    /**
     * An EC2 Fleet of {@code type} of spot instances of {@link #SMALL} (weight 1) and {@link #LARGE}
     * (weight 4), launched diversified: 1 + 4 + 1 + 4 for a target of 10.
     */
    public String createWeightedEc2Fleet(FleetType type, int target) {
        return aws.createWeightedEc2Fleet(type, target);
    }

    public FleetData ec2Fleet(String fleetId) {
        return aws.ec2Fleet(fleetId);
    }

    /** A spot fleet of {@link #LARGE} (weight 4) and {@link #SMALL} (weight 1), launched diversified. */
    public String createWeightedSpotFleet(int target) {
        return ec2.requestSpotFleet(r -> r.spotFleetRequestConfig(c -> c
                .iamFleetRole(AwsFixtures.FLEET_ROLE)
                .targetCapacity(target)
                .type(FleetType.MAINTAIN)
                .allocationStrategy("diversified")
                .launchSpecifications(
                        SpotFleetLaunchSpecification.builder().imageId(AwsFixtures.IMAGE_ID).instanceType(SMALL)
                                .weightedCapacity(1.0).build(),
                        SpotFleetLaunchSpecification.builder().imageId(AwsFixtures.IMAGE_ID).instanceType(LARGE)
                                .weightedCapacity(4.0).build())))
                .spotFleetRequestId();
    }

    /** Instance types of a spot fleet's active instances. */
    public List<String> spotFleetInstanceTypes(String fleetId) {
        return ec2.describeSpotFleetInstances(r -> r.spotFleetRequestId(fleetId)).activeInstances().stream()
                .map(i -> i.instanceType()).sorted().toList();
    }

    @Override
    public void close() {
        autoScaling.close();
    }
}
