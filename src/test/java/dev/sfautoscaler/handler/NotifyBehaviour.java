package dev.sfautoscaler.handler;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfautoscaler.core.error.AccessDenied;
import dev.sfautoscaler.core.error.InvalidInput;
import dev.sfautoscaler.core.error.Throttled;
import dev.sfautoscaler.testkit.AwsFixtures;
import dev.sfautoscaler.testkit.FaultProxy;
import dev.sfautoscaler.testing.InjectAws;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * notify: what a subscriber of the topic receives (a queue subscribed without raw delivery, so
 * the SNS envelope a mail or HTTP subscriber would see: Subject, Message, MessageAttributes).
 */
abstract class NotifyBehaviour {

    static final String FLEET = "sfr-0a1b2c3d4e5f60718";
    static final ObjectMapper JSON = new ObjectMapper();

    @InjectAws
    AwsFixtures aws;

    @InjectAws
    FaultProxy proxy;

    /** The subscribed queue, created once per emulator (the fixtures object changes with the emulator). */
    private static AwsFixtures inboxOwner;
    private static String inbox;

    @BeforeEach
    void subscribe() {
        if (inboxOwner != aws) {
            inbox = aws.subscribeQueue(AwsFixtures.topicArn(HandlerProfiles.TOPIC), "operators-inbox");
            inboxOwner = aws;
        }
        aws.drain(inbox);
    }

    @AfterEach
    void clearProxy() {
        proxy.clear();
    }

    static String decision(String action, int from, int to, String reasonCode, long counted) {
        return """
                {"fleetId": "%s", "action": "%s", "from": %d, "to": %d, "onDemandTargetCapacity": null,
                 "excessCapacityTerminationPolicy": "default", "reasonCode": "%s",
                 "reason": "A backlog of %d messages (600 visible, 40 in flight) needs 7 units at 100 messages per unit; the fleet asks for 3, so scale out 3 -> 7.",
                 "basis": {"mode": "target-tracking", "visible": 600, "inFlight": 40, "delayed": 0, "counted": %d,
                           "queueDataAgeSeconds": 2, "backlogPerUnit": 100, "desiredBeforeBounds": 7, "desired": 7,
                           "currentTarget": %d, "fulfilledCapacity": %d.0, "minCapacity": 1, "maxCapacity": 20,
                           "secondsSinceLastChange": null, "cooldownRemainingSeconds": null},
                 "triggerKey": "5c1b7a52-3f0e-4c71-9d35-8a3e2b6f0d11:1", "decidedAt": "2026-11-28T04:00:01Z",
                 "change": %s}""".formatted(FLEET, action, from, to, reasonCode, counted, counted, from, from,
                !action.equals("none"));
    }

    static final String MODIFY_OUTCOME = """
            {"fleetId": "%s", "action": "scale-out", "from": 3, "to": 7, "onDemandTargetCapacity": null,
             "dryRun": false, "applied": true, "alreadyApplied": false, "changeRecorded": true,
             "at": "2026-11-28T04:00:02Z", "warnings": [], "summary": "Fleet %s scaled out 3 -> 7."}"""
            .formatted(FLEET, FLEET);

