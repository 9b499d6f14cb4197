package dev.sfautoscaler.handler;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import dev.sfautoscaler.core.LastChange;
import dev.sfautoscaler.core.ScaleAction;
import dev.sfautoscaler.core.error.CapacityChanged;
import dev.sfautoscaler.core.error.FleetBusy;
import dev.sfautoscaler.core.error.FleetNotFound;
import dev.sfautoscaler.core.error.FleetNotScalable;
import dev.sfautoscaler.core.error.InvalidInput;
import dev.sfautoscaler.testkit.AwsFixtures;
import dev.sfautoscaler.testkit.FaultProxy;
import dev.sfautoscaler.testing.InjectAws;
import dev.sfautoscaler.testing.TargetFixtures;
import software.amazon.awssdk.services.ec2.model.FleetType;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ec2.model.FleetType;

/** modify against the emulator: the fleet's target really changes, and the change is recorded on it. */
abstract class ModifyBehaviour {

    static final String MARKER_KEY = "sfautoscaler:last-change";

    @InjectAws
    AwsFixtures aws;

    @InjectAws
    FaultProxy proxy;

    @AfterEach
    void clearProxy() {
        proxy.clear();
    }

    /** decide's output, as the workflow hands it to modify. */
    static String decision(String fleetId, String action, int from, int to, String termination) {
        return """
                {"fleetId": "%s", "action": "%s", "from": %d, "to": %d, "onDemandTargetCapacity": null,
                 "excessCapacityTerminationPolicy": "%s", "reasonCode": "BACKLOG_NEEDS_MORE",
                 "reason": "A backlog of 640 messages needs 7 units.", "basis": null,
                 "triggerKey": "5c1b7a52-3f0e-4c71-9d35-8a3e2b6f0d11:1", "decidedAt": "2026-11-28T04:00:00Z",
                 "change": true}""".formatted(fleetId, action, from, to, termination);
    }

    static String input(String decision, boolean dryRun) {
        return """
                {"decision": %s, "dryRun": %s}""".formatted(decision, dryRun);
    }

    @Test
    void scalesTheFleetOutAndRecordsTheChangeOnIt() {
        String fleet = aws.createMaintainFleet(3);

        JsonPath out = Lambda.succeeds(input(decision(fleet, "scale-out", 3, 7, "default"), false));

        assertThat(out.getBoolean("applied"), is(true));
        assertThat(out.getBoolean("alreadyApplied"), is(false));
        assertThat(out.getBoolean("dryRun"), is(false));
        assertThat(out.getBoolean("changeRecorded"), is(true));
        // The state table serialises executions; no guard bounds are set for this function, and it says so.
        assertThat(out.getList("warnings", String.class), contains(startsWith("AUTOSCALER_GUARD_BOUNDS is not set")));
        assertThat(out.getBoolean("overwritten"), is(false));
        assertThat(out.getString("action"), is("scale-out"));
        assertThat(out.getString("summary"), is("Spot Fleet " + fleet + " scaled out 3 -> 7."));
        assertThat(aws.targetCapacity(fleet), is(7));
        assertThat(aws.runningInstances(fleet), is(7));

        LastChange marker = LastChange.fromMarker(aws.tag(fleet, MARKER_KEY).orElseThrow()).orElseThrow();
        assertThat(marker.action(), is(ScaleAction.SCALE_OUT));
        assertThat(marker.from(), is(3));
        assertThat(marker.to(), is(7));
        assertThat(marker.triggerId(), is("5c1b7a52-3f0e-4c71-9d35-8a3e2b6f0d11:1"));
        assertThat(marker.at(), is(Instant.parse(out.getString("at"))));
        assertThat(marker.at(), lessThan(Instant.now().plusSeconds(1)));
    }

