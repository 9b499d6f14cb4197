package dev.sfautoscaler.testkit;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

/**
 * The autoscaler state machine in the emulator's Step Functions: renders
 * {@code statemachine/autoscaler.asl.json} with {@code statemachine/render.sh} (as
 * {@code make statemachine-check} and Terraform's {@code templatefile()} do), creates it, and runs
 * named executions to their end. What a person would look at in the console comes back as an
 * {@link Execution}: status, output, error, and the states it went through.
 */
public final class AutoscalerWorkflow implements AutoCloseable {

    /** Function names are {@code <prefix>-<handler id>}. */
    public static final String FUNCTION_PREFIX = "sfautoscaler";

    private final SfnClient sfn;
    private final String stateMachineArn;
    private int executions;

    private AutoscalerWorkflow(SfnClient sfn, String stateMachineArn) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
    }

    /**
     * Creates the rendered definition as a Standard state machine in the emulator at
     * {@code endpoint}. moto must run it: {@code POST /moto-api/config} with
     * {@code {"stepfunctions": {"execute_state_machine": true}}} first.
     */
    public static AutoscalerWorkflow deploy(URI endpoint, String region, String account) {
        SfnClient sfn = SfnClient.builder().endpointOverride(endpoint).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        String arn = sfn.createStateMachine(r -> r.name("sfautoscaler").type(StateMachineType.STANDARD)
                .roleArn("arn:aws:iam::" + account + ":role/sfautoscaler-state-machine")
                .definition(render(region, account))).stateMachineArn();
        return new AutoscalerWorkflow(sfn, arn);
    }

    /** The definition with function ARNs {@code arn:aws:lambda:<region>:<account>:function:sfautoscaler-<id>}. */
    public static String render(String region, String account) {
        Path script = Path.of("statemachine", "render.sh");
        try {
            Process render = new ProcessBuilder("sh", script.toString(), "statemachine/autoscaler.asl.json", region,
                    account, FUNCTION_PREFIX).redirectErrorStream(false).start();
            String out = new String(render.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(render.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!render.waitFor(30, TimeUnit.SECONDS) || render.exitValue() != 0) {
                throw new IllegalStateException(script + " failed: " + err);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script.toAbsolutePath() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering the definition", e);
        }
    }

    public SfnClient sfn() {
        return sfn;
    }

    public String stateMachineArn() {
        return stateMachineArn;
    }

    /** Starts an execution named {@code <name>-<n>} (names are unique per state machine) and returns its ARN. */
    public String start(String name, String input) {
        String executionName = name + "-" + (++executions);
        return sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).name(executionName).input(input))
                .executionArn();
    }

    /** Starts an execution and waits for its end. */
    public Execution run(String name, String input, Duration timeout) {
        return await(start(name, input), timeout);
    }

    /** Waits until the execution is no longer RUNNING, then reads its history. */
    public Execution await(String executionArn, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        DescribeExecutionResponse d = sfn.describeExecution(r -> r.executionArn(executionArn));
        while (d.status() == ExecutionStatus.RUNNING) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("execution " + executionArn + " still RUNNING after " + timeout.toSeconds()
                        + " s; states so far: " + stateNames(history(executionArn)));
            }
            sleep(200);
            d = sfn.describeExecution(r -> r.executionArn(executionArn));
        }
        List<HistoryEvent> events = history(executionArn);
        return new Execution(executionArn, d.status(), Optional.ofNullable(d.output()), Optional.ofNullable(d.error()),
                Optional.ofNullable(d.cause()), stateNames(events), events);
    }

    /** The whole history, oldest first (GetExecutionHistory pages through it). */
    public List<HistoryEvent> history(String executionArn) {
        List<HistoryEvent> events = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            GetExecutionHistoryResponse page = sfn.getExecutionHistory(r -> r.executionArn(executionArn).nextToken(next));
            events.addAll(page.events());
            token = page.nextToken();
        } while (token != null);
        return events;
    }

    /** The names of the states entered, in order: what the console's graph and event list show. */
    public static List<String> stateNames(List<HistoryEvent> events) {
        List<String> names = new ArrayList<>();
        for (HistoryEvent e : events) {
            if (e.stateEnteredEventDetails() != null) {
                names.add(e.stateEnteredEventDetails().name());
            }
        }
        return names;
    }

    @Override
    public void close() {
        sfn.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * How an execution ended.
     *
     * @param arn    the execution
     * @param status SUCCEEDED, FAILED, TIMED_OUT ...
     * @param output the output of a successful execution
     * @param error  the error name of a failed one
     * @param cause  its cause
     * @param states the states entered, in order
     * @param events the full history
     */
    public record Execution(String arn, ExecutionStatus status, Optional<String> output, Optional<String> error,
            Optional<String> cause, List<String> states, List<HistoryEvent> events) {

        /** One line for assertion messages: status, error, cause and the states. */
        public String summary() {
            return status + error.map(e -> " " + e).orElse("") + cause.map(c -> " (" + c + ")").orElse("")
                    + " via " + states;
        }

        /** Function errors (retried or not) that happened while the execution was in {@code state}. */
        public List<String> functionErrorsIn(String state) {
            List<String> errors = new ArrayList<>();
            String current = null;
            for (HistoryEvent e : events) {
                if (e.stateEnteredEventDetails() != null) {
                    current = e.stateEnteredEventDetails().name();
                } else if (e.type() == HistoryEventType.LAMBDA_FUNCTION_FAILED && state.equals(current)) {
                    errors.add(e.lambdaFunctionFailedEventDetails().error());
                }
            }
            return errors;
        }

        /** The payloads the state machine sent to the function of {@code state}, one per attempt. */
        public List<String> functionInputsIn(String state) {
            List<String> inputs = new ArrayList<>();
            String current = null;
            for (HistoryEvent e : events) {
                if (e.stateEnteredEventDetails() != null) {
                    current = e.stateEnteredEventDetails().name();
                } else if (e.type() == HistoryEventType.LAMBDA_FUNCTION_SCHEDULED && state.equals(current)) {
                    inputs.add(e.lambdaFunctionScheduledEventDetails().input());
                }
            }
            return inputs;
        }
    }
}
