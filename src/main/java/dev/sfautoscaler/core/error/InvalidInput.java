package dev.sfautoscaler.core.error;

import dev.sfautoscaler.core.Validation;

/** The input names a field that is missing, of the wrong type or out of range. Nothing was changed. */
public final class InvalidInput extends AutoscalerException {

    private final String field;
    private final String problem;

    public InvalidInput(String field, String problem) {
        super("invalid input: '" + Validation.excerpt(field) + "' " + problem);
        this.field = field;
        this.problem = problem;
    }

    public String field() {
        return field;
    }

    /** What is wrong with the field, without its name. */
    public String problem() {
        return problem;
    }

    /** The same problem, with the field named by its path inside {@code parent} (e.g. {@code decision.to}). */
    public InvalidInput within(String parent) {
        return new InvalidInput(parent + "." + field, problem);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