    @Test
    void theOnDemandPartAScaleInLoweredComesBackWithTheScaleOut() {
        // Issue 16: on-demand 4, target 10 -> 2 -> 10 left on-demand 2. The emulator keeps no on-demand part,
        // so the proxy plays EC2's.
        String fleet = aws.createMaintainFleet(10);
        proxy.playOnDemandPart(fleet, 4);

        // decide caps the on-demand part at the new target, as it does for any scale-in below it
        JsonPath in = Lambda.succeeds(input(decision(fleet, "scale-in", 10, 2, "default")
                .replace("\"onDemandTargetCapacity\": null", "\"onDemandTargetCapacity\": 2"), false));

        assertThat(in.getInt("onDemandTargetCapacity"), is(2));
        assertThat(proxy.onDemandPart(fleet), is(2));
        LastChange marker = LastChange.fromMarker(aws.tag(fleet, MARKER_KEY).orElseThrow()).orElseThrow();
        assertThat(marker.onDemandToRestore(), is(Optional.of(4)));

        JsonPath out = Lambda.succeeds(input(decision(fleet, "scale-out", 2, 10, "default")
                .replace("8a3e2b6f0d11:1", "8a3e2b6f0d11:2"), false));

        assertThat(out.getBoolean("applied"), is(true));
        assertThat(out.getInt("onDemandTargetCapacity"), is(4));
        assertThat(aws.targetCapacity(fleet), is(10));
        assertThat(proxy.onDemandPart(fleet), is(4));
    }

    @Test
    void scalingInTerminatesTheExcessInstancesByDefault() {
        String fleet = aws.createMaintainFleet(7);

        Lambda.succeeds(input(decision(fleet, "scale-in", 7, 4, "default"), false));

        assertThat(aws.targetCapacity(fleet), is(4));
        assertThat(aws.runningInstances(fleet), is(4));
    }

    @Test
    void scalingInWithNoTerminationKeepsTheInstancesRunning() {
        String fleet = aws.createMaintainFleet(7);

        Lambda.succeeds(input(decision(fleet, "scale-in", 7, 4, "noTermination"), false));

        assertThat(aws.targetCapacity(fleet), is(4));
        assertThat(aws.runningInstances(fleet), is(7));
    }

    @Test
    void aDryRunWritesNothing() {
        String fleet = aws.createMaintainFleet(3);

        JsonPath out = Lambda.succeeds(input(decision(fleet, "scale-out", 3, 7, "default"), true));

        assertThat(out.getBoolean("dryRun"), is(true));
        assertThat(out.getBoolean("applied"), is(false));
        assertThat(out.getString("summary"), containsString("would scale out 3 -> 7"));
        assertThat(aws.targetCapacity(fleet), is(3));
        assertThat(aws.tag(fleet, MARKER_KEY), is(Optional.empty()));
        assertNoWrites();
    }

    @Test
    void aFleetThatMovedSinceTheDecisionIsNotTouched() {
        String fleet = aws.createMaintainFleet(3);
        aws.setTargetCapacity(fleet, 5);

        String message = Lambda.fails(input(decision(fleet, "scale-out", 3, 7, "default"), false),
                CapacityChanged.class);

        assertThat(message, allOf(containsString("target capacity is 5, not 3"), containsString("decide again")));
        assertThat(aws.targetCapacity(fleet), is(5));
        assertNoWrites();
    }

    @Test
    void aChangeAnEarlierAttemptAppliedIsReportedNotRepeated() {
        // An earlier attempt (say, one that timed out after EC2 took it) set 7 and recorded it.
        String fleet = aws.createMaintainFleet(7);
        aws.tag(fleet, MARKER_KEY, new LastChange(Instant.now().minusSeconds(20), ScaleAction.SCALE_OUT, 3, 7,
                "5c1b7a52-3f0e-4c71-9d35-8a3e2b6f0d11:1").toMarker());

        JsonPath out = Lambda.succeeds(input(decision(fleet, "scale-out", 3, 7, "default"), false));

        assertThat(out.getBoolean("applied"), is(true));
        assertThat(out.getBoolean("alreadyApplied"), is(true));
        assertThat(out.getBoolean("byAnotherTrigger"), is(false));
        assertThat(aws.targetCapacity(fleet), is(7));
        assertNoWrites();
    }