    @Test
    void aScaleOutReachesTheSubscriberWithSubjectBodyAndAttributes() throws Exception {
        JsonPath out = Lambda.succeeds("""
                {"fleetId": "%s", "outcome": "scaled", "decision": %s, "modify": %s,
                 "executionId": "arn:aws:states:eu-west-1:123456789012:execution:autoscaler:alarm-5c1b7a52"}"""
                .formatted(FLEET, decision("scale-out", 3, 7, "BACKLOG_NEEDS_MORE", 640), MODIFY_OUTCOME));

        String subject = FLEET + " scaled out 3 -> 7 (backlog 640)";
        assertThat(out.getString("subject"), is(subject));
        assertThat(out.getString("outcome"), is("scaled"));
        assertThat(out.getBoolean("published"), is(true));

        JsonNode envelope = onlyMessage();
        assertThat(envelope.get("MessageId").asText(), is(out.getString("messageId")));
        assertThat(envelope.get("Subject").asText(), is(subject));
        assertThat(attribute(envelope, "fleet"), is(FLEET));
        assertThat(attribute(envelope, "action"), is("scale-out"));
        assertThat(attribute(envelope, "outcome"), is("scaled"));

        JsonNode body = JSON.readTree(envelope.get("Message").asText());
        assertThat(body.get("fleetId").asText(), is(FLEET));
        assertThat(body.get("outcome").asText(), is("scaled"));
        assertThat(body.get("action").asText(), is("scale-out"));
        assertThat(body.get("subject").asText(), is(subject));
        assertThat(body.get("summary").asText(), allOf(containsString("scaled out 3 -> 7."),
                containsString("A backlog of 640 messages"), containsString("execution:autoscaler:alarm-5c1b7a52")));
        JsonNode decision = body.get("decision");
        assertThat(decision.get("action").asText(), is("scale-out"));
        assertThat(decision.get("from").asInt(), is(3));
        assertThat(decision.get("to").asInt(), is(7));
        assertThat(decision.get("change").asBoolean(), is(true));
        assertThat(decision.get("reasonCode").asText(), is("BACKLOG_NEEDS_MORE"));
        assertThat(decision.get("basis").get("counted").asLong(), is(640L));
        assertThat(decision.get("basis").get("backlogPerUnit").asLong(), is(100L));
        assertThat(decision.get("basis").get("mode").asText(), is("target-tracking"));
        assertThat(body.get("modify").get("applied").asBoolean(), is(true));
        assertThat(body.get("modify").get("changeRecorded").asBoolean(), is(true));
        assertThat(body.get("failure").isNull(), is(true));
        assertThat(body.get("executionId").asText(), containsString("alarm-5c1b7a52"));
    }

    @Test
    void aChangeAnotherExecutionMadeAndAnnouncesIsNotSentAgain() {
        String theirs = MODIFY_OUTCOME.replace("\"alreadyApplied\": false",
                "\"alreadyApplied\": true, \"byAnotherTrigger\": true");

        JsonPath out = Lambda.succeeds("""
                {"fleetId": "%s", "outcome": "scaled", "decision": %s, "modify": %s}"""
                .formatted(FLEET, decision("scale-out", 3, 7, "BACKLOG_NEEDS_MORE", 640), theirs));

        assertThat(out.getBoolean("published"), is(false));
        assertThat(out.getBoolean("suppressed"), is(false));
        assertThat(out.getString("reason"), containsString("another execution made this change"));
        assertThat(out.getString("messageId"), is((String) null));
        assertThat(proxy.actions(), not(hasItem("sns:Publish")));
        assertThat(aws.drain(inbox), empty());
    }

    @Test
    void aFailureTellsWhatFailedInWords() throws Exception {
        String cause = JSON.writeValueAsString(JSON.createObjectNode()
                .put("errorType", "dev.sfautoscaler.core.error.FleetBusy")
                .put("errorMessage", "fleet " + FLEET
                        + " is in state 'modifying'; retry after the current modification finishes"));
        String failure = JSON.writeValueAsString(JSON.createObjectNode()
                .put("Error", "dev.sfautoscaler.core.error.FleetBusy").put("Cause", cause));

        JsonPath out = Lambda.succeeds("""
                {"fleetId": "%s", "outcome": "failed", "decision": %s, "failure": %s}"""
                .formatted(FLEET, decision("scale-out", 3, 7, "BACKLOG_NEEDS_MORE", 640), failure));

        assertThat(out.getString("subject"), is(FLEET + " scaling failed: FleetBusy"));
        JsonNode envelope = onlyMessage();
        assertThat(attribute(envelope, "outcome"), is("failed"));
        JsonNode body = JSON.readTree(envelope.get("Message").asText());
        assertThat(body.get("failure").get("error").asText(), is("dev.sfautoscaler.core.error.FleetBusy"));
        assertThat(body.get("failure").get("cause").asText(), is("fleet " + FLEET
                + " is in state 'modifying'; retry after the current modification finishes"));
        assertThat(body.get("summary").asText(), containsString("FleetBusy: fleet " + FLEET + " is in state"));
    }

