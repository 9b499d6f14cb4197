package dev.sfautoscaler.core.error;

/** The input names a field that is missing, of the wrong type or out of range. Nothing was changed. */
public final class InvalidInput extends AutoscalerException {

    private final String field;

    public InvalidInput(String field, String problem) {
        super("invalid input: '" + field + "' " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
