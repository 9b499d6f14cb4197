package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.InvalidInput;
import java.time.Instant;
import java.util.Optional;

/**
 * SQS queue depth as read with GetQueueAttributes.
 *
 * @param queueUrl the queue
 * @param visible  {@code ApproximateNumberOfMessages}: waiting to be received
 * @param inFlight {@code ApproximateNumberOfMessagesNotVisible}: received, not yet deleted
 * @param delayed  {@code ApproximateNumberOfMessagesDelayed}: not yet visible
 * @param readAt   when it was read; older than the policy's maximum age counts as missing
 * @param metrics  CloudWatch's view of the queue's last period (deletions, age of the oldest message), when read
 */
public record QueueSnapshot(String queueUrl, long visible, long inFlight, long delayed, Instant readAt,
        Optional<QueueMetrics> metrics) {

    /** A reading of the counts only, without CloudWatch's metrics. */
    public QueueSnapshot(String queueUrl, long visible, long inFlight, long delayed, Instant readAt) {
        this(queueUrl, visible, inFlight, delayed, readAt, Optional.empty());
    }

    public QueueSnapshot {
        if (queueUrl == null || queueUrl.isBlank()) {
            throw new InvalidInput("queue.queueUrl", "is required");
        }
        Validation.requireNonNegative("queue.visible", visible);
        Validation.requireNonNegative("queue.inFlight", inFlight);
        Validation.requireNonNegative("queue.delayed", delayed);
        if (readAt == null) {
            throw new InvalidInput("queue.readAt", "is required");
        }
        metrics = metrics == null ? Optional.empty() : metrics;
    }

    /** The same counts with CloudWatch's metrics. */
    public QueueSnapshot withMetrics(Optional<QueueMetrics> m) {
        return new QueueSnapshot(queueUrl, visible, inFlight, delayed, readAt, m);
    }

    /**
     * Messages that capacity must serve: visible and in flight, plus delayed when asked. Saturates at
     * {@link Long#MAX_VALUE}: an absurd reading must mean "very many", never wrap round to negative.
     */
    public long counted(boolean includeDelayed) {
        return saturatedAdd(saturatedAdd(visible, inFlight), includeDelayed ? delayed : 0);
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
