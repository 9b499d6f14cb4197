package dev.sfautoscaler.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfautoscaler.sandbox.SandboxRun.Change;
import dev.sfautoscaler.testkit.LambdaInvokeServer.FunctionError;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the functions are asked and answer while the clock runs (the invoke server shows every
 * call moto's Step Functions makes): the latest decision for the minute lines, a line for a
 * decision that changes something or gives a new reason (every decision with {@code VERBOSE=1}),
 * each change the fleet got, each function error. The warm-up's calls are not part of the run.
 */
final class FunctionCalls implements LambdaFunctions.InvocationObserver {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Executions executions;
    private final TimeScale time;
    private final ConsolePrinter console;
    private final boolean verbose;
    private final List<Change> changes = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> lastDecision = new AtomicReference<>("-");
    private final AtomicReference<String> lastReasonShown = new AtomicReference<>("");
    private volatile boolean recording;

    FunctionCalls(Executions executions, TimeScale time, ConsolePrinter console, boolean verbose) {
        this.executions = executions;
        this.time = time;
        this.console = console;
        this.verbose = verbose;
    }

    /** From now on invocations are part of the run (not the warm-up before it). */
    void startRecording() {
        recording = true;
    }

    @Override
    public void invoked(String function, String payload, String result, FunctionError error) {
        if (!recording) {
            return;
        }
        double at = time.now();
        try {
            if (error != null) {
                errors.add(function + ": " + error.errorType() + ": " + error.getMessage());
                console.event(at, "error    " + function + ": " + error.errorType() + ": " + error.getMessage());
                return;
            }
            JsonNode in = JSON.readTree(payload);
            JsonNode out = JSON.readTree(result);
            if (function.equals("decide")) {
                decided(at, in, out);
            } else if (function.equals("drain")) {
                drained(at, in, out);
            } else if (function.equals("modify") && out.path("applied").asBoolean()
                    && !out.path("alreadyApplied").asBoolean() && !out.path("dryRun").asBoolean()) {
                modified(at, in, out);
            }
        } catch (IOException | RuntimeException e) {
            console.event(at, "(could not read " + function + "'s invocation: " + e.getMessage() + ")");
        }
    }

    /** A drain step's sentence (docs/workers.md): started, finished or cancelled; a wait only when verbose. */
    private void drained(double at, JsonNode in, JsonNode out) {
        String outcome = out.path("outcome").asText().toLowerCase(java.util.Locale.ROOT);
        if (!verbose && outcome.equals("waiting")) {
            return;
        }
        // A finished drain is the scale-in the fleet got: from -> to once its instances are terminated.
        if (outcome.equals("finished") && out.path("units").asInt() > 0) {
            String key = in.path("triggerKey").asText(in.path("decision").path("triggerKey")
                    .asText(in.path("executionName").asText()));
            int colon = key.lastIndexOf(':');
            String trigger = colon > 0 ? key.substring(0, colon) : key;
            changes.add(new Change(at, "scale-in", out.path("from").asInt(), out.path("to").asInt(),
                    executions.nameOf(trigger), colon > 0 ? Integer.parseInt(key.substring(colon + 1)) : 1));
        }
        console.event(at, "drain    " + time.simulated(out.path("reason").asText()));
    }

    private void decided(double at, JsonNode in, JsonNode out) {
        String change = out.path("action").asText() + " " + out.path("from").asInt() + " -> "
                + out.path("to").asInt();
        String summary = out.path("change").asBoolean() ? change : "none at " + out.path("from").asInt();
        String code = out.path("reasonCode").asText();
        lastDecision.set(summary + " (" + code + ")");
        // The minute lines show every decision's code; a sentence when it changes something or says something new.
        if (!verbose && !out.path("change").asBoolean() && code.equals(lastReasonShown.get())) {
            return;
        }
        lastReasonShown.set(code);
        console.event(at, "decide   " + in.path("executionName").asText() + " round " + in.path("round").asInt(1)
                + ": " + summary + ", " + out.path("reasonCode").asText() + ": "
                + time.simulated(out.path("reason").asText()));
    }

    /** A change the fleet got, named by the execution and round of its decision's triggerKey. */
    private void modified(double at, JsonNode in, JsonNode out) {
        String key = in.path("decision").path("triggerKey").asText();
        int colon = key.lastIndexOf(':');
        String trigger = colon > 0 ? key.substring(0, colon) : key;
        changes.add(new Change(at, out.path("action").asText(), out.path("from").asInt(),
                out.path("to").asInt(), executions.nameOf(trigger),
                colon > 0 ? Integer.parseInt(key.substring(colon + 1)) : 1));
        console.event(at, "modify   " + out.path("summary").asText());
    }

    /** The latest decision of any execution, with its reason code: "-" before the first. */
    String lastDecision() {
        return lastDecision.get();
    }

    List<Change> changes() {
        return List.copyOf(changes);
    }

    List<String> errors() {
        return List.copyOf(errors);
    }
}
