package dev.sfautoscaler.sandbox;

/**
 * Something the person running the sandbox can fix (a missing tool, a port in use, a bad option):
 * its message is one sentence saying what and how, printed without a stack trace.
 */
final class SandboxException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    SandboxException(String message) {
        super(message);
    }

    SandboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
