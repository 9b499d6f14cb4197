package dev.sfautoscaler.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfautoscaler.testkit.AutoscalerWorkflow;
import dev.sfautoscaler.testkit.LambdaInvokeServer.FunctionError;
import dev.sfautoscaler.testkit.MotoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * One invocation of each function before the clock starts, as Lambda's first requests would be,
 * and one dry-run execution of the whole path: a cold start takes a second or two, which compressed
 * time would count as minutes. The notification goes to the topic before anyone subscribes. check is
 * called as the schedule calls it, with the fleet's bounds pinned to its capacity so that it decides
 * no change and starts nothing (its first call would otherwise lag the schedule by a minute or two).
 */
final class WarmUp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAME = "sandbox-warm-up";

    private WarmUp() {
    }

    /** Calls each function once and runs one dry-run execution; a failure is one sentence naming the logs. */
    static void run(LambdaFunctions functions, Deployment d, Path logs) {
        try {
            JsonNode reading = JSON.readTree(functions.invoke("read-capacity",
                    JSON.createObjectNode().<ObjectNode>set("target", d.targetNode()).put("queueUrl", d.queueUrl)
                            .toString()));
            ObjectNode decideInput = JSON.createObjectNode();
            decideInput.set("fleet", reading.path("fleet"));
            decideInput.set("queue", reading.path("queue"));
            decideInput.set("policy", d.fleetInput.path("policy"));
            decideInput.put("executionName", NAME);
            decideInput.put("round", 1);
            JsonNode decision = JSON.readTree(functions.invoke("decide", decideInput.toString()));
            int target = reading.path("fleet").path("targetCapacity").asInt();
            ObjectNode modifyInput = JSON.createObjectNode();
            modifyInput.putObject("decision").put("fleetId", d.fleetId)
                    .put("targetKind", d.target.kind().wireName()).put("action", "scale-out").put("from", target)
                    .put("to", target + 1).put("triggerKey", NAME + ":1");
            modifyInput.put("dryRun", true);
            functions.invoke("modify", modifyInput.toString());
            ObjectNode notifyInput = JSON.createObjectNode().<ObjectNode>set("target", d.targetNode())
                    .put("outcome", "no-change");
            notifyInput.set("decision", decision);
            notifyInput.put("executionId", NAME);
            functions.invoke("notify", notifyInput.toString());
            ObjectNode pinned = d.fleetInput.deepCopy();
            ((ObjectNode) pinned.path("policy")).put("minCapacity", target).put("maxCapacity", target);
            ObjectNode checkInput = JSON.createObjectNode();
            checkInput.putArray("fleets").add(pinned);
            ObjectNode event = checkInput.putObject("scheduledEvent").put("version", "0").put("id", NAME)
                    .put("detail-type", "Scheduled Event").put("source", "aws.events").put("account", MotoServer.ACCOUNT)
                    .put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                    .put("region", MotoServer.REGION);
            event.putArray("resources");
            event.putObject("detail");
            JsonNode checked = JSON.readTree(functions.invoke("check", checkInput.toString())).path("fleets").path(0);
            if (checked.has("execution") || checked.has("error")) {
                throw new SandboxException("the warm-up check (bounds pinned at " + target + ") was to start nothing: "
                        + checked);
            }
            // And the whole path once: moto's interpreter, its Lambda calls, the invoke server.
            ObjectNode manual = d.fleetInput.deepCopy();
            manual.put("dryRun", true);
            AutoscalerWorkflow.Execution run = d.workflow.run(NAME, manual.toString(), Duration.ofSeconds(60));
            if (run.status() != ExecutionStatus.SUCCEEDED) {
                throw new SandboxException("the warm-up execution (a dry run) did not succeed: " + run.summary());
            }
        } catch (FunctionError e) {
            throw new SandboxException("a function failed its first call: " + e.errorType() + ": " + e.getMessage()
                    + " (logs in " + logs + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while warming up the functions");
        }
    }
}
