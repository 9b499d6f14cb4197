package dev.sfautoscaler.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sfautoscaler.core.error.InvalidInput;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One JSON object of a Lambda input, read field by field. The handlers take their input as a
 * JSON tree rather than letting Jackson bind it: a binding failure happens before the handler
 * runs and reaches the caller as a Jackson exception class name. Reading the tree here instead
 * turns every problem into an {@link InvalidInput} that names the field by its path
 * ({@code fleet.targetCapacity}, {@code policy.mode}).
 */
final class InputObject {

    /** ISO-8601 with the offset as {@code Z}, {@code +00:00} or {@code +0000} (CloudWatch alarm events use the last). */
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    private final JsonNode node;
    private final String path;

    private InputObject(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** The whole input, which must be a JSON object. */
    static InputObject root(JsonNode input) {
        if (input == null || input.isNull() || input.isMissingNode()) {
            throw new InvalidInput("input", "is required: a JSON object");
        }
        if (!input.isObject()) {
            throw new InvalidInput("input", "must be a JSON object; got " + describe(input));
        }
        return new InputObject(input, "");
    }

    /** The path of a field of this object, e.g. {@code fleet.targetCapacity}. */
    String path(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    boolean has(String name) {
        return value(name) != null;
    }

    /** Fails when the object has a field outside {@code known}: a misspelt setting must not be ignored. */
    InputObject onlyFields(Set<String> known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new InvalidInput(path(name), "is not a known field here; known fields are "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        }
        return this;
    }

    InputObject object(String name) {
        return optionalObject(name).orElseThrow(() -> missing(name, "a JSON object"));
    }

    Optional<InputObject> optionalObject(String name) {
        JsonNode v = value(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isObject()) {
            throw wrongType(name, "a JSON object", v);
        }
        return Optional.of(new InputObject(v, path(name)));
    }

    String text(String name) {
        return optionalText(name).filter(s -> !s.isBlank()).orElseThrow(() -> missing(name, "a non-empty string"));
    }

    Optional<String> optionalText(String name) {
        JsonNode v = value(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw wrongType(name, "a string", v);
        }
        return Optional.of(v.textValue());
    }

    /** A whole number of 0 or more that fits an int (capacities, steps). */
    int count(String name) {
        return optionalCount(name).orElseThrow(() -> missing(name, "a whole number of 0 or more"));
    }

    Optional<Integer> optionalCount(String name) {
        return optionalLongCount(name).map(n -> {
            if (n > Integer.MAX_VALUE) {
                throw new InvalidInput(path(name), "must be at most " + Integer.MAX_VALUE + "; got " + n);
            }
            return n.intValue();
        });
    }

    /** A whole number of 0 or more (messages, seconds). */
    long longCount(String name) {
        return optionalLongCount(name).orElseThrow(() -> missing(name, "a whole number of 0 or more"));
    }

    Optional<Long> optionalLongCount(String name) {
        JsonNode v = value(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isNumber() || !isWhole(v)) {
            throw wrongType(name, "a whole number of 0 or more", v);
        }
        if (!v.canConvertToLong()) {
            throw new InvalidInput(path(name), "is too large; got " + v.asText());
        }
        long n = v.longValue();
        if (n < 0) {
            throw new InvalidInput(path(name), "must not be negative; got " + n);
        }
        return Optional.of(n);
    }

    /** A number of 0 or more (fulfilled capacity may be fractional with weighted instances). */
    double amount(String name) {
        return optionalAmount(name).orElseThrow(() -> missing(name, "a number of 0 or more"));
    }

    Optional<Double> optionalAmount(String name) {
        JsonNode v = value(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isNumber()) {
            throw wrongType(name, "a number of 0 or more", v);
        }
        double d = v.doubleValue();
        if (!(d >= 0) || Double.isInfinite(d)) {
            throw new InvalidInput(path(name), "must not be negative; got " + v.asText());
        }
        return Optional.of(d);
    }

    Optional<Boolean> optionalFlag(String name) {
        JsonNode v = value(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            throw wrongType(name, "true or false", v);
        }
        return Optional.of(v.booleanValue());
    }

    boolean flag(String name, boolean otherwise) {
        return optionalFlag(name).orElse(otherwise);
    }

    Instant instant(String name) {
        return optionalInstant(name).orElseThrow(() -> missing(name, "an ISO-8601 timestamp"));
    }

    Optional<Instant> optionalInstant(String name) {
        return optionalText(name).map(text -> {
            try {
                return OffsetDateTime.parse(text.trim(), TIMESTAMP).toInstant();
            } catch (DateTimeParseException e) {
                throw new InvalidInput(path(name), "must be an ISO-8601 timestamp such as 2026-11-28T04:00:00Z; got '"
                        + text + "'");
            }
        });
    }

    /**
     * One of a fixed set of names.
     *
     * @param parse   the enum's wire-name parser, returning {@code null} for an unknown name
     * @param allowed the names, for the message
     */
    <E> E choice(String name, Function<String, E> parse, String allowed) {
        return optionalChoice(name, parse, allowed).orElseThrow(() -> missing(name, "one of " + allowed));
    }

    <E> Optional<E> optionalChoice(String name, Function<String, E> parse, String allowed) {
        JsonNode v = value(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw wrongType(name, "one of " + allowed, v);
        }
        E parsed = parse.apply(v.textValue());
        if (parsed == null) {
            throw new InvalidInput(path(name), "must be one of " + allowed + "; got '" + v.textValue() + "'");
        }
        return Optional.of(parsed);
    }

    List<String> optionalTextList(String name) {
        JsonNode v = value(name);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw wrongType(name, "an array of strings", v);
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            if (!item.isTextual()) {
                throw new InvalidInput(path(name) + "[" + i + "]", "must be a string; got " + describe(item));
            }
            texts.add(item.textValue());
        }
        return texts;
    }

    /**
     * Runs a core constructor or factory and names the field it rejects by its full path: the core
     * says {@code to} or {@code lastChange.at}, the caller reads {@code decision.to} or
     * {@code fleet.lastChange.at}.
     */
    <T> T build(Supplier<T> construct) {
        try {
            return construct.get();
        } catch (InvalidInput e) {
            throw qualified(e);
        }
    }

    private InvalidInput qualified(InvalidInput e) {
        if (path.isEmpty() || e.field().equals(path) || e.field().startsWith(path + ".")) {
            return e;
        }
        int dot = path.lastIndexOf('.');
        String parent = dot < 0 ? "" : path.substring(0, dot);
        String last = path.substring(dot + 1);
        if (e.field().equals(last) || e.field().startsWith(last + ".")) {
            return parent.isEmpty() ? e : e.within(parent);
        }
        return e.within(path);
    }

    private JsonNode value(String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() || v.isMissingNode() ? null : v;
    }

    private InvalidInput missing(String name, String what) {
        return new InvalidInput(path(name), "is required: " + what);
    }

    private InvalidInput wrongType(String name, String what, JsonNode got) {
        return new InvalidInput(path(name), "must be " + what + "; got " + describe(got));
    }

    private static boolean isWhole(JsonNode v) {
        return v.isIntegralNumber() || (v.isFloatingPointNumber() && v.doubleValue() == Math.rint(v.doubleValue())
                && !Double.isInfinite(v.doubleValue()));
    }

    private static String describe(JsonNode v) {
        String text = v.toString();
        if (text.length() > 60) {
            text = text.substring(0, 57) + "...";
        }
        String type = switch (v.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> "null";
        };
        return text + " (" + type + ")";
    }
}
