package dev.sfautoscaler.core;

import static dev.sfautoscaler.core.Fixtures.change;
import static dev.sfautoscaler.core.Fixtures.decider;
import static dev.sfautoscaler.core.Fixtures.fleet;
import static dev.sfautoscaler.core.Fixtures.manual;
import static dev.sfautoscaler.core.Fixtures.morning;
import static dev.sfautoscaler.core.Fixtures.policy;
import static dev.sfautoscaler.core.Fixtures.queue;
import static dev.sfautoscaler.core.Fixtures.queueReadSecondsAgo;
import static dev.sfautoscaler.core.Fixtures.scaleInAlarm;
import static dev.sfautoscaler.core.Fixtures.scaleOutAlarm;
import static dev.sfautoscaler.core.Fixtures.stepPolicy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every reason code is reachable, its sentence is written in one place ({@link DecisionExplainer}),
 * and the core README documents each one with the action it really comes with. A new code without
 * a scenario here, without its own case in the explainer, or without a row in the README, fails.
 */
class ReasonCodeCatalogTest {

    private static final Path CORE = Path.of("src/main/java/dev/sfautoscaler/core");
    private static final Path README = CORE.resolve("README.md");

    private static final Map<ReasonCode, Supplier<ScaleDecision>> EXAMPLES = new EnumMap<>(ReasonCode.class);

    static {
        ScalingPolicy p = policy().build();
        EXAMPLES.put(ReasonCode.BACKLOG_NEEDS_MORE, () -> decider().decide(fleet(3), queue(600, 40), manual(), p));
        EXAMPLES.put(ReasonCode.BACKLOG_NEEDS_LESS, () -> decider().decide(fleet(10), queue(500, 0), manual(), p));
        EXAMPLES.put(ReasonCode.RAISE_TO_MIN, () -> decider().decide(fleet(0), Optional.empty(), manual(),
                policy().minCapacity(2).build()));
        EXAMPLES.put(ReasonCode.LOWER_TO_MAX, () -> decider().decide(fleet(25), Optional.empty(), manual(), p));
        EXAMPLES.put(ReasonCode.STEP_OUT_ON_ALARM, () -> decider().decide(fleet(3), queue(640, 0), scaleOutAlarm(),
                stepPolicy().build()));
        EXAMPLES.put(ReasonCode.STEP_IN_ON_ALARM, () -> decider().decide(fleet(3), queue(0, 0), scaleInAlarm(),
                stepPolicy().build()));
        EXAMPLES.put(ReasonCode.ALARM_WITHOUT_QUEUE_DATA, () -> decider().decide(fleet(3), Optional.empty(),
                scaleOutAlarm(), p));
        EXAMPLES.put(ReasonCode.AT_DESIRED, () -> decider().decide(fleet(3), queue(300, 0), manual(), p));
        EXAMPLES.put(ReasonCode.AT_MAX, () -> decider().decide(fleet(20), queue(5000, 0), manual(), p));
        EXAMPLES.put(ReasonCode.AT_MIN, () -> decider().decide(fleet(1), queue(0, 0), manual(), p));
        EXAMPLES.put(ReasonCode.WITHIN_TOLERANCE, () -> decider().decide(fleet(20), queue(1900, 0), manual(), p));
        EXAMPLES.put(ReasonCode.SCALE_OUT_COOLDOWN, () -> decider().decide(fleet(3).withLastChange(
                change(ScaleAction.SCALE_OUT, 1, 3, 10, "evt-0:1")), queue(640, 0), manual(), p));
        EXAMPLES.put(ReasonCode.SCALE_IN_COOLDOWN, () -> decider().decide(fleet(10).withLastChange(
                change(ScaleAction.SCALE_OUT, 3, 10, 10, "evt-0:1")), queue(100, 0), manual(), p));
        EXAMPLES.put(ReasonCode.SCALE_IN_DISABLED, () -> decider().decide(fleet(10), queue(100, 0), manual(),
                policy().disableScaleIn(true).build()));
        EXAMPLES.put(ReasonCode.BELOW_ACTIVATION, () -> decider().decide(fleet(0), queue(0, 0), manual(),
                policy().minCapacity(0).build()));
        EXAMPLES.put(ReasonCode.NO_QUEUE_DATA, () -> decider().decide(fleet(5), Optional.empty(), manual(), p));
        EXAMPLES.put(ReasonCode.STALE_QUEUE_DATA, () -> decider().decide(fleet(5), queueReadSecondsAgo(0, 900),
                manual(), p));
        EXAMPLES.put(ReasonCode.FULFILLING, () -> decider().decide(fleet(4, 3), queue(640, 0), scaleOutAlarm(),
                stepPolicy().build()));
        EXAMPLES.put(ReasonCode.NOT_A_SCALING_ALARM, () -> decider().decide(fleet(3), queue(640, 0), manual(),
                stepPolicy().build()));
        EXAMPLES.put(ReasonCode.DUPLICATE_TRIGGER, () -> decider().decide(fleet(7).withLastChange(
                change(ScaleAction.SCALE_OUT, 3, 7, 30, "evt-7f3a:1")), queue(640, 0), scaleOutAlarm(), p));
        EXAMPLES.put(ReasonCode.SCHEDULED_MIN, () -> decider().decide(fleet(3), queue(0, 0), manual(),
                policy().schedules(List.of(morning(8, null))).build()));
        EXAMPLES.put(ReasonCode.SCHEDULED_MAX, () -> decider().decide(fleet(12), queue(1200, 0), manual(),
                policy().schedules(List.of(morning(null, 4))).build()));
        EXAMPLES.put(ReasonCode.PAUSED, () -> decider().decide(fleet(3).withPausedBy(Optional.of("incident 42")),
                queue(640, 0), manual(), p));
        ScalingPolicy learning = policy().targetWaitSeconds(300L).build();
        EXAMPLES.put(ReasonCode.OLDEST_MESSAGE_TOO_OLD, () -> decider().decide(fleet(3), queue(280, 3).map(q ->
                q.withMetrics(Optional.of(new QueueMetrics(Fixtures.NOW.minusSeconds(60), 60, OptionalLong.of(40),
                        OptionalLong.of(420), OptionalLong.empty(), false)))), manual(), learning));
        EXAMPLES.put(ReasonCode.UNCONFIRMED_FROM_ZERO, () -> decider().decide(fleet(0), queue(2, 0), manual(),
                learning.toBuilder().minCapacity(0).build()));
        EXAMPLES.put(ReasonCode.KEEP_ALIVE, () -> decider().decide(fleet(1), queue(0, 0), manual(),
                learning.toBuilder().minCapacity(0).build(), Optional.of(new ThroughputEstimate(0.5, 12,
                        Fixtures.NOW.minusSeconds(600), 0, Fixtures.NOW, 0, Optional.of(Fixtures.NOW.minusSeconds(60))))));
        EXAMPLES.put(ReasonCode.FLEET_NOT_SCALABLE, () -> decider().decide(fleet(3, FleetState.CANCELLED,
                FleetType.MAINTAIN), queue(640, 0), manual(), p));
    }

