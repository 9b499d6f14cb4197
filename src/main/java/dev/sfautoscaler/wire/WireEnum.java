package dev.sfautoscaler.wire;

import dev.sfautoscaler.core.ActivityStatus;
import dev.sfautoscaler.core.DrainOutcome;
import dev.sfautoscaler.core.DrainStep;
import dev.sfautoscaler.core.AlarmState;
import dev.sfautoscaler.core.ExcessCapacityTerminationPolicy;
import dev.sfautoscaler.core.FleetState;
import dev.sfautoscaler.core.FleetType;
import dev.sfautoscaler.core.Outcome;
import dev.sfautoscaler.core.ReasonCode;
import dev.sfautoscaler.core.ScaleAction;
import dev.sfautoscaler.core.ScaleInMode;
import dev.sfautoscaler.core.ScalingMode;
import dev.sfautoscaler.core.TargetKind;
import dev.sfautoscaler.core.TriggerKind;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The one convention for enums on the wire: each core enum is written and read as its
 * {@code wireName()} ({@code scale-out}, {@code target-tracking}, {@code noTermination}); the two
 * that speak another system's names keep them ({@link AlarmState}: CloudWatch's {@code ALARM},
 * {@link ReasonCode}: its constant names). The reader, the Jackson writer ({@link WireModule}) and
 * the JSON Schemas ({@link WireSchemas}) all take the names from here.
 *
 * @param type     the enum
 * @param values   the constants allowed on the wire, in declaration order
 * @param wireName a constant's name on the wire
 */
public record WireEnum<E extends Enum<E>>(Class<E> type, List<E> values, Function<E, String> wireName) {

    public static final WireEnum<ScaleAction> ACTION =
            of(ScaleAction.class, ScaleAction.values(), ScaleAction::wireName);
    /** A recorded change: scale-out or scale-in. */
    public static final WireEnum<ScaleAction> CHANGE = ACTION.only(ScaleAction::isChange);
    public static final WireEnum<ScalingMode> MODE =
            of(ScalingMode.class, ScalingMode.values(), ScalingMode::wireName);
    public static final WireEnum<ExcessCapacityTerminationPolicy> TERMINATION_POLICY = of(
            ExcessCapacityTerminationPolicy.class, ExcessCapacityTerminationPolicy.values(),
            ExcessCapacityTerminationPolicy::wireName);
    public static final WireEnum<FleetState> FLEET_STATE =
            of(FleetState.class, FleetState.values(), FleetState::wireName);
    public static final WireEnum<FleetType> FLEET_TYPE = of(FleetType.class, FleetType.values(), FleetType::wireName);
    public static final WireEnum<ActivityStatus> ACTIVITY_STATUS =
            of(ActivityStatus.class, ActivityStatus.values(), ActivityStatus::wireName);
    public static final WireEnum<Outcome> OUTCOME = of(Outcome.class, Outcome.values(), Outcome::wireName);
    public static final WireEnum<TriggerKind> TRIGGER_KIND =
            of(TriggerKind.class, TriggerKind.values(), TriggerKind::wireName);
    public static final WireEnum<TargetKind> TARGET_KIND =
            of(TargetKind.class, TargetKind.values(), TargetKind::wireName);
    public static final WireEnum<AlarmState> ALARM_STATE = of(AlarmState.class, AlarmState.values(), Enum::name);
    public static final WireEnum<ReasonCode> REASON_CODE = of(ReasonCode.class, ReasonCode.values(), Enum::name);
    public static final WireEnum<ScaleInMode> SCALE_IN =
            of(ScaleInMode.class, ScaleInMode.values(), ScaleInMode::wireName);
    public static final WireEnum<DrainStep> DRAIN_STEP = of(DrainStep.class, DrainStep.values(), DrainStep::wireName);
    public static final WireEnum<DrainOutcome> DRAIN_OUTCOME =
            of(DrainOutcome.class, DrainOutcome.values(), DrainOutcome::wireName);

    /** Every enum the functions write, one per type (for the Jackson module). */
    public static final List<WireEnum<?>> WRITTEN = List.of(ACTION, MODE, TERMINATION_POLICY, FLEET_STATE, FLEET_TYPE,
            ACTIVITY_STATUS, OUTCOME, TRIGGER_KIND, TARGET_KIND, ALARM_STATE, REASON_CODE, SCALE_IN, DRAIN_STEP, DRAIN_OUTCOME);

    public WireEnum {
        values = List.copyOf(values);
    }

    static <E extends Enum<E>> WireEnum<E> of(Class<E> type, E[] values, Function<E, String> wireName) {
        return new WireEnum<>(type, Arrays.asList(values), wireName);
    }

    /** The same names, restricted to the constants {@code allowed} accepts. */
    public WireEnum<E> only(Predicate<E> allowed) {
        return new WireEnum<>(type, values.stream().filter(allowed).toList(), wireName);
    }

    public String name(E value) {
        return wireName.apply(value);
    }

    /** The constant with this wire name; {@code null} when none, so the reader can name the field. */
    public E parse(String name) {
        for (E value : values) {
            if (wireName.apply(value).equals(name)) {
                return value;
            }
        }
        return null;
    }

    public List<String> names() {
        return values.stream().map(wireName).toList();
    }

    /** The names for a message: {@code scale-out, scale-in, none}. */
    public String allowed() {
        return String.join(", ", names());
    }
}
