package dev.sfautoscaler.handler;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasEntry;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.nullValue;

import dev.sfautoscaler.core.error.InvalidInput;
import dev.sfautoscaler.testkit.EventFixtures;
import dev.sfautoscaler.testkit.FaultProxy;
import dev.sfautoscaler.testing.InjectAws;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** decide: realistic inputs in, the decision with its reason and numbers out, and no AWS call. */
abstract class DecideBehaviour {

    static final String FLEET = "sfr-6f1e2d3c4b5a69788";
    static final String BOUNDS = """
            {"minCapacity": 1, "maxCapacity": 20}""";

    @InjectAws
    FaultProxy proxy;

    @AfterEach
    void decideNeverCallsAws() {
        assertThat(proxy.actions(), empty());
        proxy.clear();
    }

    static String fleet(int target, double fulfilled, String lastChange) {
        return """
                {"fleetId": "%s", "targetCapacity": %d, "fulfilledCapacity": %s, "onDemandTargetCapacity": 0,
                 "onDemandFulfilledCapacity": 0.0, "state": "active", "activityStatus": "fulfilled",
                 "type": "maintain", "lastChange": %s}""".formatted(FLEET, target, fulfilled, lastChange);
    }

    static String queue(long visible, long inFlight) {
        return """
                {"queueUrl": "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs", "visible": %d,
                 "inFlight": %d, "delayed": 0, "readAt": "%s"}""".formatted(visible, inFlight, Instant.now());
    }

    static String lastChange(String action, int from, int to, Instant at, String trigger) {
        return """
                {"at": "%s", "action": "%s", "from": %d, "to": %d, "triggerId": "%s"}"""
                .formatted(at, action, from, to, trigger);
    }

    @Test
    void aBacklogOf640At100PerUnitScalesAFleetOf3OutTo7() {
        JsonPath d = Lambda.succeeds("""
                {"fleet": %s, "queue": %s, "policy": {"minCapacity": 1, "maxCapacity": 20, "backlogPerUnit": 100},
                 "executionName": "manual-2026-11-28", "round": 1}""".formatted(fleet(3, 3.0, "null"), queue(600, 40)));

        assertThat(d.getBoolean("change"), is(true));
        assertThat(d.getString("fleetId"), is(FLEET));
        assertThat(d.getString("action"), is("scale-out"));
        assertThat(d.getInt("from"), is(3));
        assertThat(d.getInt("to"), is(7));
        assertThat(d.getString("reasonCode"), is("BACKLOG_NEEDS_MORE"));
        assertThat(d.getString("reason"), allOf(containsString("A backlog of 640 messages"),
                containsString("600 visible, 40 in flight"), containsString("needs 7 units at 100 messages per unit"),
                containsString("scale out 3 -> 7")));
        assertThat(d.getLong("basis.counted"), is(640L));
        assertThat(d.getLong("basis.backlogPerUnit"), is(100L));
        assertThat(d.getInt("basis.desired"), is(7));
        assertThat(d.getInt("basis.currentTarget"), is(3));
        assertThat(d.getString("basis.mode"), is("target-tracking"));
        assertThat(d.getString("excessCapacityTerminationPolicy"), is("default"));
        assertThat(d.getString("triggerKey"), is("manual-2026-11-28:1"));
        assertThat(d.getMap(""), hasEntry(is("onDemandTargetCapacity"), nullValue()));
    }

    @Test
    void aSmallBacklogScalesInOnceTheCooldownIsOver() {
        Instant tenMinutesAgo = Instant.now().minus(10, ChronoUnit.MINUTES);
        JsonPath d = Lambda.succeeds("""
                {"fleet": %s, "queue": %s, "policy": {"minCapacity": 1, "maxCapacity": 10, "excessCapacityTerminationPolicy": "noTermination"}}"""
                .formatted(fleet(7, 7.0, lastChange("scale-out", 3, 7, tenMinutesAgo, "evt:1")), queue(150, 0)));

        assertThat(d.getBoolean("change"), is(true));
        assertThat(d.getString("action"), is("scale-in"));
        assertThat(d.getInt("to"), is(2));
        assertThat(d.getString("excessCapacityTerminationPolicy"), is("noTermination"));
        assertThat(d.getString("reason"), containsString("scale in 7 -> 2"));
    }

