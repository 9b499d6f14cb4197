package dev.sfautoscaler.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.sfautoscaler.core.ActivityStatus;
import dev.sfautoscaler.core.ExcessCapacityTerminationPolicy;
import dev.sfautoscaler.core.FleetState;
import dev.sfautoscaler.core.FleetType;
import dev.sfautoscaler.core.Outcome;
import dev.sfautoscaler.core.ScaleAction;
import dev.sfautoscaler.core.ScaleDecision;
import dev.sfautoscaler.core.ScalingMode;
import dev.sfautoscaler.core.TriggerKind;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.function.Function;

/**
 * How the core records look on the wire (Lambda output, SNS message): record components by name,
 * enums by their wire names ({@code scale-out}, {@code target-tracking}, {@code noTermination}),
 * empty optionals as {@code null}, instants as ISO-8601 strings, and a decision's {@code change}
 * flag for the state machine's Choice state. The core stays free of annotations, so the mapping
 * lives here and applies to the one ObjectMapper that the Lambda runtime and the adapters share.
 */
@Singleton
public class WireFormat implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(module());
    }

    /** The module, also for code that builds its own mapper (tests, tools). */
    public static SimpleModule module() {
        SimpleModule module = new SimpleModule("sfautoscaler-wire-format");
        module.addSerializer(ScaleAction.class, new WireName<>(ScaleAction::wireName));
        module.addSerializer(ScalingMode.class, new WireName<>(ScalingMode::wireName));
        module.addSerializer(FleetState.class, new WireName<>(FleetState::wireName));
        module.addSerializer(FleetType.class, new WireName<>(FleetType::wireName));
        module.addSerializer(ActivityStatus.class, new WireName<>(ActivityStatus::wireName));
        module.addSerializer(ExcessCapacityTerminationPolicy.class,
                new WireName<>(ExcessCapacityTerminationPolicy::wireName));
        module.addSerializer(Outcome.class, new WireName<>(Outcome::wireName));
        module.addSerializer(TriggerKind.class, new WireName<>(TriggerKind::wireName));
        module.setMixInAnnotation(ScaleDecision.class, ScaleDecisionWire.class);
        return module;
    }

    /** Writes an enum as its wire name. */
    static final class WireName<E extends Enum<E>> extends JsonSerializer<E> {
        private final Function<E, String> wireName;

        WireName(Function<E, String> wireName) {
            this.wireName = wireName;
        }

        @Override
        public void serialize(E value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(wireName.apply(value));
        }
    }

    /** Adds {@code change} to a decision, so a Choice state can test {@code $.decision.change}. */
    abstract static class ScaleDecisionWire {
        @JsonProperty("change")
        abstract boolean isChange();
    }
}
