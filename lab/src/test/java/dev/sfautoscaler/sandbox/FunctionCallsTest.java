package dev.sfautoscaler.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sfautoscaler.sandbox.SandboxRun.Change;
import dev.sfautoscaler.testkit.LambdaInvokeServer.FunctionError;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decisions and changes the run shows come from what the functions answered: every decision
 * sets the minute lines' last decision, but a line of its own only when it changes something or
 * gives a new reason; each applied change is recorded with the execution and round that made it;
 * the warm-up's calls are not part of the run.
 */
class FunctionCallsTest {

    private static final String DECIDE_IN = "{\"executionName\":\"schedule-3\",\"round\":1}";

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ConsolePrinter console = new ConsolePrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    private final TimeScale time = new TimeScale(60);
    private final FunctionCalls calls = new FunctionCalls(new Executions(null, time, console, false), time, console,
            false);

    private static String decision(boolean change, int from, int to, String code) {
        return "{\"change\":" + change + ",\"action\":\"" + (change ? "scale-out" : "none") + "\",\"from\":" + from
                + ",\"to\":" + to + ",\"reasonCode\":\"" + code + "\",\"reason\":\"changed 0 s ago\"}";
    }

    private List<String> printed() {
        console.flushEvents();
        return bytes.toString(StandardCharsets.UTF_8).lines().map(l -> l.substring(8)).toList();
    }

    @Test
    void theWarmUpsCallsAreNotPartOfTheRun() {
        calls.invoked("decide", DECIDE_IN, decision(true, 1, 2, "BACKLOG_NEEDS_MORE"), null);

        assertEquals("-", calls.lastDecision());
        assertEquals(List.of(), printed());
    }

    @Test
    void aDecisionGetsALineWhenItChangesSomethingOrGivesANewReason() {
        calls.startRecording();
        calls.invoked("decide", DECIDE_IN, decision(false, 2, 2, "AT_DESIRED"), null);
        calls.invoked("decide", DECIDE_IN, decision(false, 2, 2, "AT_DESIRED"), null);
        calls.invoked("decide", DECIDE_IN, decision(true, 2, 4, "BACKLOG_NEEDS_MORE"), null);
        calls.invoked("decide", DECIDE_IN, decision(false, 4, 4, "SCALE_OUT_COOLDOWN"), null);

        assertEquals(List.of(
                "decide   schedule-3 round 1: none at 2, AT_DESIRED: changed under 60 s ago",
                "decide   schedule-3 round 1: scale-out 2 -> 4, BACKLOG_NEEDS_MORE: changed under 60 s ago",
                "decide   schedule-3 round 1: none at 4, SCALE_OUT_COOLDOWN: changed under 60 s ago"), printed());
        assertEquals("none at 4 (SCALE_OUT_COOLDOWN)", calls.lastDecision());
    }

    @Test
    void anAppliedChangeIsRecordedWithItsRoundAndAFailedCallAsAnError() {
        calls.startRecording();
        String modifyIn = "{\"decision\":{\"triggerKey\":\"scale-out-alarm-4:2\"}}";
        calls.invoked("modify", modifyIn, "{\"applied\":true,\"alreadyApplied\":false,\"dryRun\":false,"
                + "\"action\":\"scale-out\",\"from\":2,\"to\":4,\"summary\":\"Fleet sfr-1 scaled out 2 -> 4.\"}", null);
        calls.invoked("modify", modifyIn, "{\"applied\":true,\"alreadyApplied\":true,\"dryRun\":false,"
                + "\"action\":\"scale-out\",\"from\":2,\"to\":4,\"summary\":\"already\"}", null);
        calls.invoked("read-capacity", "{}", null, new FunctionError("FleetNotFound", "no fleet sfr-2"));

        List<Change> changes = calls.changes();
        assertEquals(1, changes.size());
        assertEquals("scale-out-alarm-4", changes.get(0).execution());
        assertEquals(2, changes.get(0).round());
        assertEquals(List.of("read-capacity: FleetNotFound: no fleet sfr-2"), calls.errors());
        assertEquals(List.of("modify   Fleet sfr-1 scaled out 2 -> 4.",
                "error    read-capacity: FleetNotFound: no fleet sfr-2"), printed());
    }
}