    @Test
    void withoutQueueDataNothingChanges() {
        JsonPath d = Lambda.succeeds("""
                {"fleet": %s, "queue": null, "policy": %s}""".formatted(fleet(3, 3.0, "null"), BOUNDS));

        assertThat(d.getBoolean("change"), is(false));
        assertThat(d.getString("action"), is("none"));
        assertThat(d.getInt("to"), is(3));
        assertThat(d.getString("reasonCode"), is("NO_QUEUE_DATA"));
        assertThat(d.getString("reason"), containsString("never counts as an empty queue"));
    }

    @Test
    void inStepModeTheScaleOutAlarmAddsOneStep() {
        JsonPath d = Lambda.succeeds("""
                {"fleet": %s, "queue": %s,
                 "policy": {"mode": "step", "minCapacity": 1, "maxCapacity": 20, "stepSize": 2, "scaleOutAlarmName": "jobs-backlog-high",
                            "scaleInAlarmName": "jobs-backlog-low"},
                 "alarmEvent": %s}""".formatted(fleet(3, 3.0, "null"), queue(640, 0),
                EventFixtures.text("cloudwatch-alarm-scale-out-alarm.json")));

        assertThat(d.getString("action"), is("scale-out"));
        assertThat(d.getInt("to"), is(5));
        assertThat(d.getString("reasonCode"), is("STEP_OUT_ON_ALARM"));
        assertThat(d.getString("reason"), containsString("jobs-backlog-high is in ALARM"));
        assertThat(d.getString("triggerKey"), is("5f3b8e4c-2d1a-4c6e-9b7a-0e1f2a3b4c5d:1"));
    }

    @Test
    void inStepModeTheScaleInAlarmRemovesOneStep() {
        JsonPath d = Lambda.succeeds("""
                {"fleet": %s, "queue": %s,
                 "policy": {"mode": "step", "minCapacity": 1, "maxCapacity": 20, "scaleOutAlarmName": "jobs-backlog-high",
                            "scaleInAlarmName": "jobs-backlog-low", "scaleInCooldownSeconds": 0},
                 "alarmEvent": %s}""".formatted(fleet(4, 4.0, "null"), queue(40, 0),
                EventFixtures.text("cloudwatch-alarm-scale-in-alarm.json")));

        assertThat(d.getString("action"), is("scale-in"));
        assertThat(d.getInt("from"), is(4));
        assertThat(d.getInt("to"), is(3));
        assertThat(d.getString("reasonCode"), is("STEP_IN_ON_ALARM"));
    }

    @Test
    void anAlarmWithInsufficientDataIsNotAScalingAlarm() {
        JsonPath d = Lambda.succeeds("""
                {"fleet": %s, "queue": %s,
                 "policy": {"mode": "step", "minCapacity": 1, "maxCapacity": 20, "scaleOutAlarmName": "jobs-backlog-high"},
                 "alarmEvent": %s}""".formatted(fleet(3, 3.0, "null"), queue(0, 0),
                EventFixtures.text("cloudwatch-alarm-scale-out-insufficient-data.json")));

        assertThat(d.getBoolean("change"), is(false));
        assertThat(d.getString("reasonCode"), is("NOT_A_SCALING_ALARM"));
    }

