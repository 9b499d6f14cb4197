package dev.sfautoscaler.sandbox;

import dev.sfautoscaler.testkit.AwsFixtures;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * SQS's own CloudWatch metrics of the queue, which moto's SQS does not publish: at the end of each
 * simulated minute the messages sent ({@code NumberOfMessagesSent}) and deleted
 * ({@code NumberOfMessagesDeleted}) in it, as a datapoint of the namespace {@code AWS/SQS} (dimension
 * {@code QueueName}) in moto's CloudWatch. A simulated minute lasts {@link #periodSeconds} real seconds
 * and is dated in real time, the functions' clock; the functions are told that period
 * ({@code AUTOSCALER_QUEUE_METRICS_PERIOD_SECONDS}), so read-capacity reads these minutes as it reads SQS's
 * on AWS and a policy with {@code targetWaitSeconds} learns what a unit gets through. (SQS's metrics lag by
 * a minute or more on AWS; here they come at once. The age of the oldest message is not published.)
 *
 * <p>One thread calls {@link #tick}.
 */
final class QueueMetricsPublisher {

    private final AwsFixtures aws;
    private final String queueUrl;
    private final long periodSeconds;
    private final LongSupplier sent;
    private final LongSupplier deleted;
    private long period = -1;
    private long sentBefore;
    private long deletedBefore;

    /**
     * @param sent    messages sent since the start, as the producers count them
     * @param deleted messages deleted since the start (each successful DeleteMessage, twice-processed ones too)
     */
    QueueMetricsPublisher(AwsFixtures aws, String queueUrl, long periodSeconds, LongSupplier sent,
            LongSupplier deleted) {
        if (periodSeconds < 1) {
            throw new IllegalArgumentException("the period must be at least one real second; got " + periodSeconds);
        }
        this.aws = aws;
        this.queueUrl = queueUrl;
        this.periodSeconds = periodSeconds;
        this.sent = sent;
        this.deleted = deleted;
    }

    /** The period, in whole real seconds, of a simulated minute at this speed (at least 1). */
    static long periodSeconds(TimeScale time) {
        return Math.max(1, time.wholeRealSeconds(60));
    }

    /** Publishes the period that ended, once a new one has begun (CloudWatch's periods, on the epoch). */
    void tick(Instant now) {
        long current = Math.floorDiv(now.getEpochSecond(), periodSeconds);
        if (period < 0) {
            // The first period starts part-way: it is not published, its counts go to nobody.
            period = current;
            sentBefore = sent.getAsLong();
            deletedBefore = deleted.getAsLong();
            return;
        }
        if (current == period) {
            return;
        }
        long s = sent.getAsLong();
        long d = deleted.getAsLong();
        Instant start = Instant.ofEpochSecond(period * periodSeconds);
        aws.putQueueMetric(queueUrl, "NumberOfMessagesSent", start, s - sentBefore);
        aws.putQueueMetric(queueUrl, "NumberOfMessagesDeleted", start, d - deletedBefore);
        period = current;
        sentBefore = s;
        deletedBefore = d;
    }
}
