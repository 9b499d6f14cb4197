package dev.sfautoscaler.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** The scenario's producers: each simulated second's messages sent to the queue once that second has passed. */
final class Producers {

    private final SqsClient sqs;
    private final String queueUrl;
    private final Workload workload;
    private final long durationSeconds;
    private final TimeScale time;
    private final AtomicLong sent = new AtomicLong();
    private long nextSecond;
    private long serial;

    Producers(SqsClient sqs, String queueUrl, Workload workload, long durationSeconds, TimeScale time) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.workload = workload;
        this.durationSeconds = durationSeconds;
        this.time = time;
    }

    /** Whether the workload has seconds still to send. */
    boolean hasMore() {
        return nextSecond < durationSeconds;
    }

    /** Sends the messages of every second that has passed since the last call, in batches of ten. */
    void sendDue() {
        long now = Math.min((long) Math.floor(time.now()), durationSeconds);
        List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
        for (; nextSecond < now; nextSecond++) {
            for (long i = 0; i < workload.at(nextSecond); i++) {
                serial++;
                batch.add(SendMessageBatchRequestEntry.builder().id("m" + batch.size())
                        .messageBody("{\"job\":" + serial + ",\"sentAt\":" + nextSecond + "}").build());
                if (batch.size() == 10) {
                    send(batch);
                    batch = new ArrayList<>();
                }
            }
        }
        if (!batch.isEmpty()) {
            send(batch);
        }
    }

    private void send(List<SendMessageBatchRequestEntry> batch) {
        var result = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(batch));
        if (!result.failed().isEmpty()) {
            throw new IllegalStateException("SQS refused messages: " + result.failed());
        }
        sent.addAndGet(result.successful().size());
    }

    /** Messages the queue accepted. */
    long sent() {
        return sent.get();
    }
}