    @Test
    void theSameAlarmEventDeliveredTwiceChangesCapacityOnce() {
        String eventId = "5f3b8e4c-2d1a-4c6e-9b7a-0e1f2a3b4c5d";
        JsonPath d = Lambda.succeeds("""
                {"fleet": %s, "queue": %s, "policy": {"mode": "step", "minCapacity": 1, "maxCapacity": 20, "scaleOutAlarmName": "jobs-backlog-high"},
                 "alarmEvent": %s, "round": 1}""".formatted(
                fleet(4, 4.0, lastChange("scale-out", 3, 4, Instant.now().minusSeconds(30), eventId + ":1")),
                queue(640, 0), EventFixtures.text("cloudwatch-alarm-scale-out-alarm.json")));

        assertThat(d.getBoolean("change"), is(false));
        assertThat(d.getString("reasonCode"), is("DUPLICATE_TRIGGER"));
    }

    @Test
    void aScheduledRunSizesTheFleetToTheBacklogAndRecordsTheEventId() {
        JsonPath d = Lambda.succeeds("""
                {"fleet": %s, "queue": %s, "policy": {"minCapacity": 1, "maxCapacity": 20, "backlogPerUnit": 100},
                 "scheduledEvent": %s, "executionName": "4f1c2a9e-5b7d-4e3a-9c1b-2d3e4f5a6b7c", "round": 1}"""
                .formatted(fleet(3, 3.0, "null"), queue(600, 40), EventFixtures.text("scheduled-event.json")));

        assertThat(d.getString("action"), is("scale-out"));
        assertThat(d.getInt("to"), is(7));
        assertThat(d.getString("reasonCode"), is("BACKLOG_NEEDS_MORE"));
        // the event's id, not the execution's name: a second delivery of the same tick is recognised
        assertThat(d.getString("triggerKey"), is("89d1a02d-5ec7-412e-82f5-13505f849b41:1"));
    }

    @Test
    void theSameScheduledEventDeliveredTwiceChangesCapacityOnce() {
        String eventId = "89d1a02d-5ec7-412e-82f5-13505f849b41";
        JsonPath d = Lambda.succeeds("""
                {"fleet": %s, "queue": %s, "policy": %s, "scheduledEvent": %s}""".formatted(
                fleet(7, 7.0, lastChange("scale-out", 3, 7, Instant.now().minusSeconds(20), eventId + ":1")),
                queue(2000, 0), BOUNDS, EventFixtures.text("scheduled-event.json")));

        assertThat(d.getBoolean("change"), is(false));
        assertThat(d.getString("reasonCode"), is("DUPLICATE_TRIGGER"));
    }

    @Test
    void inStepModeAScheduledRunIsNotAScalingAlarm() {
        JsonPath d = Lambda.succeeds("""
                {"fleet": %s, "queue": %s, "policy": {"mode": "step", "minCapacity": 1, "maxCapacity": 20, "scaleOutAlarmName": "jobs-backlog-high"},
                 "scheduledEvent": %s}""".formatted(fleet(3, 3.0, "null"), queue(640, 0),
                EventFixtures.text("scheduled-event.json")));

        assertThat(d.getBoolean("change"), is(false));
        assertThat(d.getString("reasonCode"), is("NOT_A_SCALING_ALARM"));
        assertThat(d.getString("reason"), containsString("a scheduled run"));
    }

    @Test
    void anAlarmEventTakesPrecedenceOverAScheduledEvent() {
        JsonPath d = Lambda.succeeds("""
                {"fleet": %s, "queue": %s, "policy": {"mode": "step", "minCapacity": 1, "maxCapacity": 20, "scaleOutAlarmName": "jobs-backlog-high"},
                 "alarmEvent": %s, "scheduledEvent": %s}""".formatted(fleet(3, 3.0, "null"), queue(640, 0),
                EventFixtures.text("cloudwatch-alarm-scale-out-alarm.json"), EventFixtures.text("scheduled-event.json")));

        assertThat(d.getString("reasonCode"), is("STEP_OUT_ON_ALARM"));
        assertThat(d.getString("triggerKey"), is("5f3b8e4c-2d1a-4c6e-9b7a-0e1f2a3b4c5d:1"));
    }

