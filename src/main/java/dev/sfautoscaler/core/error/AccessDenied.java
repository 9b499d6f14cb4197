package dev.sfautoscaler.core.error;

/** The function's role may not make this call ({@code UnauthorizedOperation}, {@code AccessDenied}...). */
public final class AccessDenied extends AutoscalerException {

    public AccessDenied(String operation, String awsCode, String awsMessage) {
        super(operation + " was denied (" + awsCode + ": " + awsMessage
                + "); grant the function's IAM role this action on this resource");
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
