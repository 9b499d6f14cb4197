package dev.sfautoscaler.core;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks a decision the way a person reading the execution history would. */
final class DecisionAssert {

    private DecisionAssert() {
    }

    static void assertDecision(ScaleDecision d, String action, int from, int to, ReasonCode code) {
        assertAll(d.reason(),
                () -> assertEquals(ScaleAction.fromWireOrNull(action), d.action(), "action"),
                () -> assertEquals(from, d.from(), "from"),
                () -> assertEquals(to, d.to(), "to"),
                () -> assertEquals(code, d.reasonCode(), "reason code"));
        assertReadable(d);
    }

    /** The text mentions every part, in any order. */
    static void assertMentions(String text, String... parts) {
        for (String part : parts) {
            assertTrue(text.contains(part), () -> "expected '" + part + "' in: " + text);
        }
    }

    /** One plain sentence, no programming artefacts, and a change names its numbers. */
    static void assertReadable(ScaleDecision d) {
        String r = d.reason();
        assertAll(r,
                () -> assertFalse(r.isBlank(), "reason is empty"),
                () -> assertTrue(Character.isUpperCase(r.charAt(0)), "starts with a capital"),
                () -> assertTrue(r.endsWith("."), "ends with a full stop"),
                () -> assertFalse(r.contains("\n"), "single line"),
                () -> assertFalse(r.contains("null"), "no null"),
                () -> assertFalse(r.contains("Optional"), "no Optional"),
                () -> assertFalse(r.contains("  "), "no double spaces"),
                () -> assertFalse(r.contains(" ,") || r.contains(" ."), "no space before punctuation"),
                () -> assertFalse(java.util.regex.Pattern.compile("(^|[^0-9.])1 (requested )?(units|messages)\\b")
                        .matcher(r).find(), "singular after 1"),
                () -> {
                    if (d.isChange()) {
                        assertTrue(r.contains(d.from() + " -> " + d.to()), "a change names from -> to");
                    }
                });
        assertEquals(d.from(), d.basis().currentTarget(), "basis.currentTarget is the decision's from");
        if (!d.isChange()) {
            assertEquals(d.from(), d.to(), "no change keeps to == from");
            assertTrue(d.onDemandTargetCapacity().isEmpty(), "no change asks for no on-demand change");
        }
    }
}