    // --- issue 16: a missing policy must never be a reason to change capacity ------------------------

    /** What the workflow hands decide for a manual run given only fleetId and queueUrl: a fleet of 40. */
    static String manualRunAt40(String policy) {
        return """
                {"fleetId": "%s", "queueUrl": "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs",
                 "fleet": %s, "queue": %s, %s "executionName": "manual-2026-11-28", "round": 1}"""
                .formatted(FLEET, fleet(40, 40.0, "null"), queue(0, 0), policy == null ? "" : "\"policy\": " + policy + ",");
    }

    @Test
    void aManualRunWithoutAPolicyIsRefusedAndChangesNothing() {
        String message = Lambda.fails(manualRunAt40(null), InvalidInput.class);

        assertThat(message, allOf(containsString("'policy' is required"), containsString("minCapacity and maxCapacity"),
                containsString("bounds are never defaults")));
    }

    @Test
    void aPolicyWithoutItsBoundsIsRefused() {
        String message = Lambda.fails(manualRunAt40("{\"backlogPerUnit\": 100}"), InvalidInput.class);

        assertThat(message, containsString("'policy.minCapacity' is required"));
    }

    @Test
    void aFleetAboveANewMaximumComesDownByTheStepLimitAndSaysWhy() {
        JsonPath d = Lambda.succeeds(manualRunAt40("""
                {"minCapacity": 1, "maxCapacity": 10, "maxScaleInStep": 8}"""));

        assertThat(d.getString("action"), is("scale-in"));
        assertThat(d.getInt("from"), is(40));
        assertThat(d.getInt("to"), is(32));
        assertThat(d.getString("reasonCode"), is("LOWER_TO_MAX"));
        assertThat(d.getString("reason"), is("The fleet asks for 40 units, above the maximum of 10 and one decision may"
                + " move at most 8 units, so scale in 40 -> 32."));
    }

    @Test
    void aFleetAboveANewMaximumWaitsForTheScaleInCooldown() {
        String recent = lastChange("scale-out", 30, 40, Instant.now().minusSeconds(30), "evt-1:1");
        JsonPath d = Lambda.succeeds("""
                {"fleet": %s, "queue": %s, "policy": {"minCapacity": 1, "maxCapacity": 10}}"""
                .formatted(fleet(40, 40.0, recent), queue(0, 0)));

        assertThat(d.getBoolean("change"), is(false));
        assertThat(d.getInt("to"), is(40));
        assertThat(d.getString("reasonCode"), is("SCALE_IN_COOLDOWN"));
        assertThat(d.getString("reason"), allOf(containsString("The fleet asks for 40 units, above the maximum of 10,"
                + " but the last change was"), containsString("the scale-in cooldown has")));
    }

    @Test
    void applyMaxImmediatelyLowersAFleetToTheMaximumAtOnce() {
        JsonPath d = Lambda.succeeds(manualRunAt40("""
                {"minCapacity": 1, "maxCapacity": 10, "maxScaleInStep": 8, "applyMaxImmediately": true}"""));

        assertThat(d.getInt("to"), is(10));
        assertThat(d.getString("reason"), containsString("the policy applies the maximum immediately"));
    }

    @Test
    void aLastChangeMarkerFromTheFutureDoesNotBlockScaleOut() {
        String tomorrow = lastChange("scale-out", 2, 3, Instant.now().plus(1, ChronoUnit.DAYS), "evt-1:1");
        JsonPath d = Lambda.succeeds("""
                {"fleet": %s, "queue": %s, "policy": %s}""".formatted(fleet(3, 3.0, tomorrow), queue(640, 0), BOUNDS));

        assertThat(d.getString("action"), is("scale-out"));
        assertThat(d.getInt("to"), is(7));
        assertThat(d.getString("reason"), containsString("in the future, so the cooldowns ignore it"));
    }

