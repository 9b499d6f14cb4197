package dev.sfautoscaler.aws;

import dev.sfautoscaler.aws.AwsErrorTranslator.AwsCall;
import dev.sfautoscaler.core.QueueSnapshot;
import dev.sfautoscaler.core.error.AwsCallFailed;
import dev.sfautoscaler.core.port.QueueGauge;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Queue depth through SQS GetQueueAttributes (the approximate counts, as CloudWatch sees them). */
public final class SqsQueueGauge implements QueueGauge {

    private static final String GET_ATTRIBUTES = "SQS GetQueueAttributes";

    private final SqsClient sqs;
    private final Clock clock;

    public SqsQueueGauge(SqsClient sqs, Clock clock) {
        this.sqs = sqs;
        this.clock = clock;
    }

    @Override
    public QueueSnapshot read(String queueUrl) {
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
