package dev.sfautoscaler.wire;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The fields of one wire object, for its JSON Schema; the reader of that object reads the same
 * {@link WireField}s. A closed shape rejects fields it does not know (its reader calls
 * {@link WireObject#onlyFields}); an open one ignores them, as the functions do with the rest of
 * the workflow's state.
 */
public record WireShape(String description, boolean closed, List<WireField<?>> fields, List<Extra> extras,
        List<String> exactlyOneOf) {

    /** A property the reader does not read but the schema describes (an absent-or-forbidden field, a const). */
    public record Extra(String name, ObjectNode schema) {
    }

    public WireShape {
        fields = List.copyOf(fields);
        extras = List.copyOf(extras);
        exactlyOneOf = List.copyOf(exactlyOneOf);
    }

    public WireShape(String description, boolean closed, List<WireField<?>> fields, List<Extra> extras) {
        this(description, closed, fields, extras, List.of());
    }

    public static WireShape open(String description, WireField<?>... fields) {
        return new WireShape(description, false, List.of(fields), List.of());
    }

    public static WireShape closed(String description, WireField<?>... fields) {
        return new WireShape(description, true, List.of(fields), List.of());
    }

    /** The same shape, describing one more property it does not read. */
    public WireShape with(String name, ObjectNode schema) {
        List<Extra> more = new ArrayList<>(extras);
        more.add(new Extra(name, schema));
        return new WireShape(description, closed, fields, more, exactlyOneOf);
    }

    /** The same shape, in which exactly one of {@code names} must be given (the reader checks the same). */
    public WireShape exactlyOneOf(String... names) {
        return new WireShape(description, closed, fields, extras, List.of(names));
    }

    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        fields.forEach(f -> names.add(f.name()));
        return names;
    }

    /** Its JSON Schema: an object, each field's type, null allowed where the field is optional. */
    public ObjectNode schema() {
        ObjectNode s = WireType.type("object");
        if (description != null) {
            s.put("description", description);
        }
        ObjectNode properties = s.putObject("properties");
        ArrayNode required = WireType.JSON.arrayNode();
        for (WireField<?> f : fields) {
            ObjectNode p = f.type().schema().get();
            if (!f.required()) {
                p = nullable(p);
            } else {
                required.add(f.name());
                if (f.type() == WireType.TEXT) {
                    p.put("pattern", "\\S");
                }
            }
            if (f.description() != null) {
                ObjectNode described = WireType.JSON.objectNode().put("description", f.description());
                described.setAll(p);
                p = described;
            }
            properties.set(f.name(), p);
        }
        extras.forEach(e -> properties.set(e.name(), e.schema()));
        if (!required.isEmpty()) {
            s.set("required", required);
        }
        if (closed) {
            s.put("additionalProperties", false);
        }
        if (!exactlyOneOf.isEmpty()) {
            ArrayNode oneOf = s.putArray("oneOf");
            exactlyOneOf.forEach(name -> oneOf.addObject().putArray("required").add(name));
        }
        return s;
    }

    /** An optional field may be null: the reader treats null as absent. */
    static ObjectNode nullable(ObjectNode p) {
        if (p.has("const")) {
            ObjectNode any = WireType.JSON.objectNode();
            any.putArray("enum").add(p.get("const")).addNull();
            return any;
        }
        if (p.has("enum")) {
            ((ArrayNode) p.get("enum")).addNull();
        }
        if (p.has("type")) {
            String type = p.get("type").asText();
            ArrayNode types = WireType.JSON.arrayNode().add(type).add("null");
            p.set("type", types);
        }
        return p;
    }
}