    /** What Jackson cannot read reaches the caller as InvalidInput naming the field, not as a Jackson class. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            NaN                      | "backlogPerUnit": NaN                     | policy.backlogPerUnit | is not valid JSON: Non-standard token 'NaN'
            a number of 1,001 digits | "backlogPerUnit": NUMBER_1001            | policy.backlogPerUnit | is too large to read: Number value length (1001) exceeds the maximum allowed (1000)
            a number of 1,000 digits | "backlogPerUnit": NUMBER_1000            | policy.backlogPerUnit | is too large; got 9999999999
            a 50,001-character name  | "KEY_50001": 1                          | policy                | is too large to read: Name length (50001)
            a 50,000-character name  | "KEY_50000": 1                          | KEY_50000             | is not a known field here
            """)
    void jsonJacksonCannotReadIsInvalidInputNamingTheField(String what, String field, String path, String problem) {
        String policyField = field.replace("NUMBER_1001", "9".repeat(1001)).replace("NUMBER_1000", "9".repeat(1000))
                .replace("KEY_50001", "k".repeat(50_001)).replace("KEY_50000", "k".repeat(50_000));
        String input = """
                {"fleet": %s, "queue": %s, "policy": {"minCapacity": 1, "maxCapacity": 20, %s}}"""
                .formatted(fleet(3, 3.0, "null"), queue(640, 0), policyField);

        String message = Lambda.fails(input, InvalidInput.class);

        // The field's name is cut like any echoed value: its first 200 characters and its length.
        String named = path.replace("KEY_50000", "policy." + "k".repeat(193) + "... (50007 characters)");
        assertThat(message, containsString("'" + named + "' " + problem));
        assertThat(message.length(), lessThan(2_100));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing fleet            | {"queue": null}                                                               | fleet
            fleet not an object      | {"fleet": "sfr-00000000000000001"}                                                            | fleet
            negative target          | {"fleet": {FLEET_WITH "state": "active", "targetCapacity": -1}}                                  | fleet.targetCapacity
            target as text           | {"fleet": {FLEET_WITH "state": "active", "targetCapacity": "three"}}                             | fleet.targetCapacity
            unknown fleet state      | {"fleet": {FLEET_WITH "targetCapacity": 3, "state": "paused"}}                | fleet.state
            malformed fleet id       | {"fleet": {"fleetId": "i-123", "targetCapacity": 3, "fulfilledCapacity": 3, "state": "active", "type": "maintain"}} | fleet.fleetId
            bad last change time     | {"fleet": {FLEET_WITH "state": "active", "targetCapacity": 3, "lastChange": {"at": "yesterday", "action": "scale-out", "from": 1, "to": 3}}} | fleet.lastChange.at
            queue count as text      | {"fleet": {FLEET_WITH "state": "active", "targetCapacity": 3}, "queue": {"queueUrl": "q", "visible": "lots", "inFlight": 0, "readAt": "2026-11-28T04:00:00Z"}} | queue.visible
            unknown mode             | {"fleet": {FLEET_WITH "state": "active", "targetCapacity": 3}, "policy": {"mode": "fast"}}       | policy.mode
            max capacity as text     | {"fleet": {FLEET_WITH "state": "active", "targetCapacity": 3}, "policy": {"maxCapacity": "ten"}} | policy.maxCapacity
            min above max            | {"fleet": {FLEET_WITH "state": "active", "targetCapacity": 3}, "policy": {"minCapacity": 5, "maxCapacity": 2}} | policy.minCapacity
            misspelt policy field    | {"fleet": {FLEET_WITH "state": "active", "targetCapacity": 3}, "policy": {"maxCapacty": 20}}     | policy.maxCapacty
            unknown termination      | {"fleet": {FLEET_WITH "state": "active", "targetCapacity": 3}, "policy": {"excessCapacityTerminationPolicy": "terminate"}} | policy.excessCapacityTerminationPolicy
            step without alarms      | {"fleet": {FLEET_WITH "state": "active", "targetCapacity": 3}, "policy": {"mode": "step", "minCapacity": 1, "maxCapacity": 5}} | policy.scaleOutAlarmName
            no policy                | {"fleet": {FLEET_WITH "state": "active", "targetCapacity": 3}, "policy": null}                   | policy
            policy without bounds    | {"fleet": {FLEET_WITH "state": "active", "targetCapacity": 3}, "policy": {"backlogPerUnit": 10}} | policy.minCapacity
            policy without maximum   | {"fleet": {FLEET_WITH "state": "active", "targetCapacity": 3}, "policy": {"minCapacity": 1}}     | policy.maxCapacity
            fleet id of dashes       | {"fleet": {"fleetId": "sfr----", "targetCapacity": 3, "fulfilledCapacity": 3, "state": "active", "type": "maintain"}} | fleet.fleetId
            round zero               | {"fleet": {FLEET_WITH "state": "active", "targetCapacity": 3}, "round": 0}                       | round
            alarm state unknown      | {"fleet": {FLEET_WITH "state": "active", "targetCapacity": 3}, "alarmEvent": {"id": "e1", "detail-type": "CloudWatch Alarm State Change", "time": "2026-11-28T04:00:00Z", "detail": {"alarmName": "a", "state": {"value": "RED"}}}} | alarmEvent.detail.state.value
            alarm event without name | {"fleet": {FLEET_WITH "state": "active", "targetCapacity": 3}, "alarmEvent": {"id": "e1", "time": "2026-11-28T04:00:00Z", "detail": {"state": {"value": "ALARM"}}}} | alarmEvent.detail.alarmName
            not an alarm event       | {"fleet": {FLEET_WITH "state": "active", "targetCapacity": 3}, "alarmEvent": {"id": "e1", "detail-type": "Scheduled Event", "detail": {}}} | alarmEvent.detail-type
            scheduled event as text  | {"fleet": {FLEET_WITH "state": "active", "targetCapacity": 3}, "scheduledEvent": "rate(1 minute)"} | scheduledEvent
            scheduled event no id    | {"fleet": {FLEET_WITH "state": "active", "targetCapacity": 3}, "scheduledEvent": {"detail-type": "Scheduled Event", "source": "aws.events", "time": "2026-11-28T09:15:00Z", "detail": {}}} | scheduledEvent.id
            scheduled event no time  | {"fleet": {FLEET_WITH "state": "active", "targetCapacity": 3}, "scheduledEvent": {"id": "e1", "detail-type": "Scheduled Event", "source": "aws.events", "detail": {}}} | scheduledEvent.time
            scheduled event bad time | {"fleet": {FLEET_WITH "state": "active", "targetCapacity": 3}, "scheduledEvent": {"id": "e1", "time": "at nine", "detail": {}}} | scheduledEvent.time
            not a scheduled event    | {"fleet": {FLEET_WITH "state": "active", "targetCapacity": 3}, "scheduledEvent": {"id": "e1", "detail-type": "CloudWatch Alarm State Change", "time": "2026-11-28T09:15:00Z"}} | scheduledEvent.detail-type
            scheduled event source   | {"fleet": {FLEET_WITH "state": "active", "targetCapacity": 3}, "scheduledEvent": {"id": "e1", "detail-type": "Scheduled Event", "source": "aws.cloudwatch", "time": "2026-11-28T09:15:00Z"}} | scheduledEvent.source
            """)
    void badInputIsNamed(String what, String json, String field) {
        String input = json.replace("FLEET_WITH", """
                "fleetId": "%s", "fulfilledCapacity": 3, "type": "maintain",""".formatted(FLEET));
        if (!input.contains("\"policy\"")) {
            input = input.replaceFirst("\\{", "{\"policy\": " + BOUNDS + ", ");
        }

        String message = Lambda.fails(input, InvalidInput.class);

        assertThat(message, containsString("'" + field + "'"));
    }
}
