package dev.sfautoscaler.aws;

import dev.sfautoscaler.aws.AwsErrorTranslator.AwsCall;
import dev.sfautoscaler.core.error.InvalidInput;
import dev.sfautoscaler.core.port.WorkflowStarter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

/**
 * Starts executions of the Standard state machine through Step Functions StartExecution. A Standard
 * execution's name is unique for 90 days: the same name with the same input returns the earlier
 * execution, and with another input fails with ExecutionAlreadyExists, which here also means
 * "already started" (a repeated delivery of one scheduled event, read a moment later).
 */
public final class StepFunctionsStarter implements WorkflowStarter {

    private static final String START = "Step Functions StartExecution";
    private static final Pattern EXECUTION_ARN = Pattern.compile("'?(arn:[^' ]+:execution:[^' ]+)'?");

    private final SfnClient sfn;
    private final Optional<String> stateMachineArn;

    /** @param stateMachineArn the Standard state machine ({@code AUTOSCALER_STATE_MACHINE_ARN}); only check needs it */
    public StepFunctionsStarter(SfnClient sfn, Optional<String> stateMachineArn) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn.filter(a -> !a.isBlank());
    }

    @Override
    public Started start(String executionName, String input) {
        String arn = stateMachineArn.orElseThrow(() -> new InvalidInput("AUTOSCALER_STATE_MACHINE_ARN",
                "is not set: the check function starts the state machine it names; set it in the function's environment"));
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
