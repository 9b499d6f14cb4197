package dev.sfautoscaler.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sfautoscaler.core.Validation;
import dev.sfautoscaler.core.error.InvalidInput;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One JSON object read field by field; every problem is an error that names the field by its path
 * ({@code fleet.targetCapacity}, {@code policy.mode}). The functions take their input as a JSON tree
 * rather than letting Jackson bind it: a binding failure happens before the handler runs and reaches
 * the caller as a Jackson exception class name. The lab reads its scenario and policy files with the
 * same class, its errors prefixed with the file ({@link Failure}).
 */
public final class WireObject {

    /** Turns a field path and a problem into the error the reader's caller throws. */
    @FunctionalInterface
    public interface Failure {
        RuntimeException at(String path, String problem);

        /** The functions' error: {@code invalid input: 'policy.mode' must be ...}. */
        Failure INVALID_INPUT = InvalidInput::new;
    }

    /** ISO-8601 with the offset as Z, +00:00 or +0000 (CloudWatch alarm events use the last). */
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    private final JsonNode node;
    private final String path;
    private final Failure failure;
    private final Set<String> read = new LinkedHashSet<>();

    private WireObject(JsonNode node, String path, Failure failure) {
        this.node = node;
        this.path = path;
        this.failure = failure;
    }

    /** A function's whole input, which must be a JSON object; errors are {@link InvalidInput}. */
    public static WireObject input(JsonNode input) {
        if (input == null || input.isNull() || input.isMissingNode()) {
            throw new InvalidInput("input", "is required: a JSON object");
        }
        return of(input, "", Failure.INVALID_INPUT);
    }

    /**
     * An object at {@code path} (empty for a file's top level), its errors made by {@code failure}.
     */
    public static WireObject of(JsonNode node, String path, Failure failure) {
        if (node == null || !node.isObject()) {
            throw failure.at(path.isEmpty() ? "input" : path, "must be a JSON object; got "
                    + (node == null ? "nothing" : describe(node)));
        }
        return new WireObject(node, path, failure);
    }

    /** The path of this object; empty for the top level. */
    public String path() {
        return path;
    }

