package dev.sfautoscaler.wire;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfautoscaler.core.ScalingPolicy;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One field of the execution input's {@code policy}: a {@link ScalingPolicy} component under its
 * own name. {@link PolicyFields#ALL} lists them; reading, writing, the JSON Schema and the
 * Terraform contracts check all come from that list.
 *
 * @param name        the JSON field name, the record component's name
 * @param type        how it is read and its JSON type
 * @param constraint  the range the core accepts, for the schema (the core's constructor checks it)
 * @param description what it means
 * @param set         puts a read value into the builder
 * @param get         the value of a policy; empty for an optional field that is not set
 * @param toWire      a value as written (an enum as its wire name)
 */
public record PolicyField<T>(String name, WireType<T> type, Constraint constraint, String description,
        BiConsumer<ScalingPolicy.Builder, T> set, Function<ScalingPolicy, Optional<T>> get,
        Function<T, Object> toWire) {

    /** Bounds beyond the type's own (which already says "0 or more" for counts and amounts). */
    public record Constraint(Number minimum, Number maximum, Number exclusiveMaximum) {
        public static final Constraint NONE = new Constraint(null, null, null);

        public static Constraint atLeast(long minimum) {
            return new Constraint(minimum, null, null);
        }

        public static Constraint atMost(long maximum) {
            return new Constraint(null, maximum, null);
        }

        public static Constraint between(long minimum, long maximum) {
            return new Constraint(minimum, maximum, null);
        }

        public static Constraint below(double exclusiveMaximum) {
            return new Constraint(null, null, exclusiveMaximum);
        }

        void applyTo(ObjectNode schema) {
            if (minimum != null) {
                schema.put("minimum", minimum.longValue());
            }
            if (maximum != null) {
                schema.put("maximum", maximum.longValue());
            }
            if (exclusiveMaximum != null) {
                schema.put("exclusiveMaximum", exclusiveMaximum.doubleValue());
            }
        }
    }

    /** Reads the field when present and sets it on the builder. */
    void read(WireObject policy, ScalingPolicy.Builder builder) {
        type.read().apply(policy, name).ifPresent(v -> set.accept(builder, v));
    }

    /** The field of {@code policy} as written, empty when an optional field is not set. */
    public Optional<Object> write(ScalingPolicy policy) {
        return get.apply(policy).map(toWire);
    }

    /**
     * The field's JSON Schema: an optional field with its default taken from {@code defaults} (as
     * {@code plain} writes it) and null allowed; a required one with neither.
     */
    ObjectNode schema(boolean required, ScalingPolicy defaults, ObjectMapper plain) {
        ObjectNode s = WireType.JSON.objectNode().put("description", description);
        s.setAll(type.schema().get());
        constraint.applyTo(s);
        if (required) {
            return s;
        }
        write(defaults).ifPresent(v -> s.set("default", plain.valueToTree(v)));
        return WireShape.nullable(s);
    }
}