    @Test
    void aChangeAnotherExecutionMadeIsReportedAsItsChange() {
        // The schedule's execution decided the same 3 -> 7 a moment earlier and recorded it under its own trigger.
        String fleet = aws.createMaintainFleet(7);
        String theirs = new LastChange(Instant.now().minusSeconds(5), ScaleAction.SCALE_OUT, 3, 7,
                "schedule-4e0d:1").toMarker();
        aws.tag(fleet, MARKER_KEY, theirs);

        JsonPath out = Lambda.succeeds(input(decision(fleet, "scale-out", 3, 7, "default"), false));

        assertThat(out.getBoolean("alreadyApplied"), is(true));
        assertThat(out.getBoolean("byAnotherTrigger"), is(true));
        assertThat(out.getString("summary"), containsString("another execution (trigger schedule-4e0d:1)"));
        assertThat(aws.tag(fleet, MARKER_KEY), is(Optional.of(theirs)));
        assertNoWrites();
    }

    @Test
    void aCancelledFleetIsNotScalable() {
        String fleet = aws.createMaintainFleet(3);
        aws.cancel(fleet);

        String message = Lambda.fails(input(decision(fleet, "scale-out", 3, 7, "default"), false),
                FleetNotScalable.class);

        assertThat(message, containsString("cancelled_running"));
        assertThat(aws.targetCapacity(fleet), is(3));
        assertNoWrites();
    }

    @Test
    void aRequestTypeFleetIsNotScalable() {
        // The emulator accepts Type but never reports it; the proxy shows it as EC2 would.
        String fleet = aws.createFleet(FleetType.REQUEST, 3);
        proxy.showFleetType("request");

        String message = Lambda.fails(input(decision(fleet, "scale-out", 3, 7, "default"), false),
                FleetNotScalable.class);

        assertThat(message, containsString("'request'"));
        assertThat(aws.targetCapacity(fleet), is(3));
        assertNoWrites();
    }

    @Test
    void anUnknownFleetIsNamed() {
        String message = Lambda.fails(input(decision("sfr-0000000000000000a", "scale-out", 3, 7, "default"), false),
                FleetNotFound.class);

        assertThat(message, containsString("sfr-0000000000000000a"));
        assertNoWrites();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing decision         | {"dryRun": false}                                                                   | decision
            decision without change  | {"decision": {FLEET "action": "none", "from": 3, "to": 3}}                         | decision.action
            unknown action           | {"decision": {FLEET "action": "grow", "from": 3, "to": 7}}                         | decision.action
            target as text           | {"decision": {FLEET "action": "scale-out", "from": 3, "to": "seven"}}              | decision.to
            negative from            | {"decision": {FLEET "action": "scale-out", "from": -3, "to": 7}}                   | decision.from
            scale out downwards      | {"decision": {FLEET "action": "scale-out", "from": 7, "to": 3}}                    | decision.to
            on-demand above target   | {"decision": {FLEET "action": "scale-out", "from": 3, "to": 7, "onDemandTargetCapacity": 9}} | decision.onDemandTargetCapacity
            unknown termination      | {"decision": {FLEET "action": "scale-in", "from": 7, "to": 3, "excessCapacityTerminationPolicy": "kill"}} | decision.excessCapacityTerminationPolicy
            malformed fleet id       | {"decision": {"fleetId": "fleet-7", "action": "scale-out", "from": 3, "to": 7}}    | decision.fleetId
            dry run as text          | {"decision": {FLEET "action": "scale-out", "from": 3, "to": 7}, "dryRun": "yes"}   | dryRun
            """)
    void badInputIsNamedAndChangesNothing(String what, String json, String field) {
        String fleet = aws.createMaintainFleet(3);
        String input = json.replace("FLEET", "\"fleetId\": \"" + fleet + "\",");

        String message = Lambda.fails(input, InvalidInput.class);

        assertThat(message, containsString("'" + field + "'"));
        assertThat(aws.targetCapacity(fleet), is(3));
        assertThat(proxy.actions(), empty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            NaN                   | "to": NaN                   | decision.to
            a 1,001-digit number  | "to": NUMBER_1001           | decision.to
            a 50,001-char name    | "KEY_50001": 7              | decision
            nesting 1,001 deep    | "to": DEEP                  | decision.to
            a fleet id of dashes  | "fleetId": "sfr----"        | decision.fleetId
            """)
    void hostileJsonIsInvalidInputAndChangesNothing(String what, String field, String path) {
        String fleet = aws.createMaintainFleet(3);
        String input = """
                {"decision": {"fleetId": "%s", "action": "scale-out", "from": 3, %s}, "dryRun": false}"""
                .formatted(fleet, field.replace("NUMBER_1001", "7".repeat(1001)).replace("KEY_50001", "k".repeat(50_001))
                        .replace("DEEP", "[".repeat(1001) + "]".repeat(1001)));
        if (field.contains("fleetId")) {
            input = input.replace("\"fleetId\": \"" + fleet + "\", ", "").replace("\"from\": 3, ", "\"from\": 3, \"to\": 7, ");
        }

        String message = Lambda.fails(input, InvalidInput.class);

        assertThat(message, containsString("'" + path)); // nested past the limit: decision.to[0][0]...
        assertThat(aws.targetCapacity(fleet), is(3));
        assertThat(aws.tag(fleet, MARKER_KEY), is(Optional.empty()));
        assertThat(proxy.actions(), empty());
    }

