package dev.sfautoscaler.aws;

import dev.sfautoscaler.aws.AwsErrorTranslator.AwsCall;
import dev.sfautoscaler.core.QueueMetrics;
import dev.sfautoscaler.core.QueueSnapshot;
import dev.sfautoscaler.core.error.AutoscalerException;
import dev.sfautoscaler.core.error.AwsCallFailed;
import dev.sfautoscaler.core.port.QueueGauge;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Queue depth through SQS GetQueueAttributes (the approximate counts, as CloudWatch sees them), and,
 * when given {@link CloudWatchQueueMetrics}, CloudWatch's view of the last minute for the throughput
 * estimate ({@link #readWithMetrics}, for a policy that learns). CloudWatch is asked only when the
 * counts show messages, or when the caller asks for it on an empty queue (a running fleet that may go to
 * zero: the deletions tell its keep-alive whether messages came and went between readings): a fleet at
 * zero costs no GetMetricData. A CloudWatch fault
 * that passes by itself (throttling, no answer) leaves the metrics out and keeps the counts; one that
 * needs a person (a missing permission) fails the read, so that it is seen.
 */
public final class SqsQueueGauge implements QueueGauge {

    private static final String GET_ATTRIBUTES = "SQS GetQueueAttributes";

    private final SqsClient sqs;
    private final Clock clock;
    private final Optional<CloudWatchQueueMetrics> metrics;

    /** Counts only. */
    public SqsQueueGauge(SqsClient sqs, Clock clock) {
        this(sqs, clock, Optional.empty());
    }

    public SqsQueueGauge(SqsClient sqs, Clock clock, Optional<CloudWatchQueueMetrics> metrics) {
        this.sqs = sqs;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public QueueSnapshot read(String queueUrl) {
        return counts(queueUrl);
    }

    @Override
    public QueueSnapshot readWithMetrics(String queueUrl) {
        return readWithMetrics(queueUrl, false);
    }

    @Override
    public QueueSnapshot readWithMetrics(String queueUrl, boolean evenIfEmpty) {
        QueueSnapshot counts = counts(queueUrl);
        if (metrics.isEmpty() || counts.counted(true) == 0 && !evenIfEmpty) {
            return counts;
        }
        return counts.withMetrics(cloudWatch(metrics.get(), queueUrl));
    }

    @Override
    public Optional<QueueMetrics> metrics(String queueUrl) {
        if (metrics.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(metrics.get().readWithWindow(queueUrl));
        } catch (AutoscalerException e) {
            if (!e.retryable()) {
                throw e;
            }
            return Optional.empty();
        }
    }

    private QueueSnapshot counts(String queueUrl) {
        GetQueueAttributesResponse response;
        try {
            response = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
        } catch (SdkException e) {
            throw AwsErrorTranslator.translate(AwsCall.of(GET_ATTRIBUTES, queueUrl, "QueueUrl", "AttributeNames"), e);
        }
        Map<QueueAttributeName, String> attributes = response.attributes();
        return new QueueSnapshot(queueUrl,
                count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, queueUrl),
                count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, queueUrl),
                count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED, queueUrl),
                clock.instant());
    }

    private static Optional<QueueMetrics> cloudWatch(CloudWatchQueueMetrics metrics, String queueUrl) {
        try {
            return Optional.of(metrics.read(queueUrl));
        } catch (AutoscalerException e) {
            if (!e.retryable()) {
                throw e;
            }
            return Optional.empty();
        }
    }

    private static long count(Map<QueueAttributeName, String> attributes, QueueAttributeName name, String queueUrl) {
        String value = attributes.get(name);
        try {
            if (value == null) {
                throw new NumberFormatException("missing");
            }
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            // A missing count must never read as an empty queue: fail, so the reading reports no queue data.
            throw new AwsCallFailed(GET_ATTRIBUTES, "UnexpectedResponse",
                    "queue " + queueUrl + " attribute " + name + " is '" + value + "', not a count", false);
        }
    }
}
