package dev.sfautoscaler.sandbox;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import dev.sfautoscaler.sandbox.SandboxRun.Change;
import dev.sfautoscaler.sandbox.SandboxRun.ExecutionRecord;
import dev.sfautoscaler.sandbox.SandboxRun.NotificationRecord;
import dev.sfautoscaler.sandbox.SandboxRun.Sample;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sandbox test's checks fail when what a newcomer should see does not happen. */
class SandboxRunTest {

    private static final List<String> STATES = List.of("Prepare", "ApplyDefaults", "ReadCapacity", "Decide",
            "ScaleNeeded?", "PlanRounds", "ModifyCapacity", "Notify", "AnotherRound?", "RecoveryBeforeDone?", "Done");
    private static final Change OUT = new Change(200, "scale-out", 1, 6, "scale-out-alarm-2", 1);
    private static final Change IN = new Change(600, "scale-in", 6, 1, "scale-in-alarm-3", 1);
    private static final NotificationRecord NOTIFIED_OUT = new NotificationRecord(210, "sfr-1 scaled out 1 -> 6",
            "scaled", "scale-out", 1, 6);
    private static final NotificationRecord NOTIFIED_IN = new NotificationRecord(610, "sfr-1 scaled in 6 -> 1",
            "scaled", "scale-in", 6, 1);

    private static SandboxRun run(List<Change> changes, List<ExecutionRecord> executions,
            List<NotificationRecord> notifications, int lastTarget) {
        return run(changes, executions, notifications, lastTarget, List.of());
    }

    private static SandboxRun run(List<Change> changes, List<ExecutionRecord> executions,
            List<NotificationRecord> notifications, int lastTarget, List<String> functionErrors) {
        List<Sample> samples = List.of(new Sample(60, 0, 0, 1, 1, 1, 0, 0), new Sample(300, 20, 5, 6, 6, 6, 12, 6),
                new Sample(720, 0, 0, lastTarget, lastTarget, lastTarget, 0, 0));
        return new SandboxRun("t", 60, 720, samples, List.of(), changes, executions, notifications, List.of(),
                functionErrors, 60, 60, 0, 5, 12, "chart.svg");
    }

    private static ExecutionRecord ok(String name) {
        return new ExecutionRecord(name, "alarm", 100, 200, "SUCCEEDED", null, null, STATES);
    }

    @Test
    void aRunThatScalesOutAndBackInWithEveryChangeNotifiedHasNoProblems() {
        assertThat(run(List.of(OUT, IN), List.of(ok("a"), ok("b")), List.of(NOTIFIED_OUT, NOTIFIED_IN), 1)
                .problems(60, 360), empty());
    }

    @Test
    void noScaleInAfterTheSurgeIsAProblem() {
        assertThat(run(List.of(OUT), List.of(ok("a")), List.of(NOTIFIED_OUT), 6).problems(60, 360), contains(
                startsWith("the fleet did not scale back in after the surge"),
                startsWith("the fleet ended at its peak target 6")));
    }

    @Test
    void aScaleOutOnlyAfterTheSurgeIsAProblem() {
        Change late = new Change(400, "scale-out", 1, 6, "scale-out-alarm-2", 1);
        assertThat(run(List.of(late, IN), List.of(ok("a")), List.of(NOTIFIED_OUT, NOTIFIED_IN), 1)
                .problems(60, 360), contains(startsWith("the fleet did not scale out during the surge")));
    }

    @Test
    void anExecutionStillRunningIsAProblemUnlessItWaitsForItsNextRound() {
        ExecutionRecord waiting = new ExecutionRecord("w", "alarm", 600, Double.NaN, "RUNNING", null, null,
                List.of("FinishDrain", "Notify", "AnotherRound?", "WaitForSettle"));
        assertThat(run(List.of(OUT, IN), List.of(ok("a"), waiting), List.of(NOTIFIED_OUT, NOTIFIED_IN), 1)
                .problems(60, 360), empty());
        ExecutionRecord stuck = new ExecutionRecord("s", "alarm", 600, Double.NaN, "RUNNING", null, null,
                List.of("ReadCapacity"));
        assertThat(run(List.of(OUT, IN), List.of(ok("a"), stuck), List.of(NOTIFIED_OUT, NOTIFIED_IN), 1)
                .problems(60, 360), contains(startsWith("execution s ended RUNNING")));
    }

    @Test
    void aFailedExecutionIsAProblem() {
        ExecutionRecord failed = new ExecutionRecord("b", "alarm", 500, 520, "FAILED",
                "dev.sfautoscaler.core.error.FleetNotInModifiableState", "no", STATES);
        assertThat(run(List.of(OUT, IN), List.of(ok("a"), failed), List.of(NOTIFIED_OUT, NOTIFIED_IN), 1)
                .problems(60, 360), contains(startsWith("execution b ended FAILED with "
                        + "dev.sfautoscaler.core.error.FleetNotInModifiableState")));
    }

    @Test
    void aChangeWithoutItsNotificationIsAProblem() {
        assertThat(run(List.of(OUT, IN), List.of(ok("a"), ok("b")), List.of(NOTIFIED_OUT, NOTIFIED_OUT), 1)
                .problems(60, 360), hasItem("no notification arrived for the change scale-in 6 -> 1 at 10:00"));
    }

    @Test
    void errorsTheWorkflowHandlesAreNotProblemsButOthersAre() {
        List<String> errors = List.of(
                "modify: dev.sfautoscaler.core.error.CapacityChanged: fleet sfr-1 asks for 6, not 1",
                "modify: dev.sfautoscaler.core.error.FleetBusy: fleet sfr-1 is held by another execution",
                "read-capacity: dev.sfautoscaler.core.error.AccessDenied: not allowed");
        assertThat(run(List.of(OUT, IN), List.of(ok("a"), ok("b")), List.of(NOTIFIED_OUT, NOTIFIED_IN), 1, errors)
                .problems(60, 360), contains("function errors: [read-capacity: dev.sfautoscaler.core.error."
                        + "AccessDenied: not allowed]"));
    }
}
