package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.InvalidInput;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
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
 * @param window           the last published minutes together (deletions and the mean in-flight count), when read:
 *                         the workers' pace measured without learning it ({@link Window})
 */
public record QueueMetrics(Instant periodEnd, long periodSeconds, OptionalLong deleted, OptionalLong oldestAgeSeconds,
        OptionalLong groupsInFlight, boolean fifo, OptionalLong sent, Optional<Window> window) {

    /**
     * CloudWatch's last published minutes together: how many, the messages deleted in them
     * ({@code NumberOfMessagesDeleted}, Sum) and the mean of {@code ApproximateNumberOfMessagesNotVisible} over them.
     * By Little's law the mean in-flight count over the deletion rate is the time a message spends in flight: the
     * workers' pace over a quarter of an hour, which one instant's in-flight count cannot tell.
     *
     * @param minutes      the minutes that have both numbers
     * @param deleted      messages deleted in them
     * @param meanInFlight the mean in-flight count over them
     */
    public record Window(int minutes, long deleted, double meanInFlight) {

        public Window {
            Validation.requirePositive("queue.metrics.window.minutes", minutes);
            Validation.requireNonNegative("queue.metrics.window.deleted", deleted);
            if (!(meanInFlight >= 0) || Double.isInfinite(meanInFlight)) {
                throw new InvalidInput("queue.metrics.window.meanInFlight", "must be a non-negative number; got "
                        + meanInFlight);
            }
        }

        /**
         * The window of the minutes that have both numbers, each keyed by its minute (CloudWatch's timestamp, or
         * the simulator's clock): their deletions summed, their in-flight counts averaged; empty when no minute has
         * both. read-capacity's adapter and the simulator both read it this way.
         */
        public static <M> Optional<Window> ofMinutes(Map<M, Double> deletedByMinute, Map<M, Double> inFlightByMinute) {
            int minutes = 0;
            double deletions = 0;
            double inFlightTotal = 0;
            for (Map.Entry<M, Double> d : deletedByMinute.entrySet()) {
                Double n = inFlightByMinute.get(d.getKey());
                if (n != null) {
                    minutes++;
                    deletions += d.getValue();
                    inFlightTotal += n;
                }
            }
            return minutes == 0 ? Optional.empty()
                    : Optional.of(new Window(minutes, Math.round(deletions), inFlightTotal / minutes));
        }

        /** Seconds a message spends in flight on average (Little's law); empty when nothing was deleted. */
        public OptionalDouble secondsInFlight() {
            return deleted == 0 ? OptionalDouble.empty() : OptionalDouble.of(meanInFlight * minutes * 60.0 / deleted);
        }
    }

    /** Without the window. */
    public QueueMetrics(Instant periodEnd, long periodSeconds, OptionalLong deleted, OptionalLong oldestAgeSeconds,
            OptionalLong groupsInFlight, boolean fifo, OptionalLong sent) {
        this(periodEnd, periodSeconds, deleted, oldestAgeSeconds, groupsInFlight, fifo, sent, Optional.empty());
    }

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
        window = window == null ? Optional.empty() : window;
        sent.ifPresent(v -> Validation.requireNonNegative("queue.metrics.sent", v));
        deleted.ifPresent(v -> Validation.requireNonNegative("queue.metrics.deleted", v));
        oldestAgeSeconds.ifPresent(v -> Validation.requireNonNegative("queue.metrics.oldestAgeSeconds", v));
        groupsInFlight.ifPresent(v -> Validation.requireNonNegative("queue.metrics.groupsInFlight", v));
    }
}
