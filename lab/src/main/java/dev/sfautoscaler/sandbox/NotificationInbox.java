package dev.sfautoscaler.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfautoscaler.sandbox.SandboxRun.NotificationRecord;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The queue subscribed to the notification topic: each notification as its subscriber receives it. */
final class NotificationInbox {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqsClient sqs;
    private final String queueUrl;
    private final TimeScale time;
    private final ConsolePrinter console;
    private final List<NotificationRecord> received = new CopyOnWriteArrayList<>();

    /** {@code queueUrl}: the queue subscribed to the topic (after the warm-up, whose notification it must not see). */
    NotificationInbox(SqsClient sqs, String queueUrl, TimeScale time, ConsolePrinter console) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.time = time;
        this.console = console;
    }

    /** Receives (and deletes) what has arrived, up to ten messages. */
    void poll() {
        List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                .waitTimeSeconds(0)).messages();
        double at = time.now();
        for (Message m : messages) {
            sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            try {
                JsonNode envelope = JSON.readTree(m.body());
                JsonNode message = JSON.readTree(envelope.path("Message").asText());
                JsonNode change = message.path("modify").isObject() ? message.path("modify") : message.path("decision");
                NotificationRecord n = new NotificationRecord(at, envelope.path("Subject").asText(),
                        message.path("outcome").asText(null), message.path("action").asText(null),
                        change.hasNonNull("from") ? change.path("from").asInt() : null,
                        change.hasNonNull("to") ? change.path("to").asInt() : null);
                received.add(n);
                console.event(at, "notified " + n.subject());
            } catch (IOException e) {
                console.event(at, "notified (not an SNS message: " + m.body() + ")");
            }
        }
    }

    List<NotificationRecord> received() {
        return List.copyOf(received);
    }
}
