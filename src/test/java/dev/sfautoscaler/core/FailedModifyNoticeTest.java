package dev.sfautoscaler.core;

import static dev.sfautoscaler.core.Fixtures.FLEET_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfautoscaler.core.error.InvalidInput;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A modify that timed out or crashed may have made its change: the failure notice says what the
 * fleet, read again, asks for, and so whether the change happened.
 */
class FailedModifyNoticeTest {

    private static final FailureReport TIMED_OUT = new FailureReport("Sandbox.Timedout",
            "Task timed out after 60.00 seconds");

    private static ScaleDecision scaleOut3To7() {
        return Fixtures.decider().decide(Fixtures.fleet(3), Fixtures.queue(600, 40), Fixtures.scaleOutAlarm(),
                Fixtures.policy().build());
    }

    private static NotifyRequest failed(FleetAfterFailure now) {
        return new NotifyRequest(FLEET_ID, Outcome.FAILED, Optional.of(scaleOut3To7()), Optional.empty(),
                Optional.of(TIMED_OUT), Optional.empty(), Optional.ofNullable(now));
    }

    @Test
    void aFleetAtTheTargetMeansTheChangeWasMade() {
        NotifyRequest r = failed(FleetAfterFailure.read(7));
        Notification n = ChangeNotifier.compose(r);

        assertTrue(r.changeMade());
        assertEquals(FLEET_ID + " scaled out 3 -> 7, then failed: Sandbox.Timedout", n.subject());
        assertTrue(n.summary().startsWith("The Spot Fleet, read again after the failure, asks for 7: the change 3 -> 7 "
                + "was made, but modify did not confirm it, so its last-change marker may be missing"), n.summary());
    }

    @Test
    void aFleetStillAtTheStartMeansNothingChanged() {
        NotifyRequest r = failed(FleetAfterFailure.read(3));
        Notification n = ChangeNotifier.compose(r);

        assertFalse(r.changeMade());
        assertEquals(FLEET_ID + " scaling failed: Sandbox.Timedout", n.subject());
        assertTrue(n.summary().startsWith("The Spot Fleet, read again after the failure, still asks for 3: no change was "
                + "made."), n.summary());
    }

    @Test
    void aFleetElsewhereWasChangedBySomethingElse() {
        Notification n = ChangeNotifier.compose(failed(FleetAfterFailure.read(5)));

        assertEquals(FLEET_ID + " scaling failed: Sandbox.Timedout", n.subject());
        assertTrue(n.summary().startsWith("The Spot Fleet, read again after the failure, asks for 5, neither 3 nor 7: "
                + "something else changed it."), n.summary());
    }

    @Test
    void aFleetThatCouldNotBeReadLeavesTheChangeUnknownAndSaysSo() {
        NotifyRequest r = failed(FleetAfterFailure.unreadable(new FailureReport(
                "dev.sfautoscaler.core.error.Throttled", "Rate exceeded")));
        Notification n = ChangeNotifier.compose(r);

        assertFalse(r.changeMade());
        assertEquals(FLEET_ID + " may have scaled out 3 -> 7, then failed: Sandbox.Timedout", n.subject());
        assertTrue(n.summary().startsWith("Whether the change 3 -> 7 was made is unknown: the Spot Fleet could not be "
                + "read again (Throttled: Rate exceeded). Look at its target capacity."), n.summary());
    }

    @Test
    void eachKindOfTargetIsCalledByItsOwnWord() {
        for (TargetKind kind : TargetKind.values()) {
            String id = kind == TargetKind.AUTO_SCALING_GROUP ? "queue-workers" : FLEET_ID;
            NotifyRequest r = new NotifyRequest(id, Outcome.FAILED, Optional.of(scaleOut3To7()), Optional.empty(),
                    Optional.of(TIMED_OUT), Optional.empty(), Optional.of(FleetAfterFailure.read(3)), kind);
            String word = switch (kind) {
                case SPOT_FLEET -> "Spot Fleet";
                case EC2_FLEET -> "EC2 Fleet";
                case AUTO_SCALING_GROUP -> "Auto Scaling group";
            };
            assertTrue(ChangeNotifier.compose(r).summary().startsWith("The " + word + ", read again after the "
                    + "failure, still asks for 3"), kind + ": " + ChangeNotifier.compose(r).summary());
        }
    }

    @Test
    void withoutARereadTheNoticeIsAsBefore() {
        Notification n = ChangeNotifier.compose(failed(null));

        assertEquals(FLEET_ID + " scaling failed: Sandbox.Timedout", n.subject());
        assertTrue(n.summary().startsWith("Sandbox.Timedout: Task timed out"), n.summary());
    }

    @Test
    void aRereadNeedsATargetOrTheReasonItFailed() {
        assertThrows(InvalidInput.class, () -> new FleetAfterFailure(Optional.empty(), Optional.empty()));
    }
}
