package dev.sfautoscaler.handler;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasEntry;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.sfautoscaler.core.LastChange;
import dev.sfautoscaler.core.ScaleAction;
import dev.sfautoscaler.core.error.AccessDenied;
import dev.sfautoscaler.core.error.FleetNotFound;
import dev.sfautoscaler.core.error.InvalidInput;
import dev.sfautoscaler.core.error.QueueNotFound;
import dev.sfautoscaler.core.error.Throttled;
import dev.sfautoscaler.testkit.AwsFixtures;
import dev.sfautoscaler.testkit.FaultProxy;
import dev.sfautoscaler.testing.InjectAws;
import dev.sfautoscaler.testing.TargetFixtures;
import software.amazon.awssdk.services.ec2.model.FleetType;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.provider.CsvSource;

/** read-capacity against the emulator: the fleet and queue as they are, and typed errors when they cannot be read. */
abstract class ReadCapacityBehaviour {

    static final String MARKER_KEY = "sfautoscaler:last-change";

    @InjectAws
    AwsFixtures aws;

    @InjectAws
    FaultProxy proxy;

    @AfterEach
    void clearFaults() {
        proxy.clear();
    }

    static String input(String fleetId, String queueUrl) {
        return """
                {"fleetId": "%s", "queueUrl": "%s"}""".formatted(fleetId, queueUrl);
    }

    @Test
    void readsTheFleetAndTheQueueAsTheyAre() {
        String fleet = aws.createMaintainFleet(3);
        String queue = aws.createQueue("jobs-read");
        aws.sendMessages(queue, 25);
        assertThat(aws.takeInFlight(queue, 5, 600), is(5));
        aws.sendDelayedMessages(queue, 2, 600);

        JsonPath out = Lambda.succeeds(input(fleet, queue));

        assertThat(out.getString("fleet.fleetId"), is(fleet));
        assertThat(out.getInt("fleet.targetCapacity"), is(3));
        assertThat(out.getDouble("fleet.fulfilledCapacity"), is(3.0));
        assertThat(out.getString("fleet.state"), is("active"));
        assertThat(out.getString("fleet.type"), is("maintain"));
        assertThat(out.getString("fleet.activityStatus"), is("unknown"));
        assertThat(out.getMap("fleet"), hasEntry(is("lastChange"), nullValue()));
        assertThat(out.getString("queue.queueUrl"), is(queue));
        assertThat(out.getLong("queue.visible"), is(20L));
        assertThat(out.getLong("queue.inFlight"), is(5L));
        assertThat(out.getLong("queue.delayed"), is(2L));
        assertThat(out.getMap(""), hasEntry(is("queueProblem"), nullValue()));
        assertThat(Instant.parse(out.getString("readAt")), lessThan(Instant.now().plusSeconds(1)));
        assertThat(out.getBoolean("failureAlertOpen"), is(false));
        assertThat("a policy without targetWaitSeconds asks CloudWatch nothing", out.getMap("queue"),
                hasEntry(is("metrics"), nullValue()));
    }

    /** read-capacity as the workflow calls it, with the execution input of a policy that learns (targetWaitSeconds). */
    static String learningInput(String fleetId, String queueUrl) {
        return """
                {"fleetId": "%1$s", "queueUrl": "%2$s", "executionInput": {"fleetId": "%1$s", "queueUrl": "%2$s",
                 "policy": {"minCapacity": 0, "maxCapacity": 10, "targetWaitSeconds": 300}}}""".formatted(fleetId, queueUrl);
    }