    // ---- the fleet's lease in the state table

    @Test
    void aLeaseAnotherExecutionHoldsIsFleetBusyAndNothingIsWritten() {
        String fleet = aws.createMaintainFleet(3);
        aws.putStateItem(HandlerProfiles.STATE_TABLE, Map.of("pk", "lease#" + fleet,
                "holder", "4f1c-other-request (trigger schedule-9:1)", "expiresAt", Instant.now().getEpochSecond() + 60));

        String message = Lambda.fails(input(decision(fleet, "scale-out", 3, 7, "default"), false), FleetBusy.class);

        assertThat(message, allOf(containsString("another execution"), containsString("4f1c-other-request"),
                containsString("retry")));
        assertThat(aws.targetCapacity(fleet), is(3));
        assertThat(proxy.actions(), not(hasItem("ec2:DescribeSpotFleetRequests"))); // the lease comes first
        assertNoWrites();
        assertThat(aws.stateItem(HandlerProfiles.STATE_TABLE, "lease#" + fleet).get("holder"),
                is("4f1c-other-request (trigger schedule-9:1)"));
    }

    @Test
    void aLapsedLeaseIsTakenOverAndGivenBackAfterTheChange() {
        // An execution that died holding the lease: it lapsed a second ago.
        String fleet = aws.createMaintainFleet(3);
        aws.putStateItem(HandlerProfiles.STATE_TABLE, Map.of("pk", "lease#" + fleet, "holder", "dead-request",
                "expiresAt", Instant.now().getEpochSecond() - 1));

        JsonPath out = Lambda.succeeds(input(decision(fleet, "scale-out", 3, 7, "default"), false));

        assertThat(out.getBoolean("applied"), is(true));
        assertThat(aws.targetCapacity(fleet), is(7));
        assertThat(proxy.actions(), hasItems("dynamodb:PutItem", "ec2:ModifySpotFleetRequest", "ec2:CreateTags",
                "dynamodb:DeleteItem"));
        assertThat(aws.stateItem(HandlerProfiles.STATE_TABLE, "lease#" + fleet), is(Map.of()));
    }

    @Test
    void theLeaseIsGivenBackWhenTheModifyFails() {
        String fleet = aws.createMaintainFleet(3);
        aws.setTargetCapacity(fleet, 5);

        Lambda.fails(input(decision(fleet, "scale-out", 3, 7, "default"), false), CapacityChanged.class);

        assertThat(proxy.actions(), hasItems("dynamodb:PutItem", "dynamodb:DeleteItem"));
        assertThat(aws.stateItem(HandlerProfiles.STATE_TABLE, "lease#" + fleet), is(Map.of()));
    }

