package dev.sfautoscaler.testkit;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateOverrides;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.FleetData;
import software.amazon.awssdk.services.ec2.model.FleetType;
import software.amazon.awssdk.services.ec2.model.SpotFleetLaunchSpecification;
import software.amazon.awssdk.services.ec2.model.SpotFleetRequestConfig;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagDescription;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Test-side AWS clients pointed straight at the emulator (never through the fault proxy), and the
 * fixtures the tests create and inspect with them: spot fleets, EC2 Fleets and Auto Scaling groups,
 * queues with messages, a topic with a subscribed queue, the autoscaler's state table (DynamoDB).
 */
public final class AwsFixtures implements AutoCloseable {

    /** An image id the emulator accepts for launched instances. */
    public static final String IMAGE_ID = "ami-12c6146b";
    public static final String FLEET_ROLE = "arn:aws:iam::" + MotoServer.ACCOUNT + ":role/spot-fleet";
    /** The light instance type of the weighted targets: one capacity unit. */
    public static final String SMALL = "t3.small";
    /** The heavy instance type of the weighted targets: four capacity units. */
    public static final String LARGE = "t3.xlarge";

    private final Ec2Client ec2;
    private final SqsClient sqs;
    private final SnsClient sns;
    private final DynamoDbClient dynamoDb;
    private final AutoScalingClient autoScaling;
    private final URI endpoint;