    /** The path of a field of this object, e.g. {@code fleet.targetCapacity}. */
    public String path(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** An error about a field of this object. */
    public RuntimeException invalid(String name, String problem) {
        return failure.at(path(name), problem);
    }

    /** An error about this object as a whole. */
    public RuntimeException invalid(String problem) {
        return failure.at(path, problem);
    }

    public boolean has(String name) {
        return value(name) != null;
    }

    /** The field as it stands (null when absent), for a value that may take more than one shape. */
    public JsonNode raw(String name) {
        return value(name);
    }

    /** Fails when the object has a field outside {@code known}: a misspelt setting must not be ignored. */
    public WireObject onlyFields(Set<String> known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw invalid(name, "is not a known field here; known fields are "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        }
        return this;
    }

    /** Fails when the object has a field nobody asked for: a misspelt setting must not fall back to a default. */
    public void done() {
        onlyFields(read);
    }

    public WireObject object(String name) {
        return optionalObject(name).orElseThrow(() -> missing(name, "a JSON object"));
    }

    public Optional<WireObject> optionalObject(String name) {
        JsonNode v = value(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isObject()) {
            throw wrongType(name, "a JSON object", v);
        }
        return Optional.of(new WireObject(v, path(name), failure));
    }

    /** An object, or an empty one at its path when the field is absent. */
    public WireObject objectOrEmpty(String name) {
        return optionalObject(name).orElseGet(
                () -> new WireObject(JsonNodeFactory.instance.objectNode(), path(name), failure));
    }

    /** An array of objects; empty when absent. */
    public List<WireObject> objects(String name) {
        JsonNode v = value(name);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw wrongType(name, "an array of JSON objects", v);
        }
        List<WireObject> items = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            items.add(of(v.get(i), path(name) + "[" + i + "]", failure));
        }
        return items;
    }

    public String text(String name) {
        return optionalText(name).filter(s -> !s.isBlank()).orElseThrow(() -> missing(name, "a non-empty string"));
    }

    public Optional<String> optionalText(String name) {
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
    public int count(String name) {
        return optionalCount(name).orElseThrow(() -> missing(name, "a whole number of 0 or more"));
    }

    public Optional<Integer> optionalCount(String name) {
        return optionalLongCount(name).map(n -> {
            if (n > Integer.MAX_VALUE) {
                throw invalid(name, "must be at most " + Integer.MAX_VALUE + "; got " + n);
            }
            return n.intValue();
        });
    }

    /** A whole number of 0 or more (messages, seconds). */
    public Optional<Long> optionalLongCount(String name) {
        return optionalWhole(name, "a whole number of 0 or more").map(n -> {
            if (n < 0) {
                throw invalid(name, "must not be negative; got " + n);
            }
            return n;
        });
    }

    /** A whole number greater than 0. */
    public Optional<Long> optionalPositiveCount(String name) {
        return optionalWhole(name, "a whole number greater than 0").map(n -> {
            if (n <= 0) {
                throw invalid(name, "must be greater than 0; got " + n);
            }
            return n;
        });
    }

    /** A whole number of any sign (a seed). */
    public Optional<Long> optionalWhole(String name) {
        return optionalWhole(name, "a whole number");
    }

    private Optional<Long> optionalWhole(String name, String what) {
        JsonNode v = value(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isNumber() || !isWhole(v)) {
            throw wrongType(name, what, v);
        }
        if (!v.canConvertToLong()) {
            throw invalid(name, "is too large; got " + Validation.excerpt(v.asText()));
        }
        return Optional.of(v.longValue());
    }

    /** A number of 0 or more (fulfilled capacity may be fractional with weighted instances). */
    public Optional<Double> optionalAmount(String name) {
        return optionalNumber(name, "a number of 0 or more").map(d -> {
            if (!(d >= 0)) {
                throw invalid(name, "must not be negative; got " + Validation.excerpt(node.get(name).asText()));
            }
            return d;
        });
    }

    /** A number greater than 0. */
    public Optional<Double> optionalPositiveAmount(String name) {
        return optionalNumber(name, "a number greater than 0").map(d -> {
            if (!(d > 0)) {
                throw invalid(name, "must be greater than 0; got " + Validation.excerpt(node.get(name).asText()));
            }
            return d;
        });
    }

    /** A finite number of any sign. */
    public Optional<Double> optionalNumber(String name) {
        return optionalNumber(name, "a number");
    }

    private Optional<Double> optionalNumber(String name, String what) {
        JsonNode v = value(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isNumber()) {
            throw wrongType(name, what, v);
        }
        double d = v.doubleValue();
        if (!Double.isFinite(d)) {
            throw invalid(name, "must be a finite number; got " + Validation.excerpt(v.asText()));
        }
        return Optional.of(d);
    }

    public Optional<Boolean> optionalFlag(String name) {
        JsonNode v = value(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            throw wrongType(name, "true or false", v);
        }
        return Optional.of(v.booleanValue());
    }

    public boolean flag(String name, boolean otherwise) {
        return optionalFlag(name).orElse(otherwise);
    }

    public Instant instant(String name) {
        return optionalInstant(name).orElseThrow(() -> missing(name, "an ISO-8601 timestamp"));
    }

    public Optional<Instant> optionalInstant(String name) {
        return optionalText(name).map(text -> {
            try {
                return OffsetDateTime.parse(text.trim(), TIMESTAMP).toInstant();
            } catch (DateTimeParseException e) {
                throw invalid(name, "must be an ISO-8601 timestamp such as 2026-11-28T04:00:00Z; got '" + Validation.excerpt(text) + "'");
            }
        });
    }

    /** One of an enum's wire names. */
    public <E extends Enum<E>> E choice(String name, WireEnum<E> names) {
        return optionalChoice(name, names).orElseThrow(() -> missing(name, "one of " + names.allowed()));
    }

    public <E extends Enum<E>> Optional<E> optionalChoice(String name, WireEnum<E> names) {
        JsonNode v = value(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw wrongType(name, "one of " + names.allowed(), v);
        }
        E parsed = names.parse(v.textValue());
        if (parsed == null) {
            throw invalid(name, "must be one of " + names.allowed() + "; got '" + Validation.excerpt(v.textValue()) + "'");
        }
        return Optional.of(parsed);
    }

    public List<String> optionalTextList(String name) {
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
                throw failure.at(path(name) + "[" + i + "]", "must be a string; got " + describe(item));
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
    public <T> T build(Supplier<T> construct) {
        try {
            return construct.get();
        } catch (InvalidInput e) {
            InvalidInput q = qualified(e);
            throw failure == Failure.INVALID_INPUT ? q : failure.at(q.field(), q.problem());
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
        read.add(name);
        JsonNode v = node.get(name);
        return v == null || v.isNull() || v.isMissingNode() ? null : v;
    }

    private RuntimeException missing(String name, String what) {
        return invalid(name, "is required: " + what);
    }

    private RuntimeException wrongType(String name, String what, JsonNode got) {
        return invalid(name, "must be " + what + "; got " + describe(got));
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