    @Test
    void aStepDeliveredAgainIsNotSteppedTwice() {
        // Step mode adds a fixed step to what the fleet asks for; the same decision (same trigger) arriving
        // again (a retry after a timeout, a redelivered event) finds the step applied and adds nothing.
        String fleet = aws.createMaintainFleet(3);
        String step = decision(fleet, "scale-out", 3, 5, "default");

        JsonPath first = Lambda.succeeds(input(step, false));
        JsonPath again = Lambda.succeeds(input(step, false));

        assertThat(first.getBoolean("alreadyApplied"), is(false));
        assertThat(again.getBoolean("alreadyApplied"), is(true));
        assertThat(again.getBoolean("byAnotherTrigger"), is(false));
        assertThat(aws.targetCapacity(fleet), is(5));
        assertThat(proxy.count("ModifySpotFleetRequest"), is(1L));
    }

    @Test
    void aChangeMadeInTheConsoleRightAfterThisOneIsReportedAsOverwritten() {
        String fleet = aws.createMaintainFleet(3);
        // A person sets 9 in the console the moment after this modify's change lands.
        proxy.rewrite("ModifySpotFleetRequest", body -> {
            aws.setTargetCapacity(fleet, 9);
            return body;
        });

        JsonPath out = Lambda.succeeds(input(decision(fleet, "scale-out", 3, 7, "default"), false));

        assertThat(out.getBoolean("applied"), is(true));
        assertThat(out.getBoolean("overwritten"), is(true));
        assertThat(out.getList("warnings", String.class), hasItem(allOf(containsString("asks for 9, not 7"),
                containsString("outside the autoscaler"))));
        LastChange marker = LastChange.fromMarker(aws.tag(fleet, MARKER_KEY).orElseThrow()).orElseThrow();
        assertThat(marker.to(), is(7)); // what this modify wrote; the next evaluation decides against 9
        assertThat(aws.targetCapacity(fleet), is(9));
    }

    private void assertNoWrites() {
        assertThat(proxy.actions(), not(hasItem("ec2:ModifySpotFleetRequest")));
        assertThat(proxy.actions(), not(hasItem("ec2:CreateTags")));
    }

    /** decide's output for a target of {@code kind}. */
    static String decision(String kind, String id, String action, int from, int to) {
        return decision(id, action, from, to, "default").replace("{\"fleetId\"", "{\"targetKind\": \"" + kind
                + "\", \"fleetId\"");
    }

    @Test
    void scalesAnAutoScalingGroupOutInCapacityUnitsAndTagsTheChangeOnIt() {
        try (TargetFixtures targets = new TargetFixtures(aws)) {
            // 9 units: two t3.xlarge of weight 4 and one t3.small of weight 1.
            String group = targets.createWeightedGroup(8, 0, 40);
            targets.attach(group, TargetFixtures.SMALL);
            targets.setDesired(group, 9);

            JsonPath out = Lambda.succeeds(input(decision("auto-scaling-group", group, "scale-out", 9, 13), false));

            assertThat(out.getBoolean("applied"), is(true));
            assertThat(out.getBoolean("changeRecorded"), is(true));
            assertThat(out.getString("summary"), is("Auto Scaling group " + group + " scaled out 9 -> 13."));
            assertThat(targets.desired(group), is(13));
            // The emulator launches one more t3.xlarge: 3 x 4 + 1 x 1 = 13 units.
            assertThat(targets.group(group).instances().stream().mapToInt(
                    i -> i.instanceType().equals(TargetFixtures.LARGE) ? 4 : 1).sum(), is(13));
            LastChange marker = LastChange.fromMarker(targets.groupTag(group, MARKER_KEY).orElseThrow()).orElseThrow();
            assertThat(marker.from(), is(9));
            assertThat(marker.to(), is(13));
            assertThat(marker.action(), is(ScaleAction.SCALE_OUT));
        }
    }

