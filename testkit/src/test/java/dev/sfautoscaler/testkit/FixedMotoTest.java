package dev.sfautoscaler.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfautoscaler.testkit.AwsFixtures;
import dev.sfautoscaler.testkit.MotoServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.FleetData;
import software.amazon.awssdk.services.ec2.model.FleetType;

/**
 * Why the sandbox starts moto with {@code moto_server_fixed.py}, and that the fix works: a fleet
 * scaled in twice, then out, keeps as many instances as its target, as on AWS; the Java SDK reads
 * CloudWatch metrics. When the pinned moto
 * stops showing the bug, the first test fails: then the fix can go.
 */
class FixedMotoTest {

    /** A fleet with the first target, changed to each next one: its instances and FulfilledCapacity after each change. */
    private static List<String> scale(AwsFixtures aws, String fleet, int... targets) {
        List<String> seen = new ArrayList<>();
        for (int i = 1; i < targets.length; i++) {
            aws.setTargetCapacity(fleet, targets[i]);
            seen.add(targets[i] + ": " + aws.runningInstances(fleet) + " instances, fulfilled "
                    + aws.fleet(fleet).spotFleetRequestConfig().fulfilledCapacity());
        }
        return seen;
    }

    @Test
    void thePinnedMotoLosesInstancesOnASecondScaleInAndThenFails() {
        try (MotoServer moto = MotoServer.start(); AwsFixtures aws = new AwsFixtures(moto.endpoint())) {
            String fleet = aws.createMaintainFleet(7);
            assertEquals(List.of("4: 4 instances, fulfilled 7.0", "2: 0 instances, fulfilled 7.0"),
                    scale(aws, fleet, 7, 4, 2));
            Ec2Exception e = assertThrows(Ec2Exception.class, () -> aws.setTargetCapacity(fleet, 1));
            assertTrue(e.getMessage().contains("No instances specified"), e.getMessage());
        }
    }

    @Test
    void withTheFixAFleetHasItsTargetsInstancesAfterEveryChange(@TempDir Path dir) {
        try (MotoServer moto = FixedMoto.start(dir, 0, Map.of()); AwsFixtures aws = new AwsFixtures(moto.endpoint())) {
            assertEquals(List.of("4: 4 instances, fulfilled 4.0", "2: 2 instances, fulfilled 2.0",
                    "1: 1 instances, fulfilled 1.0", "5: 5 instances, fulfilled 5.0", "3: 3 instances, fulfilled 3.0"),
                    scale(aws, aws.createMaintainFleet(7), 7, 4, 2, 1, 5, 3));
        }
    }

    /** A maintain EC2 Fleet of spot instances of weights 1 and 4, launched diversified. */
    private static String weightedEc2Fleet(AwsFixtures aws, int target) {
        String template = "lt-" + UUID.randomUUID();
        aws.ec2().createLaunchTemplate(r -> r.launchTemplateName(template)
                .launchTemplateData(d -> d.imageId(AwsFixtures.IMAGE_ID).instanceType("t3.small")));
        return aws.ec2().createFleet(r -> r.type(FleetType.MAINTAIN)
                .spotOptions(o -> o.allocationStrategy("diversified"))
                .targetCapacitySpecification(c -> c.totalTargetCapacity(target).defaultTargetCapacityType("spot"))
                .launchTemplateConfigs(c -> c.launchTemplateSpecification(t -> t.launchTemplateName(template)
                                .version("$Latest"))
                        .overrides(o -> o.instanceType("t3.small").weightedCapacity(1.0),
                                o -> o.instanceType("t3.xlarge").weightedCapacity(4.0)))).fleetId();
    }

    private static String ec2FleetNow(AwsFixtures aws, String fleetId) {
        FleetData f = aws.ec2().describeFleets(r -> r.fleetIds(fleetId)).fleets().get(0);
        return f.targetCapacitySpecification().totalTargetCapacity() + ": fulfilled " + f.fulfilledCapacity();
    }

    @Test
    void thePinnedMotoHasNoModifyFleet() {
        try (MotoServer moto = MotoServer.start(); AwsFixtures aws = new AwsFixtures(moto.endpoint())) {
            String fleet = weightedEc2Fleet(aws, 10);
            assertThrows(Ec2Exception.class, () -> aws.ec2().modifyFleet(r -> r.fleetId(fleet)
                    .targetCapacitySpecification(c -> c.totalTargetCapacity(14))));
        }
    }

