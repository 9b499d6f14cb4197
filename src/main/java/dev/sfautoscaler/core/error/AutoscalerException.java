package dev.sfautoscaler.core.error;

/**
 * Base of every error the workflow reacts to. The Lambda runtime reports the concrete class's
 * fully qualified name as the {@code errorType}; the state machine matches on that name, so
 * class names and packages here are part of the public contract (see ERRORS.md).
 */
public abstract class AutoscalerException extends RuntimeException {

    /**
     * The longest message an error carries. Messages repeat parts of their input and cut each part
     * ({@code Validation.excerpt}); this is the last guard, so that no input makes a huge message.
     */
    public static final int MESSAGE_LIMIT = 2_000;

    protected AutoscalerException(String message) {
        super(bounded(message));
    }

    protected AutoscalerException(String message, Throwable cause) {
        super(bounded(message), cause);
    }

    private static String bounded(String message) {
        if (message == null || message.length() <= MESSAGE_LIMIT) {
            return message;
        }
        return message.substring(0, MESSAGE_LIMIT) + "... (" + message.length() + " characters)";
    }

    /** Short stable name, e.g. {@code FleetBusy}; the Lambda errorType is the fully qualified class name. */
    public String errorName() {
        return getClass().getSimpleName();
    }

    /** Whether trying the same call again later can succeed without anybody changing anything. */
    public abstract boolean retryable();
}
