package dev.sfautoscaler.wire;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfautoscaler.core.Validation;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A kind of value on the wire: how {@link WireObject} reads a field of it, what a message calls it
 * when it is missing, and its JSON Schema. {@link WireField} pairs one with a name, so that a
 * reader and the schema published for it cannot disagree.
 *
 * @param what   the value as a message names it ({@code a whole number of 0 or more})
 * @param read   reads the named field; empty when absent or null
 * @param given  whether a read value counts as given for a required field (a blank string does not)
 * @param schema the JSON Schema of a present value
 */
public record WireType<T>(String what, BiFunction<WireObject, String, Optional<T>> read, Predicate<T> given,
        Supplier<ObjectNode> schema) {

    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** A timestamp as {@link WireObject#optionalInstant} reads it: ISO-8601 with an offset (Z, +00:00, +0000). */
    static final String TIMESTAMP_PATTERN =
            "^\\s*[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:?[0-9]{2})\\s*$";
    /** {@code core.Validation}'s fleet id: sfr- and a lowercase UUID, or 17 lowercase hex digits (the emulator's). */
    static final String FLEET_ID_PATTERN =
            "^sfr-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{17})$";

    public static final WireType<String> TEXT = new WireType<>("a non-empty string", WireObject::optionalText,
            s -> !s.isBlank(), () -> type("string"));
    /** A string that may be empty (a tag's value). */
    public static final WireType<String> ANY_TEXT = new WireType<>("a string", WireObject::optionalText, s -> true,
            () -> type("string"));
    public static final WireType<String> FLEET_ID = new WireType<>("a non-empty string",
            (o, name) -> o.optionalText(name)
                    .map(id -> id.isBlank() ? id : Validation.requireFleetId(o.path(name), id)),
            s -> !s.isBlank(), () -> type("string").put("pattern", FLEET_ID_PATTERN));
    /**
     * The id of a target of any kind: the reader checks it against the kind read beside it
     * ({@link dev.sfautoscaler.core.TargetKind#requireId}); the schema says what every kind shares.
     */
    public static final WireType<String> TARGET_ID = new WireType<>("a non-empty string",
            WireObject::optionalText, s -> !s.isBlank(),
            () -> type("string").put("minLength", 1).put("maxLength", 255));
    public static final WireType<Integer> COUNT = new WireType<>("a whole number of 0 or more",
            WireObject::optionalCount, v -> true,
            () -> type("integer").put("minimum", 0).put("maximum", Integer.MAX_VALUE));
    public static final WireType<Long> LONG_COUNT = new WireType<>("a whole number of 0 or more",
            WireObject::optionalLongCount, v -> true, () -> type("integer").put("minimum", 0));
    public static final WireType<Double> AMOUNT = new WireType<>("a number of 0 or more",
            WireObject::optionalAmount, v -> true, () -> type("number").put("minimum", 0));
    public static final WireType<Boolean> FLAG = new WireType<>("true or false", WireObject::optionalFlag,
            v -> true, () -> type("boolean"));
    public static final WireType<Instant> INSTANT = new WireType<>("an ISO-8601 timestamp",
            WireObject::optionalInstant, v -> true, () -> type("string").put("pattern", TIMESTAMP_PATTERN));
    public static final WireType<List<String>> TEXT_LIST = new WireType<>("an array of strings",
            (o, name) -> o.has(name) ? Optional.of(o.optionalTextList(name)) : Optional.empty(), v -> true,
            () -> {
                ObjectNode s = type("array");
                s.set("items", type("string"));
                return s;
            });

    /** One of an enum's wire names. */
    public static <E extends Enum<E>> WireType<E> choice(WireEnum<E> names) {
        return new WireType<>("one of " + names.allowed(), (o, name) -> o.optionalChoice(name, names), v -> true,
                () -> {
                    ObjectNode s = type("string");
                    names.names().forEach(s.putArray("enum")::add);
                    return s;
                });
    }

    /**
     * A string that must be {@code expected} when given: an event of another kind is a wiring mistake.
     */
    public static WireType<String> constant(String expected) {
        return new WireType<>("'" + expected + "'", (o, name) -> o.optionalText(name).map(t -> {
            if (!t.equals(expected)) {
                throw o.invalid(name, "must be '" + expected + "'; got '" + Validation.excerpt(t) + "'");
            }
            return t;
        }), v -> true, () -> type("string").put("const", expected));
    }

    /** A nested object of {@code shape}, read by {@code reader}. */
    public static <T> WireType<T> object(WireShape shape, Function<WireObject, T> reader) {
        return new WireType<>("a JSON object", (o, name) -> o.optionalObject(name).map(reader), v -> true,
                shape::schema);
    }

    /** The same type with more to say in its schema (a tighter range the reader's caller checks). */
    public WireType<T> described(UnaryOperator<ObjectNode> refine) {
        return new WireType<>(what, read, given, () -> refine.apply(schema.get()));
    }

    static ObjectNode type(String type) {
        return JSON.objectNode().put("type", type);
    }
}
