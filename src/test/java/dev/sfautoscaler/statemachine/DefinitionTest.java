package dev.sfautoscaler.statemachine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfautoscaler.core.error.AutoscalerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    private final String text = read("statemachine/autoscaler.asl.json");
    private final JsonNode states = parse(text).path("States");

    @Test
    void everyMatchedErrorOfOursIsAnErrorTheFunctionsRaise() throws Exception {
        for (String name : errorNames()) {
            if (name.startsWith("States.") || name.startsWith("Lambda.")) {
                continue;
            }
            assertTrue(name.startsWith(ERROR_PACKAGE), name + " is neither a States.* / Lambda.* error nor one of ours");
            Class<?> type = Class.forName(name);
            assertTrue(AutoscalerException.class.isAssignableFrom(type), name + " is not an AutoscalerException");
        }
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
            String target = name.equals("NotifyFailure") ? "Failed" : "NotifyFailure";
            boolean catchesAll = false;
            for (JsonNode c : state.path("Catch")) {
                catchesAll |= contains(c.path("ErrorEquals"), "States.ALL") && c.path("Next").asText().equals(target);
            }
            assertTrue(catchesAll, name + " has no Catch of States.ALL going to " + target);
            assertTrue(state.path("TimeoutSeconds").asInt() > 0, name + " has no TimeoutSeconds");
        });
    }

    @Test
    void theOnlyPlaceholdersAreTheFourFunctionArnsInsideJsonStrings() {
        Matcher m = Pattern.compile("\\$\\{([^}]*)}").matcher(text);
        Set<String> found = new TreeSet<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        assertEquals(Set.of("read_capacity_function_arn", "decide_function_arn", "modify_function_arn",
                "notify_function_arn"), found);
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
