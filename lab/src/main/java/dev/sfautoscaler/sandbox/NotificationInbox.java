package dev.sfautoscaler.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfautoscaler.sandbox.SandboxRun.NotificationRecord;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The queue subscribed to the notification topic: each notification as its subscriber receives it. */
final class NotificationInbox {

    /** A drain's subject: {@code <target> scaled in 10 -> 6, drained 4 instances ...} (ChangeNotifier). */
    private static final Pattern DRAINED = Pattern.compile(" scaled in (\\d+) -> (\\d+), [^(]*drained");

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
                String subject = envelope.path("Subject").asText();
                // A drain's change is the drain's (its subject), not the decision's: a drain an execution resumed
                // carries that execution's own decision.
                Matcher drained = DRAINED.matcher(subject);
                boolean drain = drained.find();
                NotificationRecord n = new NotificationRecord(at, subject,
                        message.path("outcome").asText(null), drain ? "scale-in" : message.path("action").asText(null),
                        drain ? Integer.valueOf(drained.group(1)) : change.hasNonNull("from") ? change.path("from").asInt() : null,
                        drain ? Integer.valueOf(drained.group(2)) : change.hasNonNull("to") ? change.path("to").asInt() : null);
                received.add(n);
                // A drain's subject says how long it took in the functions' real seconds: shown in simulated ones.
                console.event(at, "notified " + time.simulated(n.subject()));
            } catch (IOException e) {
                console.event(at, "notified (not an SNS message: " + m.body() + ")");
            }
        }
    }

    List<NotificationRecord> received() {
        return List.copyOf(received);
    }
}
