package dev.sfautoscaler.handler;

import static dev.sfautoscaler.handler.ModifyBehaviour.decision;
import static dev.sfautoscaler.handler.ModifyBehaviour.input;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;

import dev.sfautoscaler.core.error.AwsCallFailed;
import dev.sfautoscaler.core.error.OutsideGuardBounds;
import dev.sfautoscaler.testing.GuardedFleets;
import dev.sfautoscaler.testing.InjectAws;
import dev.sfautoscaler.testkit.AwsFixtures;
import dev.sfautoscaler.testkit.FaultProxy;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * modify with the deployment's guard bounds where Terraform puts them ({@code AUTOSCALER_GUARD_BOUNDS=state-table}:
 * a {@code guard#<id>} item per fleet in the state table; three fleets, each 2..6): the execution input cannot
 * take a fleet outside them, whatever its policy says, and a changed item applies at the next modify.
 */
abstract class ModifyGuardBehaviour {

    @InjectAws
    AwsFixtures aws;

    @InjectAws
    FaultProxy proxy;

    @InjectAws
    GuardedFleets guarded;

    @AfterEach
    void clearProxy() {
        proxy.clear();
    }

    @Test
    void aTargetAboveTheGuardIsRefusedBeforeAnyCall() {
        String fleet = guarded.fleet(0);

        String message = Lambda.fails(input(decision(fleet, "scale-out", 3, 50, "default"), false),
                OutsideGuardBounds.class);

        assertThat(message, allOf(containsString("target 50"), containsString(fleet), containsString("2..6"),
                containsString("nothing was changed")));
        assertThat(aws.targetCapacity(fleet), is(3));
        assertThat(proxy.actions(), contains(endsWith(":GetItem"))); // the guard item only: no lease, no EC2 call
    }

    @Test
    void aTargetBelowTheGuardIsRefused() {
        String fleet = guarded.fleet(1);

        Lambda.fails(input(decision(fleet, "scale-in", 3, 1, "default"), false), OutsideGuardBounds.class);

        assertThat(aws.targetCapacity(fleet), is(3));
        assertThat(proxy.actions(), contains(endsWith(":GetItem")));
    }

    @Test
    void aFleetTheDeploymentDoesNotNameIsRefused() {
        String stranger = aws.createMaintainFleet(3);

        String message = Lambda.fails(input(decision(stranger, "scale-out", 3, 4, "default"), false),
                OutsideGuardBounds.class);

        assertThat(message, allOf(containsString(stranger), containsString("no guard bounds"),
                containsString("no item guard#" + stranger + " in the state table"),
                containsString("add the fleet to the deployment's fleets map")));
        assertThat(aws.targetCapacity(stranger), is(3));
        assertThat(proxy.actions(), contains(endsWith(":GetItem")));
    }

    @Test
    void aGuardItemChangedByTerraformAppliesAtTheNextModify() {
        String fleet = guarded.fleet(0);
        Lambda.fails(input(decision(fleet, "scale-out", 3, 8, "default"), false), OutsideGuardBounds.class);

        aws.putStateItem(HandlerProfiles.STATE_TABLE, Map.of("pk", "guard#" + fleet, "min", 2, "max", 8));
        try {
            JsonPath out = Lambda.succeeds(input(decision(fleet, "scale-out", 3, 8, "default"), false));

            assertThat(out.getBoolean("applied"), is(true));
            assertThat(aws.targetCapacity(fleet), is(8));
        } finally {
            aws.putStateItem(HandlerProfiles.STATE_TABLE, Map.of("pk", "guard#" + fleet, "min", 2, "max", 6));
        }
    }

    @Test
    void aGuardItemThatCannotBeReadRefusesTheChangeAndSaysWhy() {
        String fleet = aws.createMaintainFleet(3);
        aws.putStateItem(HandlerProfiles.STATE_TABLE, Map.of("pk", "guard#" + fleet, "min", 7, "max", 6));

        String message = Lambda.fails(input(decision(fleet, "scale-out", 3, 4, "default"), false), AwsCallFailed.class);

        assertThat(message, allOf(containsString("NotConfigured"), containsString("guard#" + fleet),
                containsString("min (7) is above its max (6)"), containsString("apply again")));
        assertThat(aws.targetCapacity(fleet), is(3));
    }

    @Test
    void insideTheGuardTheChangeIsMadeWithoutWarnings() {
        String fleet = guarded.fleet(2);

        JsonPath out = Lambda.succeeds(input(decision(fleet, "scale-out", 3, 6, "default"), false));

        assertThat(out.getBoolean("applied"), is(true));
        assertThat(out.getList("warnings"), empty()); // guard bounds and state table both set
        assertThat(aws.targetCapacity(fleet), is(6));
    }
}