    public AwsFixtures(URI endpoint) {
        this.endpoint = endpoint;
        var credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY));
        Region region = Region.of(MotoServer.REGION);
        ec2 = Ec2Client.builder().endpointOverride(endpoint).region(region).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create()).build();
        sqs = SqsClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create()).build();
        sns = SnsClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create()).build();
        dynamoDb = DynamoDbClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create()).build();
        autoScaling = AutoScalingClient.builder().endpointOverride(endpoint).region(region)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    }

    public Ec2Client ec2() {
        return ec2;
    }

    public SqsClient sqs() {
        return sqs;
    }

    public SnsClient sns() {
        return sns;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public AutoScalingClient autoScaling() {
        return autoScaling;
    }

    // ---- spot fleets

    /** A {@code maintain} fleet of one-unit instances; the emulator launches {@code target} instances. */
    public String createMaintainFleet(int target) {
        return createFleet(FleetType.MAINTAIN, target);
    }

    public String createFleet(FleetType type, int target) {
        return ec2.requestSpotFleet(r -> r.spotFleetRequestConfig(c -> c
                .iamFleetRole(FLEET_ROLE)
                .targetCapacity(target)
                .type(type)
                .allocationStrategy("lowestPrice")
                .launchSpecifications(SpotFleetLaunchSpecification.builder()
                        .imageId(IMAGE_ID).instanceType("c5.large").weightedCapacity(1.0).build())))
                .spotFleetRequestId();
    }

    public SpotFleetRequestConfig fleet(String fleetId) {
        return ec2.describeSpotFleetRequests(r -> r.spotFleetRequestIds(fleetId)).spotFleetRequestConfigs().get(0);
    }

    public int targetCapacity(String fleetId) {
        return fleet(fleetId).spotFleetRequestConfig().targetCapacity();
    }

    public int runningInstances(String fleetId) {
        return ec2.describeSpotFleetInstances(r -> r.spotFleetRequestId(fleetId)).activeInstances().size();
    }

    /** Sets a fleet's target directly, as a person in the console would. */
    public void setTargetCapacity(String fleetId, int target) {
        ec2.modifySpotFleetRequest(r -> r.spotFleetRequestId(fleetId).targetCapacity(target));
    }

    /** Cancels the request but keeps its instances ({@code cancelled_running}). */
    public void cancel(String fleetId) {
        ec2.cancelSpotFleetRequests(r -> r.spotFleetRequestIds(fleetId).terminateInstances(false));
    }

    public Optional<String> tag(String resourceId, String key) {
        return ec2.describeTags(r -> r.filters(Filter.builder().name("resource-id").values(resourceId).build(),
                Filter.builder().name("key").values(key).build())).tags().stream()
                .filter(t -> t.key().equals(key)).map(TagDescription::value).findFirst();
    }

    public void tag(String resourceId, String key, String value) {
        ec2.createTags(r -> r.resources(resourceId).tags(Tag.builder().key(key).value(value).build()));
    }

    // ---- EC2 Fleets and Auto Scaling groups, of two instance types weighted 1 and 4

    private String launchTemplate(String instanceType) {
        String name = "lt-" + UUID.randomUUID();
        ec2.createLaunchTemplate(r -> r.launchTemplateName(name)
                .launchTemplateData(d -> d.imageId(IMAGE_ID).instanceType(instanceType)));
        return name;
    }

    /**
     * A {@code maintain} EC2 Fleet of spot instances of {@link #SMALL} (weight 1) and {@link #LARGE}
     * (weight 4), launched diversified, asking for {@code target} units.
     */
    public String createWeightedEc2Fleet(int target) {
        return createWeightedEc2Fleet(FleetType.MAINTAIN, target);
    }

    /** The same EC2 Fleet of {@code type} ({@code request} and {@code instant} ones the autoscaler refuses). */
    public String createWeightedEc2Fleet(FleetType type, int target) {
        String template = launchTemplate(SMALL);
        return ec2.createFleet(r -> r.type(type)
                .spotOptions(o -> o.allocationStrategy("diversified"))
                .targetCapacitySpecification(c -> c.totalTargetCapacity(target).defaultTargetCapacityType("spot"))
                .launchTemplateConfigs(c -> c
                        .launchTemplateSpecification(t -> t.launchTemplateName(template).version("$Latest"))
                        .overrides(o -> o.instanceType(SMALL).weightedCapacity(1.0),
                                o -> o.instanceType(LARGE).weightedCapacity(4.0)))).fleetId();
    }

    public FleetData ec2Fleet(String fleetId) {
        return ec2.describeFleets(r -> r.fleetIds(fleetId)).fleets().get(0);
    }

    /**
     * An Auto Scaling group {@code name} with a launch template and a mixed instances policy of
     * {@link #LARGE} (weight 4) then {@link #SMALL} (weight 1), all Spot, own bounds {@code min} and
     * {@code max}, asking for {@code desired} units. Created empty and then sized with
     * SetDesiredCapacity: moto's CreateAutoScalingGroup counts instances, not units; on
     * {@link FixedMoto} SetDesiredCapacity launches both types in units.
     */
    public String createWeightedGroup(String name, int desired, int min, int max) {
        String template = launchTemplate(LARGE);
        autoScaling.createAutoScalingGroup(r -> r.autoScalingGroupName(name)
                .minSize(min).maxSize(max).desiredCapacity(0)
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
        if (desired > 0) {
            autoScaling.setDesiredCapacity(r -> r.autoScalingGroupName(name).desiredCapacity(desired));
        }
        return name;
    }

    public AutoScalingGroup group(String name) {
        return autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames(name)).autoScalingGroups().get(0);
    }

    // ---- queues

    public String createQueue(String name) {
        return sqs.createQueue(r -> r.queueName(name)).queueUrl();
    }

    /** Sends {@code count} real messages, ten per batch. */
    public void sendMessages(String queueUrl, int count) {
        for (int start = 0; start < count; start += 10) {
            int from = start;
            List<SendMessageBatchRequestEntry> batch = IntStream.range(from, Math.min(count, from + 10))
                    .mapToObj(i -> SendMessageBatchRequestEntry.builder().id("m" + i).messageBody("job " + i).build())
                    .toList();
            sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(batch));
        }
    }

    public void sendDelayedMessages(String queueUrl, int count, int delaySeconds) {
        for (int i = 0; i < count; i++) {
            int n = i;
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("delayed " + n).delaySeconds(delaySeconds));
        }
    }

    /** Receives up to {@code count} messages and keeps them in flight for {@code seconds}. */
    public int takeInFlight(String queueUrl, int count, int seconds) {
        int taken = 0;
        while (taken < count) {
            int want = Math.min(10, count - taken);
            int got = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(want)
                    .visibilityTimeout(seconds)).messages().size();
            if (got == 0) {
                break;
            }
            taken += got;
        }
        return taken;
    }

    /**
     * Puts one minute of a queue's metric where SQS publishes it on AWS (namespace {@code AWS/SQS},
     * dimension {@code QueueName}), in CloudWatch's query protocol ({@link CloudWatchQuery}): e.g.
     * {@code NumberOfMessagesDeleted} or {@code ApproximateAgeOfOldestMessage} at the minute {@code at}.
     */
    public void putQueueMetric(String queueUrl, String metricName, Instant at, double value) {
        CloudWatchQuery.call(endpoint, "PutMetricData", Map.of(
                "Namespace", "AWS/SQS",
                "MetricData.member.1.MetricName", metricName,
                "MetricData.member.1.Dimensions.member.1.Name", "QueueName",
                "MetricData.member.1.Dimensions.member.1.Value", queueUrl.substring(queueUrl.lastIndexOf('/') + 1),
                "MetricData.member.1.Timestamp", at.toString(),
                "MetricData.member.1.Value", Double.toString(value)));
    }

    public String queueArn(String queueUrl) {
        return sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    /** Messages waiting in a queue, received and deleted. */
    public List<Message> drain(String queueUrl) {
        List<Message> all = new ArrayList<>();
        for (;;) {
            List<Message> got = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(0)).messages();
            if (got.isEmpty()) {
                return all;
            }
            all.addAll(got);
            got.forEach(m -> sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
        }
    }

    // ---- topics

    public String createTopic(String name) {
        return sns.createTopic(r -> r.name(name)).topicArn();
    }

    /** Subscribes a new queue to the topic, as a user's subscription (SNS envelope, not raw). */
    public String subscribeQueue(String topicArn, String queueName) {
        String queueUrl = createQueue(queueName);
        sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queueArn(queueUrl))
                .attributes(Map.of("RawMessageDelivery", "false")));
        return queueUrl;
    }

    public static String topicArn(String name) {
        return "arn:aws:sns:" + MotoServer.REGION + ":" + MotoServer.ACCOUNT + ":" + name;
    }

    // ---- the state table

    /**
     * The autoscaler's state table as Terraform creates it: hash key {@code pk} (S), on demand
     * ({@code AUTOSCALER_STATE_TABLE} names it). Items: {@code lease#<fleet>}, {@code alert#<fleet>}.
     * Returns the table's name.
     */
    public String createStateTable(String name) {
        dynamoDb.createTable(r -> r.tableName(name)
                .attributeDefinitions(d -> d.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        return name;
    }

    /** An item of the state table by its key ({@code lease#sfr-...}), as attribute name -> text; empty when absent. */
    public Map<String, String> stateItem(String table, String pk) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS(pk))).consistentRead(true)).item();
        Map<String, String> text = new java.util.TreeMap<>();
        item.forEach((k, v) -> text.put(k, v.s() != null ? v.s() : v.n()));
        return text;
    }

    /** Puts an item into the state table, e.g. a lease another execution holds; numbers are given as N. */
    public void putStateItem(String table, Map<String, Object> attributes) {
        Map<String, AttributeValue> item = new java.util.HashMap<>();
        attributes.forEach((k, v) -> item.put(k, v instanceof Number n ? AttributeValue.fromN(n.toString())
                : AttributeValue.fromS(v.toString())));
        dynamoDb.putItem(r -> r.tableName(table).item(item));
    }

    @Override
    public void close() {
        ec2.close();
        sqs.close();
        sns.close();
        dynamoDb.close();
        autoScaling.close();
    }
}