    @Test
    void withTheFixModifyFleetSetsTheTargetAndTheInstancesFollowInUnits(@TempDir Path dir) {
        try (MotoServer moto = FixedMoto.start(dir, 0, Map.of()); AwsFixtures aws = new AwsFixtures(moto.endpoint())) {
            String fleet = weightedEc2Fleet(aws, 10);
            List<String> seen = new ArrayList<>(List.of(ec2FleetNow(aws, fleet)));
            for (int target : new int[] {14, 5}) {
                aws.ec2().modifyFleet(r -> r.fleetId(fleet).targetCapacitySpecification(c -> c.totalTargetCapacity(target)));
                seen.add(ec2FleetNow(aws, fleet));
            }
            // 1 + 4 + 1 + 4; then one of each more (15, as AWS may overshoot with weights); then 1 + 4.
            assertEquals(List.of("10: fulfilled 10.0", "14: fulfilled 15.0", "5: fulfilled 5.0"), seen);
            Ec2Exception e = assertThrows(Ec2Exception.class, () -> aws.ec2().modifyFleet(r -> r
                    .fleetId("fleet-0123abcd-4567-89ef-0123-456789abcdef")
                    .targetCapacitySpecification(c -> c.totalTargetCapacity(1))));
            assertEquals("InvalidFleetId.NotFound", e.awsErrorDetails().errorCode());
        }
    }

    /** An EC2 Fleet's target, FulfilledCapacity and the units of the instances DescribeFleetInstances lists. */
    private static String ec2FleetUnits(AwsFixtures aws, String fleetId) {
        int units = aws.ec2().describeFleetInstances(r -> r.fleetId(fleetId)).activeInstances().stream()
                .mapToInt(i -> AwsFixtures.LARGE.equals(i.instanceType()) ? 4 : 1).sum();
        return ec2FleetNow(aws, fleetId) + ", instances " + units;
    }

    /** The ids of the fleet's instances of {@code type}. */
    private static List<String> ec2FleetInstances(AwsFixtures aws, String fleetId, String type) {
        return aws.ec2().describeFleetInstances(r -> r.fleetId(fleetId)).activeInstances().stream()
                .filter(i -> type.equals(i.instanceType())).map(i -> i.instanceId()).toList();
    }

    @Test
    void thePinnedMotoKeepsATerminatedInstancesUnitsInAnEc2FleetsFulfilledCapacity() {
        try (MotoServer moto = MotoServer.start(); AwsFixtures aws = new AwsFixtures(moto.endpoint())) {
            String fleet = weightedEc2Fleet(aws, 10);
            String large = ec2FleetInstances(aws, fleet, AwsFixtures.LARGE).get(0);
            aws.ec2().terminateInstances(r -> r.instanceIds(large));
            assertEquals("10: fulfilled 10.0, instances 6", ec2FleetUnits(aws, fleet));
        }
    }

    @Test
    void withTheFixADrainsTerminationsLowerFulfilledCapacityOnBothFleetKinds(@TempDir Path dir) {
        try (MotoServer moto = FixedMoto.start(dir, 0, Map.of()); AwsFixtures aws = new AwsFixtures(moto.endpoint())) {
            // As a drain does: lower the target with noTermination (AWS terminates none), then terminate the drained.
            String fleet = weightedEc2Fleet(aws, 10);
            aws.ec2().modifyFleet(r -> r.fleetId(fleet).excessCapacityTerminationPolicy("no-termination")
                    .targetCapacitySpecification(c -> c.totalTargetCapacity(5)));
            assertEquals("5: fulfilled 10.0, instances 10", ec2FleetUnits(aws, fleet));
            List<String> leaving = new ArrayList<>(ec2FleetInstances(aws, fleet, AwsFixtures.LARGE).subList(0, 1));
            leaving.add(ec2FleetInstances(aws, fleet, AwsFixtures.SMALL).get(0));
            aws.ec2().terminateInstances(r -> r.instanceIds(leaving));
            assertEquals("5: fulfilled 5.0, instances 5", ec2FleetUnits(aws, fleet));

            String spot = aws.createMaintainFleet(4);
            aws.ec2().modifySpotFleetRequest(r -> r.spotFleetRequestId(spot).targetCapacity(2)
                    .excessCapacityTerminationPolicy("noTermination"));
            List<String> ids = aws.ec2().describeSpotFleetInstances(r -> r.spotFleetRequestId(spot)).activeInstances()
                    .stream().map(i -> i.instanceId()).toList();
            aws.ec2().terminateInstances(r -> r.instanceIds(ids.subList(0, 2)));
            assertEquals(2.0, aws.fleet(spot).spotFleetRequestConfig().fulfilledCapacity());
            assertEquals(2, aws.runningInstances(spot));
        }
    }

    /** A weighted group (4, then 1) sized to each desired capacity in turn: its instances and units after each. */
    private static List<String> size(AwsFixtures aws, String group, int... desired) {
        List<String> seen = new ArrayList<>();
        for (int d : desired) {
            aws.autoScaling().setDesiredCapacity(r -> r.autoScalingGroupName(group).desiredCapacity(d));
            var instances = aws.group(group).instances();
            seen.add(d + ": " + instances.stream().map(i -> i.instanceType()).sorted().toList() + ", "
                    + instances.stream().mapToInt(i -> i.instanceType().equals(AwsFixtures.LARGE) ? 4 : 1).sum()
                    + " units");
        }
        return seen;
    }

