package dev.sfautoscaler.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads one JSON object field by field, naming the file and path in every error, and rejects
 * fields nobody asked for ({@link #done()}) so that a misspelt setting is never silently ignored.
 */
final class JsonObject {

    private final JsonNode node;
    private final String where;
    private final Set<String> read = new LinkedHashSet<>();

    private JsonObject(JsonNode node, String where) {
        this.node = node;
        this.where = where;
    }

    /** {@code where} reads like "scenarios/bench/steady.json: plant". */
    static JsonObject of(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new ScenarioException(where + " must be a JSON object");
        }
        return new JsonObject(node, where);
    }

    String where() {
        return where;
    }

    String path(String field) {
        return where + (where.endsWith(": ") ? "" : ".") + field;
    }

    boolean has(String field) {
        read.add(field);
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    JsonNode raw(String field) {
        read.add(field);
        return node.get(field);
    }

    ObjectNode rawObject(String field) {
        JsonNode v = raw(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw new ScenarioException(path(field) + " must be a JSON object");
        }
        return (ObjectNode) v;
    }

    JsonObject object(String field) {
        JsonNode v = raw(field);
        if (v == null || v.isNull()) {
            return null;
        }
        return of(v, path(field));
    }

    JsonObject objectOrEmpty(String field) {
        JsonObject o = object(field);
        return o != null ? o : of(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), path(field));
    }

    List<JsonObject> objects(String field) {
        JsonNode v = raw(field);
        List<JsonObject> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw new ScenarioException(path(field) + " must be a JSON array");
        }
        for (int i = 0; i < v.size(); i++) {
            out.add(of(v.get(i), path(field) + "[" + i + "]"));
        }
        return out;
    }

    String text(String field, String fallback) {
        JsonNode v = raw(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw new ScenarioException(path(field) + " must be a string; got " + v);
        }
        return v.asText();
    }

    String requireText(String field) {
        String s = text(field, null);
        if (s == null || s.isBlank()) {
            throw new ScenarioException(path(field) + " is required");
        }
        return s;
    }

    double number(String field, double fallback) {
        JsonNode v = raw(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new ScenarioException(path(field) + " must be a number; got " + v);
        }
        double d = v.asDouble();
        if (!Double.isFinite(d)) {
            throw new ScenarioException(path(field) + " must be a finite number; got " + v);
        }
        return d;
    }

    double nonNegative(String field, double fallback) {
        double d = number(field, fallback);
        if (d < 0) {
            throw new ScenarioException(path(field) + " must not be negative; got " + d);
        }
        return d;
    }

    double positive(String field, double fallback) {
        double d = number(field, fallback);
        if (!(d > 0)) {
            throw new ScenarioException(path(field) + " must be greater than 0; got " + d);
        }
        return d;
    }

    double requirePositive(String field) {
        if (!has(field)) {
            throw new ScenarioException(path(field) + " is required");
        }
        return positive(field, 0);
    }

    long integer(String field, long fallback) {
        JsonNode v = raw(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber() && !(v.isNumber() && v.asDouble() == Math.rint(v.asDouble()))) {
            throw new ScenarioException(path(field) + " must be a whole number; got " + v);
        }
        return v.asLong();
    }

    long nonNegativeInteger(String field, long fallback) {
        long n = integer(field, fallback);
        if (n < 0) {
            throw new ScenarioException(path(field) + " must not be negative; got " + n);
        }
        return n;
    }

    long positiveInteger(String field, long fallback) {
        long n = integer(field, fallback);
        if (n <= 0) {
            throw new ScenarioException(path(field) + " must be greater than 0; got " + n);
        }
        return n;
    }

    boolean bool(String field, boolean fallback) {
        JsonNode v = raw(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw new ScenarioException(path(field) + " must be true or false; got " + v);
        }
        return v.asBoolean();
    }

    /** Fails on any field that was never read: a typo must not silently fall back to a default. */
    void done() {
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (!read.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new ScenarioException(where + " has unknown field" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + "; known: " + String.join(", ", read));
        }
    }
}
