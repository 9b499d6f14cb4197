package dev.sfautoscaler.core.error;

/**
 * Base of every error the workflow reacts to. The Lambda runtime reports the concrete class's
 * fully qualified name as the {@code errorType}; the state machine matches on that name, so
 * class names and packages here are part of the public contract (see ERRORS.md).
 */
public abstract class AutoscalerException extends RuntimeException {

    protected AutoscalerException(String message) {
        super(message);
    }

    protected AutoscalerException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Short stable name, e.g. {@code FleetBusy}; the Lambda errorType is the fully qualified class name. */
    public String errorName() {
        return getClass().getSimpleName();
    }

    /** Whether trying the same call again later can succeed without anybody changing anything. */
    public abstract boolean retryable();
}
