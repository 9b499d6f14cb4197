package dev.sfautoscaler.core.error;

/** The queue named in the input does not exist. */
public final class QueueNotFound extends AutoscalerException {

    public QueueNotFound(String queueUrl) {
        super("queue " + queueUrl + " does not exist; check the queue URL in the execution input or the EventBridge rule");
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
