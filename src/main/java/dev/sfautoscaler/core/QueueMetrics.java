package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.InvalidInput;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * CloudWatch's view of the queue over its last complete period. Every number is optional: SQS
 * publishes nothing for a queue that has been idle for six hours, and a standard queue has no
 * message groups.
 *
 * @param periodEnd        end of the period the numbers describe
 * @param periodSeconds    its length
 * @param deleted          {@code NumberOfMessagesDeleted} in the period: messages the workers finished
 * @param oldestAgeSeconds {@code ApproximateAgeOfOldestMessage} at the period's end
 * @param groupsInFlight   {@code ApproximateNumberOfGroupsWithInflightMessages} (FIFO queues)
 * @param fifo             whether the queue is a FIFO queue (its name ends in {@code .fifo})
 * @param sent             {@code NumberOfMessagesSent} in the period: the load, in messages
 */
public record QueueMetrics(Instant periodEnd, long periodSeconds, OptionalLong deleted, OptionalLong oldestAgeSeconds,
        OptionalLong groupsInFlight, boolean fifo, OptionalLong sent) {

    /** Without the messages sent. */
    public QueueMetrics(Instant periodEnd, long periodSeconds, OptionalLong deleted, OptionalLong oldestAgeSeconds,
            OptionalLong groupsInFlight, boolean fifo) {
        this(periodEnd, periodSeconds, deleted, oldestAgeSeconds, groupsInFlight, fifo, OptionalLong.empty());
    }

    public QueueMetrics {
        if (periodEnd == null) {
            throw new InvalidInput("queue.metrics.periodEnd", "is required");
        }
        Validation.requirePositive("queue.metrics.periodSeconds", periodSeconds);
        deleted = deleted == null ? OptionalLong.empty() : deleted;
        oldestAgeSeconds = oldestAgeSeconds == null ? OptionalLong.empty() : oldestAgeSeconds;
        groupsInFlight = groupsInFlight == null ? OptionalLong.empty() : groupsInFlight;
        sent = sent == null ? OptionalLong.empty() : sent;
        sent.ifPresent(v -> Validation.requireNonNegative("queue.metrics.sent", v));
        deleted.ifPresent(v -> Validation.requireNonNegative("queue.metrics.deleted", v));
        oldestAgeSeconds.ifPresent(v -> Validation.requireNonNegative("queue.metrics.oldestAgeSeconds", v));
        groupsInFlight.ifPresent(v -> Validation.requireNonNegative("queue.metrics.groupsInFlight", v));
    }
}