    @Test
    void aPolicyThatLearnsReadsTheQueuesLastMinuteFromCloudWatchAndKeepsItsEstimateOnTheFleet() {
        String fleet = aws.createMaintainFleet(2);
        String queue = aws.createQueue("jobs-metrics");
        aws.sendMessages(queue, 12);
        assertThat(aws.takeInFlight(queue, 2, 600), is(2));
        Instant minute = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).minusSeconds(120);
        aws.putQueueMetric(queue, "NumberOfMessagesDeleted", minute.minusSeconds(60), 30);
        aws.putQueueMetric(queue, "NumberOfMessagesDeleted", minute, 42);
        aws.putQueueMetric(queue, "ApproximateAgeOfOldestMessage", minute, 95);
        // An earlier reading, taken before that minute began, with nothing learnt yet: a period that ended before
        // the estimate's first reading would teach nothing.
        Instant earlier = minute.minusSeconds(30);
        aws.tag(fleet, "sfautoscaler:throughput", "v=1 r=0.0 n=0 u=" + earlier + " c=12 t=" + earlier + " b=2.0");

        JsonPath out = Lambda.succeeds(learningInput(fleet, queue));

        assertThat(out.getLong("queue.visible"), is(10L));
        assertThat(out.getLong("queue.metrics.deleted"), is(42L));
        assertThat(out.getLong("queue.metrics.oldestAgeSeconds"), is(95L));
        assertThat(out.getString("queue.metrics.periodEnd"), is(minute.plusSeconds(60).toString()));
        assertThat(out.getBoolean("queue.metrics.fifo"), is(false));
        assertThat(out.getMap("queue.metrics"), hasEntry(is("groupsInFlight"), nullValue()));
        // 42 messages deleted in that minute by the 2 busy units (one message in flight each): 0.35 a unit-second.
        assertThat(out.getInt("estimate.observations"), is(1));
        assertThat(out.getDouble("estimate.messagesPerUnitSecond"), is(0.35));
        assertThat(aws.tag(fleet, "sfautoscaler:throughput").orElseThrow(), startsWith("v=1 r=0.35 n=1 "));
    }

    @Test
    void aStaticPolicyWhoseCountsWouldScaleInReadsTheLoadAndTheWindowFromCloudWatch() {
        // A fleet of 5 and a queue with one message in flight: the counts alone would scale in to 1.
        String fleet = aws.createMaintainFleet(5);
        String queue = aws.createQueue("jobs-window");
        aws.sendMessages(queue, 1);
        assertThat(aws.takeInFlight(queue, 1, 600), is(1));
        Instant minute = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).minusSeconds(120);
        for (int i = 0; i < 3; i++) {
            Instant at = minute.minusSeconds(60L * i);
            aws.putQueueMetric(queue, "NumberOfMessagesDeleted", at, 60 + 30 * i);
            aws.putQueueMetric(queue, "ApproximateNumberOfMessagesNotVisible", at, 2 + i);
        }
        aws.putQueueMetric(queue, "NumberOfMessagesSent", minute, 120);
        String input = """
                {"fleetId": "%1$s", "queueUrl": "%2$s", "executionInput": {"fleetId": "%1$s", "queueUrl": "%2$s",
                 "policy": {"minCapacity": 1, "maxCapacity": 10, "backlogPerUnit": 100}}}""".formatted(fleet, queue);

        JsonPath out = Lambda.succeeds(input);

        assertThat(out.getLong("queue.metrics.sent"), is(120L));
        assertThat(out.getString("queue.metrics.periodEnd"), is(minute.plusSeconds(60).toString()));
        // Three minutes: 60 + 90 + 120 messages deleted, 2, 3 and 4 in flight: 3 on average.
        assertThat(out.getInt("queue.metrics.window.minutes"), is(3));
        assertThat(out.getLong("queue.metrics.window.deleted"), is(270L));
        assertThat(out.getDouble("queue.metrics.window.meanInFlight"), is(3.0));
    }

    @Test
    void showsTheThroughputEstimateStoredOnTheFleet() {
        String fleet = aws.createMaintainFleet(3);
        String queue = aws.createQueue("jobs-stored-estimate");
        aws.tag(fleet, "sfautoscaler:throughput", "v=1 r=0.05 n=7 u=2026-12-04T20:00:00Z c=40 t=2026-12-04T20:01:00Z b=3.0");

        JsonPath out = Lambda.succeeds(input(fleet, queue));

        assertThat(out.getDouble("fleet.storedEstimate.messagesPerUnitSecond"), is(0.05));
        assertThat(out.getInt("fleet.storedEstimate.observations"), is(7));
        assertThat(out.getString("fleet.storedEstimate.updatedAt"), is("2026-12-04T20:00:00Z"));
    }

    @Test
    void saysWhenAFailureAlertIsOpenForTheFleet() {
        // notify recorded failures of this fleet; the workflow then announces its recovery.
        String fleet = aws.createMaintainFleet(3);
        String queue = aws.createQueue("jobs-alert");
        aws.putStateItem(HandlerProfiles.STATE_TABLE, java.util.Map.of("pk", "alert#" + fleet,
                "firstFailureAt", "2026-12-01T00:00:00Z", "lastFailureAt", "2026-12-01T00:09:00Z", "failures", 10,
                "notices", 1, "suppressed", 9, "lastError", "AccessDenied: ...", "expiresAt", 1800000000L));

        JsonPath out = Lambda.succeeds(input(fleet, queue));

        assertThat(out.getBoolean("failureAlertOpen"), is(true));
    }

    @Test
    void showsTheLastChangeRecordedOnTheFleet() {
        String fleet = aws.createMaintainFleet(7);
        String queue = aws.createQueue("jobs-marker");
        Instant at = Instant.parse("2026-11-28T04:00:00Z");
        aws.tag(fleet, MARKER_KEY, new LastChange(at, ScaleAction.SCALE_OUT, 3, 7, "evt-1:1").toMarker());

        JsonPath out = Lambda.succeeds(input(fleet, queue));

        assertThat(out.getString("fleet.lastChange.at"), is("2026-11-28T04:00:00Z"));
        assertThat(out.getString("fleet.lastChange.action"), is("scale-out"));
        assertThat(out.getInt("fleet.lastChange.from"), is(3));
        assertThat(out.getInt("fleet.lastChange.to"), is(7));
        assertThat(out.getString("fleet.lastChange.triggerId"), is("evt-1:1"));
    }

    @Test
    void aQueueThatCannotBeReadNowIsReportedAsUnknownNotEmpty() {
        String fleet = aws.createMaintainFleet(2);
        String queue = aws.createQueue("jobs-throttled");
        aws.sendMessages(queue, 10);
        proxy.fail("GetQueueAttributes", 400, "RequestThrottled", "Rate exceeded");

        JsonPath out = Lambda.succeeds(input(fleet, queue));

        assertThat(out.getInt("fleet.targetCapacity"), is(2));
        assertThat(out.getMap(""), hasEntry(is("queue"), nullValue()));
        assertThat(out.getString("queueProblem"), startsWith("Throttled: "));
        assertThat(out.getString("queueProblem"), containsString("RequestThrottled"));
    }

    @Test
    void aMissingQueueIsAnError() {
        String fleet = aws.createMaintainFleet(1);
        String missing = "http://sqs.eu-west-1.localhost/123456789012/no-such-queue";

        String message = Lambda.fails(input(fleet, missing), QueueNotFound.class);

        assertThat(message, containsString(missing));
    }

    @Test
    void anUnknownFleetIsNamed() {
        String queue = aws.createQueue("jobs-unknown-fleet");

        String message = Lambda.fails(input("sfr-0123456789abcdef0", queue), FleetNotFound.class);

        assertThat(message, containsString("sfr-0123456789abcdef0"));
    }

    @Test
    void throttlingOfTheFleetReadIsRetryableThrottled() {
        String fleet = aws.createMaintainFleet(1);
        String queue = aws.createQueue("jobs-ec2-throttled");
        proxy.fail("DescribeSpotFleetRequests", 503, "RequestLimitExceeded", "Request limit exceeded.");

        String message = Lambda.fails(input(fleet, queue), Throttled.class);

        assertThat(message, allOf(containsString("RequestLimitExceeded"), containsString("DescribeSpotFleetRequests")));
    }

    @Test
    void aMissingPermissionIsAccessDenied() {
        String fleet = aws.createMaintainFleet(1);
        String queue = aws.createQueue("jobs-denied");
        proxy.fail("DescribeTags", 403, "UnauthorizedOperation",
                "You are not authorized to perform this operation.");

        String message = Lambda.fails(input(fleet, queue), AccessDenied.class);

        assertThat(message, allOf(containsString("DescribeTags"), containsString("UnauthorizedOperation")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing target         | {"queueUrl": "https://sqs.eu-west-1.amazonaws.com/1/q"}                      | target
            both target and id     | {"fleetId": "sfr-0123abcd-4567-89ef-0123-456789abcdef", "target": {"kind": "spot-fleet", "id": "sfr-0123abcd-4567-89ef-0123-456789abcdef"}, "queueUrl": "https://sqs.eu-west-1.amazonaws.com/1/q"} | target
            ec2 fleet id malformed | {"target": {"kind": "ec2-fleet", "id": "fleet-1"}, "queueUrl": "https://sqs.eu-west-1.amazonaws.com/1/q"} | target.id
            malformed fleet id     | {"fleetId": "fleet-1", "queueUrl": "https://sqs.eu-west-1.amazonaws.com/1/q"} | fleetId
            fleet id not a string  | {"fleetId": 42, "queueUrl": "https://sqs.eu-west-1.amazonaws.com/1/q"}        | fleetId
            missing queue url      | {"fleetId": "sfr-0123abcd-4567-89ef-0123-456789abcdef"}                                                   | queueUrl
            queue url not a string | {"fleetId": "sfr-0123abcd-4567-89ef-0123-456789abcdef", "queueUrl": ["q"]}                                | queueUrl
            not an object          | ["sfr-0123abcd-4567-89ef-0123-456789abcdef"]                                                              | input
            """)
    void badInputIsNamedAndCallsNoAws(String what, String json, String field) {
        String message = Lambda.fails(json, InvalidInput.class);

        assertThat(message, containsString("'" + field + "'"));
        assertThat(proxy.actions(), empty());
    }

    static String targetInput(String kind, String id, String queueUrl) {
        return """
                {"target": {"kind": "%s", "id": "%s"}, "fleetId": null, "queueUrl": "%s"}""".formatted(kind, id, queueUrl);
    }

    @Test
    void readsAnAutoScalingGroupInCapacityUnitsOfItsInstancesWeights() {
        try (TargetFixtures targets = new TargetFixtures(aws)) {
            // Two t3.xlarge of weight 4 (the emulator launches the first override) and one t3.small of weight 1.
            String group = targets.createWeightedGroup(8, 0, 40);
            targets.attach(group, TargetFixtures.SMALL);
            targets.setDesired(group, 9);
            String queue = aws.createQueue("jobs-asg");
            aws.sendMessages(queue, 4);

            JsonPath out = Lambda.succeeds(targetInput("auto-scaling-group", group, queue));

            assertThat(out.getString("fleet.fleetId"), is(group));
            assertThat(out.getString("fleet.targetKind"), is("auto-scaling-group"));
            assertThat(out.getInt("fleet.targetCapacity"), is(9));
            assertThat(out.getDouble("fleet.fulfilledCapacity"), is(9.0));
            assertThat(out.getString("fleet.state"), is("active"));
            assertThat(out.getString("fleet.type"), is("maintain"));
            assertThat(out.getString("fleet.activityStatus"), is("fulfilled"));
            assertThat(out.getLong("queue.visible"), is(4L));
        }
    }

    @Test
    void reportsTheGroupsOwnBoundsAndTheScalingPoliciesThatWouldFightTheAutoscaler() {
        try (TargetFixtures targets = new TargetFixtures(aws)) {
            String group = targets.createWeightedGroup(4, 4, 24);
            String queue = aws.createQueue("jobs-asg-own");
            JsonPath alone = Lambda.succeeds(targetInput("auto-scaling-group", group, queue));
            assertThat(alone.getInt("fleet.ownBounds.min"), is(4));
            assertThat(alone.getInt("fleet.ownBounds.max"), is(24));
            assertThat(alone.getList("fleet.warnings", String.class), empty());

            targets.addTargetTracking(group);
            JsonPath fought = Lambda.succeeds(targetInput("auto-scaling-group", group, queue));

            assertThat(fought.getList("fleet.warnings", String.class), contains(allOf(
                    containsString("has scaling policies of its own: cpu50 (TargetTrackingScaling)"),
                    containsString("will fight the autoscaler"))));
        }
    }

    @Test
    void readsAWeightedSpotFleetInCapacityUnits() {
        try (TargetFixtures targets = new TargetFixtures(aws)) {
            String fleet = targets.createWeightedSpotFleet(10);
            String queue = aws.createQueue("jobs-weighted");

            JsonPath out = Lambda.succeeds(targetInput("spot-fleet", fleet, queue));

            // Diversified over weights 1 and 4: 1 + 4 + 1 + 4 = 10 units from four instances of two types.
            assertThat(targets.spotFleetInstanceTypes(fleet), is(List.of(TargetFixtures.SMALL,
                    TargetFixtures.SMALL, TargetFixtures.LARGE, TargetFixtures.LARGE)));
            assertThat(out.getString("fleet.targetKind"), is("spot-fleet"));
            assertThat(out.getInt("fleet.targetCapacity"), is(10));
            assertThat(out.getDouble("fleet.fulfilledCapacity"), is(10.0));
        }
    }

    @Test
    void readsAWeightedEc2FleetInCapacityUnits() {
        try (TargetFixtures targets = new TargetFixtures(aws)) {
            String fleet = targets.createWeightedEc2Fleet(FleetType.MAINTAIN, 10);
            String queue = aws.createQueue("jobs-ec2-fleet");

            JsonPath out = Lambda.succeeds(targetInput("ec2-fleet", fleet, queue));

            assertThat(out.getString("fleet.fleetId"), is(fleet));
            assertThat(out.getString("fleet.targetKind"), is("ec2-fleet"));
            assertThat(out.getInt("fleet.targetCapacity"), is(10));
            assertThat(out.getDouble("fleet.fulfilledCapacity"), is(10.0));
            assertThat(out.getString("fleet.type"), is("maintain"));
            assertThat(out.getString("fleet.state"), is("active"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"spot-fleet", "ec2-fleet", "auto-scaling-group"})
    void aPauseTagOnTheTargetIsReadAndItsRemovalToo(String kind) {
        try (TargetFixtures targets = new TargetFixtures(aws)) {
            String id = targets.create(kind, 5);
            String queue = aws.createQueue("jobs-paused-" + kind);

            targets.pause(kind, id, "incident 42");
            JsonPath paused = Lambda.succeeds(targetInput(kind, id, queue));
            targets.resume(kind, id);
            JsonPath resumed = Lambda.succeeds(targetInput(kind, id, queue));

            assertThat(paused.getString("fleet.pausedBy"), is("incident 42"));
            assertThat(paused.getInt("fleet.targetCapacity"), is(5));
            assertThat(resumed.getString("fleet.pausedBy"), is(nullValue()));
        }
    }

    @Test
    void anEc2FleetThatDoesNotExistIsFleetNotFound() {
        String queue = aws.createQueue("jobs-no-ec2-fleet");
        String message = Lambda.fails(targetInput("ec2-fleet", "fleet-0123abcd-4567-89ef-0123-456789abcdef", queue),
                FleetNotFound.class);
        assertThat(message, containsString("fleet-0123abcd-4567-89ef-0123-456789abcdef"));
    }

    @Test
    void aGroupThatDoesNotExistIsFleetNotFound() {
        String queue = aws.createQueue("jobs-nogroup");
        String message = Lambda.fails(targetInput("auto-scaling-group", "no-such-group", queue), FleetNotFound.class);
        assertThat(message, containsString("no-such-group"));
    }
}