    @Test
    void every_reason_code_has_an_example() {
        assertEquals(EnumSet.allOf(ReasonCode.class), EnumSet.copyOf(EXAMPLES.keySet()));
    }

    @ParameterizedTest
    @EnumSource(ReasonCode.class)
    void each_example_gives_its_code_with_the_action_the_readme_names(ReasonCode code) throws IOException {
        ScaleDecision d = EXAMPLES.get(code).get();

        assertEquals(code, d.reasonCode(), d.reason());
        DecisionAssert.assertReadable(d);
        assertEquals(documentedActions().get(code), d.action().wireName(), "README action for " + code);
    }

    /**
     * The explainer names every code in a case of its own, so a new code cannot slip through to a
     * sentence written for another.
     */
    @ParameterizedTest
    @EnumSource(ReasonCode.class)
    void each_code_has_its_sentence_in_the_explainer(ReasonCode code) throws IOException {
        String explainer = Files.readString(CORE.resolve("DecisionExplainer.java"));

        assertTrue(Pattern.compile("(?m)^\\s*case ([A-Z_]+, )*" + code.name() + "(, [A-Z_]+)* ->").matcher(explainer)
                .find(), "DecisionExplainer has no case for " + code);
    }

    /** Without a default, the compiler refuses an explainer that misses a code. */
    @Test
    void the_explainer_has_no_catch_all_sentence() throws IOException {
        assertFalse(Files.readString(CORE.resolve("DecisionExplainer.java")).contains("default"),
                "DecisionExplainer switches over every code, with no default");
    }

    /** The rules compute numbers and a code; a sentence written in the decider would be a second place. */
    @Test
    void the_decider_writes_no_sentences() throws IOException {
        String decider = Files.readString(CORE.resolve("ScalingDecider.java"));
        String code = decider.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");

        assertFalse(code.contains("\""), "ScalingDecider has a string literal; sentences belong in DecisionExplainer");
    }

    @Test
    void the_readme_documents_exactly_the_reason_codes() throws IOException {
        assertEquals(EnumSet.allOf(ReasonCode.class), EnumSet.copyOf(documentedActions().keySet()));
    }

    /** Rows of the README's reason-code table: {@code | `CODE` | action | when |}. */
    private static Map<ReasonCode, String> documentedActions() throws IOException {
        Map<ReasonCode, String> actions = new EnumMap<>(ReasonCode.class);
        Matcher row = Pattern.compile("(?m)^\\| `([A-Z_]+)` \\| ([a-z-]+) \\|").matcher(Files.readString(README));
        while (row.find()) {
            actions.put(ReasonCode.valueOf(row.group(1)), row.group(2));
        }
        return actions;
    }
}