    @Test
    void noChangeIsReportedWithTheBacklog() throws Exception {
        JsonPath out = Lambda.succeeds("""
                {"fleetId": "%s", "outcome": "no-change", "decision": %s}"""
                .formatted(FLEET, decision("none", 3, 3, "AT_DESIRED", 250)));

        assertThat(out.getString("subject"), is(FLEET + " unchanged at 3 (backlog 250)"));
        JsonNode envelope = onlyMessage();
        assertThat(attribute(envelope, "action"), is("none"));
        assertThat(attribute(envelope, "outcome"), is("no-change"));
        assertThat(JSON.readTree(envelope.get("Message").asText()).get("decision").get("change").asBoolean(),
                is(false));
    }

    @Test
    void aDryRunSaysSo() {
        JsonPath out = Lambda.succeeds("""
                {"fleetId": "%s", "outcome": "dry-run", "decision": %s}"""
                .formatted(FLEET, decision("scale-out", 3, 7, "BACKLOG_NEEDS_MORE", 640)));

        assertThat(out.getString("subject"), is("[dry run] " + FLEET + " would scale out 3 -> 7 (backlog 640)"));
        assertThat(attribute(onlyMessage(), "outcome"), is("dry-run"));
    }

    @Test
    void throttledPublishingIsThrottled() {
        proxy.fail("Publish", 400, "Throttling", "Rate exceeded");

        String message = Lambda.fails("""
                {"fleetId": "%s", "outcome": "no-change", "decision": %s}"""
                .formatted(FLEET, decision("none", 3, 3, "AT_DESIRED", 250)), Throttled.class);

        assertThat(message, containsString("SNS Publish"));
        assertThat(aws.drain(inbox), empty());
    }

