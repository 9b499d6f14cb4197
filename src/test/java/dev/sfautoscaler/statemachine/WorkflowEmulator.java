package dev.sfautoscaler.statemachine;

import dev.sfautoscaler.testkit.AutoscalerWorkflow;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfautoscaler.testkit.AwsFixtures;
import dev.sfautoscaler.testkit.CloudWatchQuery;
import dev.sfautoscaler.testkit.EventFixtures;
import dev.sfautoscaler.testkit.FaultProxy;
import dev.sfautoscaler.testkit.LambdaInvokeServer;
import dev.sfautoscaler.testkit.MotoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * What {@link WorkflowEmulatorResource} started, and what the workflow tests do with it: alarms in
 * CloudWatch, alarm and schedule events as EventBridge delivers them, the notifications a
 * subscriber receives.
 */
public final class WorkflowEmulator implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MotoServer moto;
    private final FaultProxy proxy;
    private final LambdaInvokeServer lambda;
    private final AwsFixtures aws;
    private final AutoscalerWorkflow workflow;
    private final String notificationQueueUrl;

    WorkflowEmulator(MotoServer moto, FaultProxy proxy, LambdaInvokeServer lambda, AwsFixtures aws,
            AutoscalerWorkflow workflow, String notificationQueueUrl) {
        this.moto = moto;
        this.proxy = proxy;
        this.lambda = lambda;
        this.aws = aws;
        this.workflow = workflow;
        this.notificationQueueUrl = notificationQueueUrl;
    }

    public MotoServer moto() {
        return moto;
    }

    public FaultProxy proxy() {
        return proxy;
    }

    public LambdaInvokeServer lambda() {
        return lambda;
    }

    public AwsFixtures aws() {
        return aws;
    }

    public AutoscalerWorkflow workflow() {
        return workflow;
    }

    // ---- alarms and their events

    /** A queue-backlog alarm in CloudWatch, in {@code state}; the workflow's CheckAlarm task reads it. */
    public void createAlarm(String name, String queueName, String state) {
        Map<String, String> alarm = new LinkedHashMap<>();
        alarm.put("AlarmName", name);
        alarm.put("Namespace", "AWS/SQS");
        alarm.put("MetricName", "ApproximateNumberOfMessagesVisible");
        alarm.put("Dimensions.member.1.Name", "QueueName");
        alarm.put("Dimensions.member.1.Value", queueName);
        alarm.put("Statistic", "Maximum");
        alarm.put("Period", "60");
        alarm.put("EvaluationPeriods", "1");
        alarm.put("Threshold", "100");
        alarm.put("ComparisonOperator", "GreaterThanThreshold");
        cloudWatch("PutMetricAlarm", alarm);
        setAlarmState(name, state);
    }

    /** As CloudWatch's SetAlarmState (moto evaluates no metrics: a test sets the state). */
    public void setAlarmState(String name, String state) {
        cloudWatch("SetAlarmState", Map.of("AlarmName", name, "StateValue", state, "StateReason", "set by the test"));
    }

    private void cloudWatch(String action, Map<String, String> parameters) {
        CloudWatchQuery.call(moto.endpoint(), action, parameters);
    }

    /**
     * The event EventBridge delivers when {@code alarmName} changes state, from a real fixture
     * ({@code testkit/src/main/resources/events/}), with a new event id unless the test repeats one.
     */
    public static ObjectNode alarmEvent(String fixture, String alarmName) {
        ObjectNode event = EventFixtures.object(fixture);
        event.put("id", UUID.randomUUID().toString());
        String arn = "arn:aws:cloudwatch:" + MotoServer.REGION + ":" + MotoServer.ACCOUNT + ":alarm:" + alarmName;
        ((ArrayNode) event.withArray("resources")).removeAll().add(arn);
        ((ObjectNode) event.path("detail")).put("alarmName", alarmName);
        return event;
    }

    /**
     * The event an EventBridge schedule rule delivers each time it fires (a real fixture), with a
     * new event id and the time now, as the rule {@code ruleName} would send it.
     */
    public static ObjectNode scheduledEvent(String ruleName) {
        ObjectNode event = EventFixtures.object("scheduled-event.json");
        event.put("id", UUID.randomUUID().toString());
        event.put("time", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        String arn = "arn:aws:events:" + MotoServer.REGION + ":" + MotoServer.ACCOUNT + ":rule/" + ruleName;
        ((ArrayNode) event.withArray("resources")).removeAll().add(arn);
        return event;
    }

    // ---- backlog

    /**
     * Sends {@code count} real messages, ten per batch, several batches at a time: a backlog of
     * hundreds takes seconds one batch after another.
     */
    public void sendMessages(String queueUrl, int count) {
        List<List<SendMessageBatchRequestEntry>> batches = new ArrayList<>();
        for (int start = 0; start < count; start += 10) {
            List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
            for (int i = start; i < Math.min(count, start + 10); i++) {
                batch.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody("job " + i).build());
            }
            batches.add(batch);
        }
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (List<SendMessageBatchRequestEntry> batch : batches) {
                sent.add(senders.submit(() -> {
                    var result = aws.sqs().sendMessageBatch(r -> r.queueUrl(queueUrl).entries(batch));
                    if (!result.failed().isEmpty()) {
                        throw new IllegalStateException("messages not sent: " + result.failed());
                    }
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("sending the backlog failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            senders.shutdownNow();
        }
    }

    // ---- what a subscriber receives

    /** A notification as an SQS subscriber of the topic receives it: the SNS envelope's subject and message. */
    public record Notification(String subject, JsonNode message) {
    }

    /** Waits until at least {@code count} notifications have arrived since the last call, and returns them all. */
    public List<Notification> awaitNotifications(int count, Duration timeout) {
        List<Notification> received = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        do {
            for (Message m : aws.drain(notificationQueueUrl)) {
                received.add(parse(m.body()));
            }
            if (received.size() >= count) {
                return received;
            }
            sleep(100);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("expected " + count + " notification(s) within " + timeout.toSeconds() + " s, got "
                + received.stream().map(Notification::subject).toList());
    }

    /** The notifications that arrived since the last call, without waiting. */
    public List<Notification> notifications() {
        return aws.drain(notificationQueueUrl).stream().map(m -> parse(m.body())).toList();
    }

    private static Notification parse(String envelope) {
        try {
            JsonNode sns = JSON.readTree(envelope);
            JsonNode message = JSON.readTree(sns.path("Message").asText());
            return new Notification(sns.path("Subject").asText(), message);
        } catch (IOException e) {
            throw new UncheckedIOException("not an SNS envelope: " + envelope, e);
        }
    }

    // ---- waiting for the emulator

    /** Polls until {@code condition} holds; fails with {@code what} after {@code timeout}. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            sleep(50);
        }
    }

    @Override
    public void close() {
        workflow.close();
        aws.close();
        proxy.close();
        lambda.close();
        moto.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
