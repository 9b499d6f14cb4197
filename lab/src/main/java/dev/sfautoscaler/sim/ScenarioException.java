package dev.sfautoscaler.sim;

/** A scenario, trace or policy file that cannot be used; the message names the file and field. */
public final class ScenarioException extends RuntimeException {

    ScenarioException(String message) {
        super(message);
    }

    ScenarioException(String message, Throwable cause) {
        super(message, cause);
    }
}
