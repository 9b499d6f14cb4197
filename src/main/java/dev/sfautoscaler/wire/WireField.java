package dev.sfautoscaler.wire;

import java.util.Optional;

/**
 * A named field of a wire object: read with {@link #get}, {@link #find} or {@link #or}, and
 * described in the JSON Schema of its {@link WireShape}.
 *
 * @param name        the JSON field name
 * @param type        how it is read and what its schema is
 * @param required    whether the reader requires it (the schema then lists it in {@code required})
 * @param description what it means, for the schema
 */
public record WireField<T>(String name, WireType<T> type, boolean required, String description) {

    public static <T> WireField<T> required(String name, WireType<T> type, String description) {
        return new WireField<>(name, type, true, description);
    }

    public static <T> WireField<T> optional(String name, WireType<T> type, String description) {
        return new WireField<>(name, type, false, description);
    }

    /** The value; an error naming the field when it is absent. */
    public T get(WireObject o) {
        return find(o).filter(type.given()).orElseThrow(() -> o.invalid(name, "is required: " + type.what()));
    }

    /** The value when present (an absent and a null field alike are empty). */
    public Optional<T> find(WireObject o) {
        return type.read().apply(o, name);
    }

    public T or(WireObject o, T otherwise) {
        return find(o).orElse(otherwise);
    }
}
