package dev.sfautoscaler.core.error;

/** AWS throttled the call ({@code RequestLimitExceeded}, {@code Throttling} ...): retry with backoff and jitter. */
public final class Throttled extends AutoscalerException {

    public Throttled(String operation, String awsCode, String awsMessage) {
        super(operation + " was throttled by AWS (" + awsCode + ": " + awsMessage + "); retry with backoff");
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