    @Test
    void aMissingPublishPermissionIsAccessDenied() {
        proxy.fail("Publish", 403, "AuthorizationError", "User is not authorized to perform: SNS:Publish");

        String message = Lambda.fails("""
                {"fleetId": "%s", "outcome": "no-change", "decision": %s}"""
                .formatted(FLEET, decision("none", 3, 3, "AT_DESIRED", 250)), AccessDenied.class);

        assertThat(message, containsString("SNS:Publish"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing target          | {"outcome": "no-change"}                                                    | target
            unknown outcome         | {"fleetId": "sfr-0a1b2c3d4e5f60718", "outcome": "done"}                              | outcome
            failed without failure  | {"fleetId": "sfr-0a1b2c3d4e5f60718", "outcome": "failed"}                            | failure
            scaled without decision | {"fleetId": "sfr-0a1b2c3d4e5f60718", "outcome": "scaled"}                            | decision
            decision from as text   | {"fleetId": "sfr-0a1b2c3d4e5f60718", "outcome": "scaled", "decision": {"fleetId": "sfr-0a1b2c3d4e5f60718", "action": "scale-out", "from": "three", "to": 7, "reasonCode": "BACKLOG_NEEDS_MORE", "reason": "r"}} | decision.from
            unknown reason code     | {"fleetId": "sfr-0a1b2c3d4e5f60718", "outcome": "scaled", "decision": {"fleetId": "sfr-0a1b2c3d4e5f60718", "action": "scale-out", "from": 3, "to": 7, "reasonCode": "BECAUSE", "reason": "r"}} | decision.reasonCode
            modify warnings no list | {"fleetId": "sfr-0a1b2c3d4e5f60718", "outcome": "scaled", "modify": {"fleetId": "sfr-0a1b2c3d4e5f60718", "action": "scale-out", "from": 3, "to": 7, "warnings": "none"}} | modify.warnings
            failure not an object   | {"fleetId": "sfr-0a1b2c3d4e5f60718", "outcome": "failed", "failure": "boom"}         | failure
            """)
    void badInputIsNamedAndPublishesNothing(String what, String json, String field) {
        String message = Lambda.fails(json, InvalidInput.class);

        assertThat(message, containsString("'" + field + "'"));
        assertThat(proxy.actions(), not(hasItem("sns:Publish")));
        assertThat(aws.drain(inbox), empty());
    }

    // ---- a lasting failure: once, then back-off, then recovered (the day-long run is NotifyOverADayTest)

    static String failedInput(String fleet) {
        return """
                {"fleetId": "%s", "outcome": "failed",
                 "failure": {"Error": "dev.sfautoscaler.core.error.AccessDenied",
                             "Cause": "EC2 DescribeSpotFleetRequests was denied (UnauthorizedOperation)"}}"""
                .formatted(fleet);
    }

    static String recoveredInput(String fleet) {
        return """
                {"fleetId": "%s", "outcome": "recovered"}""".formatted(fleet);
    }

    @Test
    void aLastingFailureIsMailedOnceThenSuppressedThenItsRecoveryOnce() throws Exception {
        String fleet = "sfr-7d2e41a0-5b9c-4c1e-8f3a-2b6d9e0c1a47";

        JsonPath first = Lambda.succeeds(failedInput(fleet));
        JsonPath second = Lambda.succeeds(failedInput(fleet));
        JsonPath third = Lambda.succeeds(failedInput(fleet));

        assertThat(first.getBoolean("published"), is(true));
        assertThat(second.getBoolean("published"), is(false));
        assertThat(second.getBoolean("suppressed"), is(true));
        assertThat(second.getString("reason"), allOf(containsString("suppressed"), containsString("failure 2")));
        assertThat(third.getBoolean("suppressed"), is(true));
        JsonNode failure = onlyMessage();
        assertThat(failure.get("Subject").asText(), is(fleet + " scaling failed: AccessDenied"));
        assertThat(JSON.readTree(failure.get("Message").asText()).get("summary").asText(),
                containsString("first failure in a row"));
        assertThat(aws.stateItem(HandlerProfiles.STATE_TABLE, "alert#" + fleet).get("failures"), is("3"));

        JsonPath recovered = Lambda.succeeds(recoveredInput(fleet));
        JsonPath again = Lambda.succeeds(recoveredInput(fleet));

        assertThat(recovered.getBoolean("published"), is(true));
        assertThat(recovered.getString("outcome"), is("recovered"));
        JsonNode works = onlyMessage();
        assertThat(works.get("Subject").asText(), allOf(containsString(fleet + " works again after 3 failures since")));
        assertThat(attribute(works, "outcome"), is("recovered"));
        assertThat(JSON.readTree(works.get("Message").asText()).get("summary").asText(),
                containsString("2 failure(s) since the last one were not mailed"));
        assertThat(again.getBoolean("published"), is(false));
        assertThat(again.getString("reason"), containsString("no failure alert is open"));
        assertThat(aws.stateItem(HandlerProfiles.STATE_TABLE, "alert#" + fleet), is(java.util.Map.of()));
    }

    @Test
    void aFailureAfterAChangeIsMailedEvenInsideTheBackOff() {
        String fleet = "sfr-0b8f2c61-3e4d-4a7b-9c15-6d2e8f1a0b39";
        Lambda.succeeds(failedInput(fleet));
        aws.drain(inbox);

        JsonPath out = Lambda.succeeds("""
                {"fleetId": "%s", "outcome": "failed", "modify": %s,
                 "failure": {"error": "dev.sfautoscaler.core.error.Throttled", "cause": "SNS Publish was throttled"}}"""
                .formatted(fleet, MODIFY_OUTCOME.replace(FLEET, fleet)));

        assertThat(out.getBoolean("published"), is(true));
        assertThat(onlyMessage().get("Subject").asText(), is(fleet + " scaled out 3 -> 7, then failed: Throttled"));
    }

    private JsonNode onlyMessage() {
        List<Message> received = aws.drain(inbox);
        assertThat(received, hasSize(1));
        try {
            return JSON.readTree(received.get(0).body());
        } catch (Exception e) {
            throw new AssertionError("the subscriber received no JSON envelope: " + received.get(0).body(), e);
        }
    }

    private static String attribute(JsonNode envelope, String name) {
        JsonNode a = envelope.path("MessageAttributes").path(name);
        assertThat("message attribute " + name + " in " + envelope, a.path("Type").asText(), is("String"));
        return a.path("Value").asText();
    }
}