    @Test
    void thePinnedMotoSizesAWeightedGroupByItsFirstOverrideAndTheTemplatesType() {
        try (MotoServer moto = MotoServer.start(); AwsFixtures aws = new AwsFixtures(moto.endpoint())) {
            String group = aws.createWeightedGroup("workers", 0, 0, 20);
            // ceil(5 / 4) = 2 instances of the template's type, 8 units, where AWS has 5 (one of each type).
            assertEquals(List.of("5: [t3.xlarge, t3.xlarge], 8 units"), size(aws, group, 5));
        }
    }

    @Test
    void withTheFixAWeightedGroupLaunchesBothTypesInUnitsAndScalesInNewestFirst(@TempDir Path dir) {
        try (MotoServer moto = FixedMoto.start(dir, 0, Map.of()); AwsFixtures aws = new AwsFixtures(moto.endpoint())) {
            String group = aws.createWeightedGroup("workers", 1, 0, 20);
            assertEquals(List.of("1: [t3.small], 1 units"), size(aws, group, 1));
            assertEquals(List.of("5: [t3.small, t3.xlarge], 5 units", "9: [t3.small, t3.xlarge, t3.xlarge], 9 units"),
                    size(aws, group, 5, 9));
            // Each instance reports its override's WeightedCapacity, as on AWS.
            assertEquals(List.of("1", "4", "4"), aws.group(group).instances().stream()
                    .map(i -> i.weightedCapacity()).sorted().toList());
            // The newest t3.xlarge goes, then the t3.small: 4 units stay, the least above 2 it can keep.
            assertEquals(List.of("2: [t3.xlarge], 4 units", "0: [], 0 units"), size(aws, group, 2, 0));
            // A drain's finish: terminating one t3.small with a decrement terminates that one only (the pinned
            // moto re-sized the group to ceil(6 / 4) = 2 instances, terminating one more, and the next call of
            // the drain failed with a 500 for an instance no longer in the group).
            assertEquals(List.of("7: [t3.small, t3.small, t3.small, t3.xlarge], 7 units"), size(aws, group, 7));
            String small = aws.group(group).instances().stream()
                    .filter(i -> i.instanceType().equals(AwsFixtures.SMALL)).findFirst().orElseThrow().instanceId();
            aws.autoScaling().terminateInstanceInAutoScalingGroup(r -> r.instanceId(small)
                    .shouldDecrementDesiredCapacity(true));
            assertEquals(List.of("t3.small", "t3.small", "t3.xlarge"), aws.group(group).instances().stream()
                    .map(i -> i.instanceType()).sorted().toList());
            assertEquals(6, aws.group(group).desiredCapacity());
        }
    }

    /** The functions' CloudWatch client (the Java SDK speaks CloudWatch's RPC v2 CBOR protocol) on the emulator. */
    private static CloudWatchClient cloudWatch(MotoServer moto) {
        return CloudWatchClient.builder().endpointOverride(moto.endpoint()).region(Region.of(MotoServer.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** What GetMetricData answers for a queue's deletions over the quarter hour before {@code end}. */
    private static String deletions(CloudWatchClient cloudWatch, String queueName, Instant end) {
        var result = cloudWatch.getMetricData(r -> r.startTime(end.minus(Duration.ofMinutes(15))).endTime(end)
                .scanBy(ScanBy.TIMESTAMP_DESCENDING)
                .metricDataQueries(q -> q.id("deleted").metricStat(s -> s.period(60).stat("Sum")
                        .metric(m -> m.namespace("AWS/SQS").metricName("NumberOfMessagesDeleted")
                                .dimensions(d -> d.name("QueueName").value(queueName))))))
                .metricDataResults().get(0);
        return result.timestamps() + " " + result.values();
    }

    @Test
    void thePinnedMotoDoesNotServeCloudWatchInTheJavaSdksProtocol() {
        try (MotoServer moto = MotoServer.start(); CloudWatchClient cloudWatch = cloudWatch(moto)) {
            CloudWatchException e = assertThrows(CloudWatchException.class,
                    () -> deletions(cloudWatch, "jobs", Instant.now().truncatedTo(ChronoUnit.MINUTES)));
            assertEquals(404, e.statusCode());
        }
    }

    @Test
    void withTheFixGetMetricDataAnswersWithTheQueuesMetricsAsPut(@TempDir Path dir) {
        try (MotoServer moto = FixedMoto.start(dir, 0, Map.of()); AwsFixtures aws = new AwsFixtures(moto.endpoint());
                CloudWatchClient cloudWatch = cloudWatch(moto)) {
            Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);
            String queue = "https://sqs.us-east-1.amazonaws.com/123456789012/jobs";
            aws.putQueueMetric(queue, "NumberOfMessagesDeleted", end.minusSeconds(180), 30);
            aws.putQueueMetric(queue, "NumberOfMessagesDeleted", end.minusSeconds(120), 42);
            aws.putQueueMetric(queue.replace("jobs", "other"), "NumberOfMessagesDeleted", end.minusSeconds(120), 7);

            assertEquals("[" + end.minusSeconds(120) + ", " + end.minusSeconds(180) + "] [42.0, 30.0]",
                    deletions(cloudWatch, "jobs", end));
        }
    }
}
