package dev.sfautoscaler.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfautoscaler.aws.AwsErrorTranslator.AwsCall;
import dev.sfautoscaler.core.Notification;
import dev.sfautoscaler.core.error.AwsCallFailed;
import dev.sfautoscaler.core.port.Notifier;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * Publishes a notification to an SNS topic: the subject for people, the whole notification as a
 * JSON message for machines, and {@code fleet}, {@code action}, {@code outcome} message
 * attributes for subscription filter policies.
 */
public final class SnsNotifier implements Notifier {

    private static final String PUBLISH = "SNS Publish";

    private final SnsClient sns;
    private final Optional<String> topicArn;
    private final ObjectMapper json;

    /**
     * @param json a mapper that writes the core records with enums by wire name (see the config package)
     */
    public SnsNotifier(SnsClient sns, Optional<String> topicArn, ObjectMapper json) {
        this.sns = sns;
        this.topicArn = topicArn.filter(arn -> !arn.isBlank());
        this.json = json;
    }

    @Override
    public String publish(Notification notification) {
        String topic = topicArn.orElseThrow(() -> new AwsCallFailed(PUBLISH, "NotConfigured",
                "AUTOSCALER_NOTIFY_TOPIC_ARN is not set; set it to the SNS topic ARN on the notify function", false));
        PublishRequest request = PublishRequest.builder()
                .topicArn(topic)
                .subject(notification.subject())
                .message(message(notification))
                .messageAttributes(Map.of(
                        "fleet", attribute(notification.fleetId()),
                        "action", attribute(notification.action().wireName()),
                        "outcome", attribute(notification.outcome().wireName())))
                .build();
        try {
            return sns.publish(request).messageId();
        } catch (SdkException e) {
            throw AwsErrorTranslator.translate(AwsCall.of(PUBLISH, topic, "TopicArn", "Subject", "Message",
                    "MessageAttributes"), e);
        }
    }

    private String message(Notification notification) {
        try {
            return json.writeValueAsString(notification);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the notification for " + notification.fleetId() + " as JSON", e);
        }
    }

    private static MessageAttributeValue attribute(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