    @Test
    void anAutoScalingGroupThatChangedSinceTheDecisionIsCapacityChanged() {
        try (TargetFixtures targets = new TargetFixtures(aws)) {
            String group = targets.createWeightedGroup(8, 0, 40);

            String message = Lambda.fails(input(decision("auto-scaling-group", group, "scale-in", 12, 4), false),
                    CapacityChanged.class);

            assertThat(message, containsString(group));
            assertThat(targets.desired(group), is(8));
        }
    }

    @Test
    void scalesAnEc2FleetOutInCapacityUnitsAndTagsTheChangeOnIt() {
        try (TargetFixtures targets = new TargetFixtures(aws)) {
            // 10 units: t3.small (weight 1), t3.xlarge (4), t3.small, t3.xlarge.
            String fleet = targets.createWeightedEc2Fleet(FleetType.MAINTAIN, 10);

            JsonPath out = Lambda.succeeds(input(decision("ec2-fleet", fleet, "scale-out", 10, 14), false));

            assertThat(out.getBoolean("applied"), is(true));
            assertThat(out.getBoolean("changeRecorded"), is(true));
            assertThat(targets.ec2Fleet(fleet).targetCapacitySpecification().totalTargetCapacity(), is(14));
            // One of each weight more: 15 units, the emulator's (and EC2's) overshoot with weights.
            assertThat(targets.ec2Fleet(fleet).fulfilledCapacity(), is(15.0));
            LastChange marker = LastChange.fromMarker(aws.tag(fleet, MARKER_KEY).orElseThrow()).orElseThrow();
            assertThat(marker.from(), is(10));
            assertThat(marker.to(), is(14));
        }
    }

    @Test
    void anEc2FleetOfTypeRequestIsNotScalableAndTheMessageSaysWhy() {
        try (TargetFixtures targets = new TargetFixtures(aws)) {
            String fleet = targets.createWeightedEc2Fleet(FleetType.REQUEST, 10);

            String message = Lambda.fails(input(decision("ec2-fleet", fleet, "scale-out", 10, 14), false),
                    FleetNotScalable.class);

            assertThat(message, containsString("an EC2 Fleet keeps a target capacity only when its type is"
                    + " 'maintain'"));
            assertThat(targets.ec2Fleet(fleet).targetCapacitySpecification().totalTargetCapacity(), is(10));
        }
    }

    /** Paused between decide and modify: modify reads the tag again and writes nothing; it is no failure. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"spot-fleet", "ec2-fleet", "auto-scaling-group"})
    void aTargetPausedSinceTheDecisionIsNotWrittenAndTheOutcomeSaysSo(String kind) {
        try (TargetFixtures targets = new TargetFixtures(aws)) {
            String id = targets.create(kind, 5);
            targets.pause(kind, id, "incident 42");

            JsonPath out = Lambda.succeeds(input(decision(kind, id, "scale-out", 5, 9), false));

            assertThat(out.getBoolean("paused"), is(true));
            assertThat(out.getBoolean("applied"), is(false));
            assertThat(out.getBoolean("changeRecorded"), is(false));
            assertThat(out.getString("summary"), is("Fleet " + id + " is paused by its tag sfautoscaler:paused"
                    + " ('incident 42'), so it was not changed (scale out 5 -> 9 not applied); remove the tag to"
                    + " resume."));
            assertThat(targets.targetCapacity(kind, id), is(5));
            Optional<String> marker = kind.equals("auto-scaling-group") ? targets.groupTag(id, MARKER_KEY)
                    : aws.tag(id, MARKER_KEY);
            assertThat(marker, is(Optional.empty()));

            targets.resume(kind, id);
            JsonPath resumed = Lambda.succeeds(input(decision(kind, id, "scale-out", 5, 9), false));

            assertThat(resumed.getBoolean("paused"), is(false));
            assertThat(resumed.getBoolean("applied"), is(true));
            assertThat(targets.targetCapacity(kind, id), is(9));
        }
    }
}
