package dev.sfautoscaler.core.error;

/** Any other AWS error. Retryable when AWS said it was a server-side (5xx) or transient fault. */
public final class AwsCallFailed extends AutoscalerException {

    private final boolean retryable;

    public AwsCallFailed(String operation, String awsCode, String awsMessage, boolean retryable) {
        super(operation + " failed (" + awsCode + ": " + awsMessage + ")");
        this.retryable = retryable;
    }

    @Override
    public boolean retryable() {
        return retryable;
    }
}
