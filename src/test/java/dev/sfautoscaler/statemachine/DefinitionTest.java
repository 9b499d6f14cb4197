package dev.sfautoscaler.statemachine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfautoscaler.core.DrainOutcome;
import dev.sfautoscaler.core.error.AutoscalerException;
import dev.sfautoscaler.wire.FunctionInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the emulator cannot tell about the definition: error names that never occur (a misspelt
 * class name is matched by no error, silently), task states without a way to the failure
 * notification, the Lambda service retries, and the placeholder contract with Terraform.
 */
class DefinitionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ERROR_PACKAGE = "dev.sfautoscaler.core.error.";
    private static final List<String> LAMBDA_SERVICE_ERRORS = List.of("Lambda.ServiceException",
            "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.ClientExecutionTimeoutException",
            "Lambda.TooManyRequestsException");

    /** The notices that an alert is closed, each before its successful end: their failure must not fail the execution. */
    private static final Map<String, String> RECOVERY_NOTICES = Map.of("NotifyRecovery", "NoChangeToNotify?",
            "NotifyRecoveryThenDone", "Done", "NotifyRecoveryThenAlarmCleared", "AlarmCleared");

    private final String text = read("statemachine/autoscaler.asl.json");
    private final JsonNode states = parse(text).path("States");

    @Test
    void everyMatchedErrorOfOursIsAnErrorTheFunctionsRaise() throws Exception {
        for (String name : errorNames()) {
            // Sandbox.Timedout: what Lambda reports for a function that ran out of time.
            if (name.startsWith("States.") || name.startsWith("Lambda.") || name.equals("Sandbox.Timedout")) {
                continue;
            }
            assertTrue(name.startsWith(ERROR_PACKAGE), name + " is neither a States.* / Lambda.* error nor one of ours");
            Class<?> type = Class.forName(name);
            assertTrue(AutoscalerException.class.isAssignableFrom(type), name + " is not an AutoscalerException");
        }
    }

    @Test
    void startDrainsOutcomesThatChangedTheFleetLeadToTheNotification() {
        Map<String, String> next = new HashMap<>();
        for (JsonNode c : states.path("DrainStarted?").path("Choices")) {
            assertEquals("$.drain.outcome", c.path("Variable").asText());
            next.put(c.path("StringEquals").asText(), c.path("Next").asText());
        }
        assertEquals(Map.of(DrainOutcome.STARTED.wireName(), "WaitForDrain", DrainOutcome.LOWERED.wireName(), "Notify",
                DrainOutcome.CHANGED.wireName(), "CountDrainRecheck"), next, "a fleet lowered with no instance to drain"
                + " is notified, and a target changed since the decision read again, not ended silently");
        assertEquals("ReadCapacity", states.path("DrainRecheckAllowed?").path("Choices").get(0).path("Next").asText());
        assertEquals("NothingToDrain", states.path("DrainStarted?").path("Default").asText());
    }

    @Test
    void everyRetryableErrorIsRetriedOrReread() throws Exception {
        // FleetBusy and Throttled back off; CapacityChanged reads and decides again.
        Map<String, String> retryableIn = Map.of(
                "FleetBusy", "ModifyCapacity", "Throttled", "ModifyCapacity", "CapacityChanged", "ModifyCapacity");
        for (var e : retryableIn.entrySet()) {
            JsonNode state = states.path(e.getValue());
            String error = ERROR_PACKAGE + e.getKey();
            boolean retried = matches(state.path("Retry"), error);
            boolean caughtToReread = false;
            for (JsonNode c : state.path("Catch")) {
                caughtToReread |= contains(c.path("ErrorEquals"), error) && !c.path("Next").asText().equals("NotifyFailure");
            }
            assertTrue(retried || caughtToReread, e.getValue() + " neither retries nor re-reads on " + error);
        }
        assertTrue(matches(states.path("ModifyCapacity").path("Retry"), ERROR_PACKAGE + "FleetBusy"));
        assertFalse(matches(states.path("ModifyCapacity").path("Retry"), ERROR_PACKAGE + "FleetNotScalable"),
                "a fleet that cannot be scaled must not be retried");
    }

    @Test
    void everyTaskRetriesLambdaServiceErrorsAndEndsInTheFailureNotification() {
        states.fields().forEachRemaining(entry -> {
            String name = entry.getKey();
            JsonNode state = entry.getValue();
            if (!state.path("Type").asText().equals("Task")) {
                return;
            }
            if (state.path("Resource").asText().startsWith("arn:aws:lambda:")
                    || state.path("Resource").asText().startsWith("${")) {
                for (String error : LAMBDA_SERVICE_ERRORS) {
                    assertTrue(matches(state.path("Retry"), error), name + " does not retry " + error);
                }
            }
            String target = name.equals("NotifyFailure") ? "ChangeBeforeFailure?"
                    : name.equals("ModifyCapacity") ? "ReadFleetNow" // which then goes to NotifyFailure
                    : RECOVERY_NOTICES.getOrDefault(name, "NotifyFailure");
            boolean catchesAll = false;
            for (JsonNode c : state.path("Catch")) {
                catchesAll |= contains(c.path("ErrorEquals"), "States.ALL") && c.path("Next").asText().equals(target);
            }
            assertTrue(catchesAll, name + " has no Catch of States.ALL going to " + target);
            assertTrue(state.path("TimeoutSeconds").asInt() > 0, name + " has no TimeoutSeconds");
        });
    }

    /**
     * A drain that waits its whole drainTimeoutSeconds, at the longest the policy allows, still ends in the execution
     * that started it: the execution's TimeoutSeconds leaves room for one more WaitForDrain at its longest and the
     * steps around the drain. Fails when either the definition's timeout or the policy's limit moves alone.
     */
    @Test
    void theLongestDrainThePolicyAllowsEndsWithinTheExecutionsTimeout() {
        int timeout = parse(text).path("TimeoutSeconds").asInt();
        assertEquals(dev.sfautoscaler.core.ScalingPolicy.EXECUTION_TIMEOUT_SECONDS, timeout,
                "the policy's limit is derived from the definition's TimeoutSeconds");
        assertTrue(dev.sfautoscaler.core.ScalingPolicy.DRAIN_TIMEOUT_LIMIT
                + dev.sfautoscaler.core.ScalingPolicy.DRAIN_CHECK_LIMIT + 300 <= timeout,
                "drainTimeoutSeconds' maximum, a last WaitForDrain and 300 s of other steps exceed " + timeout + " s");
    }

    @Test
    void theOnlyPlaceholdersAreTheFiveFunctionArnsInsideJsonStrings() {
        Matcher m = Pattern.compile("\\$\\{([^}]*)}").matcher(text);
        Set<String> found = new TreeSet<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        assertEquals(Set.of("read_capacity_function_arn", "decide_function_arn", "modify_function_arn",
                "notify_function_arn", "drain_function_arn"), found);
        assertFalse(text.contains("%{"), "templatefile() would read %{ as a directive");
        // Every placeholder is a whole Resource value: the file stays JSON before rendering.
        List<String> resources = new ArrayList<>();
        states.forEach(s -> resources.add(s.path("Resource").asText()));
        for (String placeholder : found) {
            assertTrue(resources.contains("${" + placeholder + "}"), placeholder + " is not a Resource");
        }
    }

    @Test
    void itIsAStandardJsonPathWorkflowNamedForTheConsole() {
        JsonNode definition = parse(text);
        assertFalse(definition.has("QueryLanguage") && !definition.path("QueryLanguage").asText().equals("JSONPath"),
                "the local interpreter runs JSONPath only");
        for (String name : List.of("ReadCapacity", "Decide", "ScaleNeeded?", "ModifyCapacity", "Notify",
                "WaitForSettle", "CheckAlarm", "NotifyFailure", "Failed", "NoChange")) {
            assertTrue(states.has(name), "no state " + name);
        }
        assertEquals("arn:aws:states:::aws-sdk:cloudwatch:describeAlarms", states.path("CheckAlarm").path("Resource").asText());
    }

    @Test
    void aModifyThatTimedOutOrCrashedIsRetriedAndThenTheFleetIsReadAgain() {
        JsonNode modify = states.path("ModifyCapacity");
        for (String error : List.of("Lambda.Unknown", "Sandbox.Timedout", "States.Timeout")) {
            assertTrue(matches(modify.path("Retry"), error), "ModifyCapacity does not retry " + error);
        }
        JsonNode catchAll = modify.path("Catch").get(modify.path("Catch").size() - 1);
        assertEquals("ReadFleetNow", catchAll.path("Next").asText(), "a failed modify reads the fleet again");
        assertEquals(states.path("ReadCapacity").path("Resource"), states.path("ReadFleetNow").path("Resource"));
        assertEquals("$.fleetNow", states.path("ReadFleetNow").path("ResultPath").asText());
        assertEquals("$.fleetNow", states.path("NotifyFailure").path("Parameters").path("fleetNow.$").asText());
    }

    @Test
    void aFailureEndsReportedOrWithTheChangeInTheCauseWhenNobodyCouldBeTold() {
        assertEquals("sfautoscaler.FailureReported", states.path("Failed").path("Error").asText());
        assertEquals("Failed", states.path("NotifyFailure").path("Next").asText());
        assertEquals("sfautoscaler.NotificationFailed", states.path("NotificationFailed").path("Error").asText());
        List<String> fails = new ArrayList<>();
        states.fields().forEachRemaining(e -> {
            if (e.getValue().path("Type").asText().equals("Fail")) {
                fails.add(e.getKey());
            }
        });
        assertEquals(List.of("Failed", "NotificationFailed"), fails);
    }

    @Test
    void theInputCannotPresetTheWorkflowsStateAndTheFirstTaskChecksIt() {
        JsonNode prepare = states.path("Prepare").path("Parameters");
        Set<String> defaults = new TreeSet<>();
        prepare.path("defaults").fieldNames().forEachRemaining(defaults::add);
        assertEquals(new TreeSet<>(FunctionInputs.executionFields()), defaults,
                "Prepare defaults exactly the documented input fields");
        Set<String> state = new TreeSet<>();
        prepare.path("state").fieldNames().forEachRemaining(state::add);
        assertEquals(new TreeSet<>(FunctionInputs.WORKFLOW_STATE), state);
        // Every top-level field a state writes is the workflow's own, which the merge puts over the input.
        states.fields().forEachRemaining(e -> {
            String path = e.getValue().path("ResultPath").asText("");
            e.getValue().path("Catch").forEach(c -> assertOwnState(e.getKey(), c.path("ResultPath").asText(), state));
            if (!path.isEmpty()) {
                assertOwnState(e.getKey(), path, state);
            }
        });
        assertTrue(states.path("ApplyDefaults").path("Parameters").path("run.$").asText()
                .endsWith("$.state, false)"), "the workflow's state is merged last");
        assertEquals("$$.Execution.Input",
                states.path("ReadCapacity").path("Parameters").path("executionInput.$").asText());
        assertEquals("ReadCapacity", states.path("ApplyDefaults").path("Next").asText());
    }

    @Test
    void everyWayToAnotherRoundWaitsTheInputsSettleNotTheDefault() {
        // WaitForSettle reads $.loop.settings, which holds the defaults (60 s) until a Pass merges the input's
        // workflow settings over them. A way from Decide to WaitForSettle that skips such a Pass waits 60 s
        // whatever workflow.settleSeconds says (the drain paths did, found in the sandbox).
        String merge = states.path("PlanRounds").path("Parameters").path("settings.$").asText();
        assertEquals("States.JsonMerge($.loop.settings, $.workflow, false)", merge);
        List<String> unmerged = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        List<List<String>> ways = new ArrayList<>(List.of(List.of("Decide")));
        while (!ways.isEmpty()) {
            List<String> way = ways.remove(ways.size() - 1);
            String here = way.get(way.size() - 1);
            JsonNode state = states.path(here);
            if (state.path("Parameters").path("settings.$").asText().equals(merge)) {
                continue;
            }
            if (here.equals("WaitForSettle")) {
                unmerged.add(String.join(" -> ", way));
                continue;
            }
            if (!seen.add(here)) {
                continue;
            }
            for (String next : nextStates(state)) {
                List<String> longer = new ArrayList<>(way);
                longer.add(next);
                ways.add(longer);
            }
        }
        assertEquals(List.of(), unmerged, "ways to WaitForSettle that keep the default settle");
    }

    private static Set<String> nextStates(JsonNode state) {
        Set<String> next = new TreeSet<>();
        Matcher m = Pattern.compile("\"(?:Next|Default)\"\\s*:\\s*\"([^\"]+)\"").matcher(state.toString());
        while (m.find()) {
            next.add(m.group(1));
        }
        return next;
    }

    private static void assertOwnState(String stateName, String resultPath, Set<String> own) {
        Matcher top = Pattern.compile("^\\$\\.([A-Za-z]+)").matcher(resultPath);
        assertTrue(top.find() && own.contains(top.group(1)), stateName + " writes " + resultPath
                + ", which is not in FunctionInputs.WORKFLOW_STATE");
    }

    private List<String> errorNames() {
        List<String> names = new ArrayList<>();
        states.forEach(state -> {
            for (String block : List.of("Retry", "Catch")) {
                state.path(block).forEach(r -> r.path("ErrorEquals").forEach(e -> names.add(e.asText())));
            }
        });
        if (names.isEmpty()) {
            fail("the definition matches no errors at all");
        }
        return names;
    }

    private static boolean matches(JsonNode retriers, String error) {
        for (JsonNode r : retriers) {
            if (contains(r.path("ErrorEquals"), error) && r.path("MaxAttempts").asInt(3) > 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode v : array) {
            if (v.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
