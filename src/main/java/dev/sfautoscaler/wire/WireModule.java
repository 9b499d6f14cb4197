package dev.sfautoscaler.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.sfautoscaler.core.ScaleDecision;
import dev.sfautoscaler.core.ScalingPolicy;
import java.io.IOException;

/**
 * How the core records are written (Lambda output, SNS message): record components by name, enums
 * by their wire names ({@link WireEnum}), a policy as {@link PolicyFields} writes it, and a
 * decision's {@code change} flag for the state machine's Choice state. Empty optionals as
 * {@code null} and instants as ISO-8601 strings come from the mapper's Jdk8 and JavaTime modules.
 * The core stays free of annotations, so the mapping lives here.
 */
public final class WireModule {

    private WireModule() {
    }

    public static SimpleModule module() {
        SimpleModule module = new SimpleModule("sfautoscaler-wire-format");
        for (WireEnum<?> names : WireEnum.WRITTEN) {
            addWireNames(module, names);
        }
        module.addSerializer(ScalingPolicy.class, new PolicyWriter());
        module.setMixInAnnotation(ScaleDecision.class, ScaleDecisionWire.class);
        return module;
    }

    /**
     * How the functions read their input: a JSON tree, with what Jackson cannot read given as
     * {@code InvalidInput} ({@link FunctionInputReader}). Only for the functions' mapper: the lab
     * reports its files' syntax errors itself.
     */
    public static SimpleModule functionInput() {
        SimpleModule module = new SimpleModule("sfautoscaler-function-input");
        module.addDeserializer(JsonNode.class, new FunctionInputReader());
        return module;
    }

    private static <E extends Enum<E>> void addWireNames(SimpleModule module, WireEnum<E> names) {
        module.addSerializer(names.type(), new WireNameWriter<>(names));
    }

    /** Writes an enum as its wire name. */
    static final class WireNameWriter<E extends Enum<E>> extends JsonSerializer<E> {
        private final WireEnum<E> names;

        WireNameWriter(WireEnum<E> names) {
            this.names = names;
        }

        @Override
        public void serialize(E value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(names.name(value));
        }
    }

    /** Writes a policy as the execution input carries it. */
    static final class PolicyWriter extends JsonSerializer<ScalingPolicy> {
        @Override
        public void serialize(ScalingPolicy value, JsonGenerator gen, SerializerProvider serializers)
                throws IOException {
            serializers.defaultSerializeValue(PolicyFields.toMap(value), gen);
        }
    }

    /**
     * Adds {@code change} to a decision, so a Choice state can test {@code $.decision.change}. Public
     * for the native-image registration ({@code config.NativeReflection}).
     */
    public abstract static class ScaleDecisionWire {
        @JsonProperty("change")
        abstract boolean isChange();
    }
}
