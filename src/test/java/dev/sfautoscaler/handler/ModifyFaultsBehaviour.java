package dev.sfautoscaler.handler;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import dev.sfautoscaler.core.error.AccessDenied;
import dev.sfautoscaler.core.error.AwsCallFailed;
import dev.sfautoscaler.core.error.FleetBusy;
import dev.sfautoscaler.core.error.FleetNotInModifiableState;
import dev.sfautoscaler.core.error.InvalidInput;
import dev.sfautoscaler.core.error.Throttled;
import dev.sfautoscaler.testkit.AwsFixtures;
import dev.sfautoscaler.testkit.FaultProxy;
import dev.sfautoscaler.testing.InjectAws;
import io.restassured.path.json.JsonPath;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** modify when EC2 answers with the faults the emulator cannot produce, injected by the proxy. */
abstract class ModifyFaultsBehaviour {

    @InjectAws
    AwsFixtures aws;

    @InjectAws
    FaultProxy proxy;

    @AfterEach
    void clearProxy() {
        proxy.clear();
    }

    static String scaleOut(String fleet) {
        return ModifyBehaviour.input(ModifyBehaviour.decision(fleet, "scale-out", 3, 7, "default"), false);
    }

    @Test
    void ec2RefusingTheModificationIsFleetNotInModifiableState() {
        String fleet = aws.createMaintainFleet(3);
        proxy.fail("ModifySpotFleetRequest", 400, "FleetNotInModifiableState",
                "The spot fleet request is not in a modifiable state.");

        String message = Lambda.fails(scaleOut(fleet), FleetNotInModifiableState.class);

        assertThat(message, allOf(containsString(fleet), containsString("not in a modifiable state")));
        assertThat(aws.targetCapacity(fleet), is(3));
        assertThat(proxy.actions(), not(hasItem("ec2:CreateTags")));
    }

    @Test
    void ec2RefusingWhileAnotherChangeAppliesIsFleetBusy() {
        // Another execution's change landed between modify's re-read and its call: EC2 refuses and
        // then shows the fleet modifying. Busy is retried by the workflow; not modifiable is not.
        String fleet = aws.createMaintainFleet(3);
        proxy.fail("ModifySpotFleetRequest", 400, "FleetNotInModifiableState",
                "The spot fleet request is not in a modifiable state.");
        AtomicInteger reads = new AtomicInteger();
        proxy.rewrite("DescribeSpotFleetRequests", body -> reads.incrementAndGet() == 1 ? body
                : FaultProxy.withFleetState(body, "modifying"));

        String message = Lambda.fails(scaleOut(fleet), FleetBusy.class);

        assertThat(message, allOf(containsString(fleet), containsString("'modifying'")));
        assertThat(proxy.count("DescribeSpotFleetRequests"), is(2L));
        assertThat(proxy.actions(), not(hasItem("ec2:CreateTags")));
    }

    @Test
    void throttlingIsThrottled() {
        String fleet = aws.createMaintainFleet(3);
        proxy.fail("ModifySpotFleetRequest", 503, "RequestLimitExceeded", "Request limit exceeded.");

        String message = Lambda.fails(scaleOut(fleet), Throttled.class);

        assertThat(message, allOf(containsString("ModifySpotFleetRequest"), containsString("RequestLimitExceeded")));
        assertThat(aws.targetCapacity(fleet), is(3));
    }

    @Test
    void aFleetStillModifyingIsBusy() {
        String fleet = aws.createMaintainFleet(3);
        proxy.showFleetState("modifying");

        String message = Lambda.fails(scaleOut(fleet), FleetBusy.class);

        assertThat(message, allOf(containsString(fleet), containsString("'modifying'")));
        assertThat(aws.targetCapacity(fleet), is(3));
        assertThat(proxy.actions(), not(hasItem("ec2:ModifySpotFleetRequest")));
    }

    @Test
    void aMissingPermissionIsAccessDenied() {
        String fleet = aws.createMaintainFleet(3);
        proxy.fail("ModifySpotFleetRequest", 403, "UnauthorizedOperation",
                "You are not authorized to perform this operation.");

        String message = Lambda.fails(scaleOut(fleet), AccessDenied.class);

        assertThat(message, allOf(containsString("ModifySpotFleetRequest"), containsString("IAM")));
        assertThat(aws.targetCapacity(fleet), is(3));
    }

    @Test
    void aParameterEc2RejectsIsInvalidInputNamingIt() {
        String fleet = aws.createMaintainFleet(3);
        proxy.fail("ModifySpotFleetRequest", 400, "InvalidParameterValue",
                "TargetCapacity (7) cannot be less than OnDemandTargetCapacity (9)");

        String message = Lambda.fails(scaleOut(fleet), InvalidInput.class);

        assertThat(message, containsString("'TargetCapacity'"));
        assertThat(aws.targetCapacity(fleet), is(3));
    }

    @Test
    void anEc2ServerErrorIsAwsCallFailed() {
        String fleet = aws.createMaintainFleet(3);
        proxy.fail("ModifySpotFleetRequest", 500, "InternalError", "An internal error has occurred.");

        String message = Lambda.fails(scaleOut(fleet), AwsCallFailed.class);

        assertThat(message, containsString("InternalError"));
        assertThat(aws.targetCapacity(fleet), is(3));
    }

    @Test
    void aChangeThatCouldNotBeRecordedIsStillReportedAsApplied() {
        String fleet = aws.createMaintainFleet(3);
        proxy.fail("CreateTags", 403, "UnauthorizedOperation", "You are not authorized to perform this operation.");

        JsonPath out = Lambda.succeeds(scaleOut(fleet));

        assertThat(out.getBoolean("applied"), is(true));
        assertThat(out.getBoolean("changeRecorded"), is(false));
        // (this function has no guard bounds set, which it says first)
        assertThat(out.getList("warnings", String.class), contains(
                startsWith("AUTOSCALER_GUARD_BOUNDS is not set"),
                allOf(containsString("applied but not recorded"), containsString("AccessDenied"))));
        assertThat(aws.targetCapacity(fleet), is(7));
        assertThat(aws.tag(fleet, ModifyBehaviour.MARKER_KEY), is(Optional.empty()));
    }
}
