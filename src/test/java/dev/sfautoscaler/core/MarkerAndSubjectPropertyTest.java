package dev.sfautoscaler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The two strings people and AWS read back: the marker tag and the notification subject. */
class MarkerAndSubjectPropertyTest {

    @Property(tries = 1000)
    void every_change_reads_back_from_its_marker(
            @ForAll @LongRange(min = 0, max = 4_102_444_800L) long epochSecond,
            @ForAll @IntRange(max = 999_999_999) int nanos,
            @ForAll boolean out,
            @ForAll @IntRange(max = ScalingPolicy.CAPACITY_LIMIT) int from,
            @ForAll @IntRange(max = ScalingPolicy.CAPACITY_LIMIT) int to,
            @ForAll("triggerKeys") String trigger) {
        LastChange c = new LastChange(Instant.ofEpochSecond(epochSecond, nanos),
                out ? ScaleAction.SCALE_OUT : ScaleAction.SCALE_IN, from, to, trigger);

        assertEquals(Optional.of(c), LastChange.fromMarker(c.toMarker()));
    }

    @Provide
    Arbitrary<String> triggerKeys() {
        // Trigger ids are trimmed when a Trigger is built, so keys never start or end with whitespace.
        Arbitrary<String> id = Arbitraries.strings().ofMinLength(1).ofMaxLength(80)
                .filter(t -> !t.isBlank() && t.equals(t.strip()) && t.chars().noneMatch(Character::isISOControl));
        return Arbitraries.oneOf(Arbitraries.just(""), id.map(t -> t + ":" + 1), id);
    }

    @Property(tries = 1000)
    void a_subject_is_one_printable_line_shorter_than_100_characters(
            @ForAll("fleetIds") String fleetId, @ForAll String error, @ForAll("outcomes") Outcome outcome) {
        ScaleDecision d = Fixtures.decider().decide(Fixtures.fleet(3), Fixtures.queue(600, 40), Fixtures.manual(),
                Fixtures.policy().build());
        NotifyRequest r = new NotifyRequest(fleetId, outcome, Optional.of(d), Optional.empty(),
                Optional.of(new FailureReport(error, error)), Optional.of(error));

        String subject = ChangeNotifier.compose(r).subject();

        assertTrue(subject.length() < 100, subject.length() + ": " + subject);
        assertFalse(subject.chars().anyMatch(Character::isISOControl), subject);
        assertFalse(subject.isBlank());
        assertTrue(subject.startsWith(outcome == Outcome.DRY_RUN ? "[dry run] sfr-" : "sfr-"), subject);
        for (int i = 0; i < subject.length(); i++) {
            char ch = subject.charAt(i);
            boolean paired = Character.isHighSurrogate(ch) ? i + 1 < subject.length()
                    && Character.isLowSurrogate(subject.charAt(i + 1))
                    : !Character.isLowSurrogate(ch) || i > 0 && Character.isHighSurrogate(subject.charAt(i - 1));
            assertTrue(paired, "a surrogate pair was cut at " + i + ": " + subject);
        }
    }

    @Provide
    Arbitrary<String> fleetIds() {
        // Both forms the id check accepts: EC2's lowercase UUID and the emulator's 17 hex digits.
        Arbitrary<String> uuid = Combinators.combine(hex(8), hex(4), hex(4), hex(4), hex(12))
                .as((a, b, c, d, e) -> a + "-" + b + "-" + c + "-" + d + "-" + e);
        return Arbitraries.oneOf(uuid, hex(17)).map(s -> "sfr-" + s);
    }

    private static Arbitrary<String> hex(int length) {
        return Arbitraries.strings().withChars("0123456789abcdef").ofLength(length);
    }

    @Provide
    Arbitrary<Outcome> outcomes() {
        return Arbitraries.of(Outcome.class);
    }
}
