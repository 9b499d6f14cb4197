package dev.sfautoscaler.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfautoscaler.aws.AwsErrorTranslator.AwsCall;
import dev.sfautoscaler.core.error.InvalidInput;
import dev.sfautoscaler.core.port.WorkflowStarter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

/**
 * Starts executions of the Standard state machine through Step Functions StartExecution. A Standard
 * execution's name is unique for 90 days: the same name with the same input returns the earlier
 * execution, and with another input fails with ExecutionAlreadyExists, which here also means
 * "already started" (a repeated delivery of one scheduled event, read a moment later).
 *
 * <p>The executions in flight: ListExecutions with status RUNNING, then the target each one's input
 * names. Executions that EventBridge starts for an alarm have generated names, so the target comes from
 * the input (DescribeExecution), not the name. An execution's input never changes, so each running
 * execution is described once while this instance lives (a warm function remembers up to
 * {@value #REMEMBERED} of them): at rest nothing runs, and a check costs the one ListExecutions call.
 */
public final class StepFunctionsStarter implements WorkflowStarter {

    /** How many running executions' targets a warm function remembers. */
    static final int REMEMBERED = 1000;

    private static final String START = "Step Functions StartExecution";
    private static final String LIST = "Step Functions ListExecutions";
    private static final String DESCRIBE = "Step Functions DescribeExecution";
    private static final Pattern EXECUTION_ARN = Pattern.compile("'?(arn:[^' ]+:execution:[^' ]+)'?");

    private final SfnClient sfn;
    private final Optional<String> stateMachineArn;
    private final ObjectMapper json;
    /** Execution ARN -> the target id its input names ("" for none), oldest first. */
    private final Map<String, String> targets = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** @param stateMachineArn the Standard state machine ({@code AUTOSCALER_STATE_MACHINE_ARN}); only check needs it */
    public StepFunctionsStarter(SfnClient sfn, Optional<String> stateMachineArn, ObjectMapper json) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn.filter(a -> !a.isBlank());
        this.json = json;
    }

    @Override
    public synchronized Map<String, String> runningByTarget() {
        String arn = stateMachineArn();
        Map<String, String> running = new HashMap<>();
        try {
            for (ExecutionListItem execution : sfn.listExecutionsPaginator(r -> r.stateMachineArn(arn)
                    .statusFilter(ExecutionStatus.RUNNING).maxResults(1000)).executions()) {
                String target = targets.get(execution.executionArn());
                if (target == null) {
                    target = targetOf(execution.executionArn());
                    targets.put(execution.executionArn(), target);
                }
                if (!target.isEmpty()) {
                    running.putIfAbsent(target, execution.executionArn());
                }
            }
        } catch (SdkException e) {
            throw AwsErrorTranslator.translate(AwsCall.of(LIST, arn, "stateMachineArn", "statusFilter"), e);
        }
        return running;
    }

    /** The target id an execution's input names: {@code target.id}, or the legacy {@code fleetId}; "" for none. */
    private String targetOf(String executionArn) {
        String input;
        try {
            input = sfn.describeExecution(r -> r.executionArn(executionArn)).input();
        } catch (ExecutionDoesNotExistException gone) {
            return "";
        } catch (SdkException e) {
            throw AwsErrorTranslator.translate(AwsCall.of(DESCRIBE, executionArn, "executionArn"), e);
        }
        try {
            JsonNode in = json.readTree(input == null ? "" : input);
            if (in == null) {
                return "";
            }
            JsonNode id = in.path("target").path("id");
            return id.isTextual() ? id.asText() : in.path("fleetId").asText("");
        } catch (JsonProcessingException notJson) {
            // Started by hand with an input that is no JSON: it fails at once and scales nothing.
            return "";
        }
    }

    private String stateMachineArn() {
        return stateMachineArn.orElseThrow(() -> new InvalidInput("AUTOSCALER_STATE_MACHINE_ARN",
                "is not set: the check function starts the state machine it names; set it in the function's environment"));
    }

    @Override
    public Started start(String executionName, String input) {
        String arn = stateMachineArn();
        StartExecutionResponse response;
        try {
            response = sfn.startExecution(r -> r.stateMachineArn(arn).name(executionName).input(input));
        } catch (ExecutionAlreadyExistsException e) {
            String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
            Matcher m = EXECUTION_ARN.matcher(message == null ? "" : message);
            String earlier = m.find() ? m.group(1) : arn.replace(":stateMachine:", ":execution:") + ":" + executionName;
            return new Started(earlier, true);
        } catch (SdkException e) {
            throw AwsErrorTranslator.translate(AwsCall.of(START, arn, "stateMachineArn", "name", "input"), e);
        }
        return new Started(response.executionArn(), false);
    }
}
