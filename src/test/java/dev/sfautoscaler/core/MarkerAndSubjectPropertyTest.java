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

    /** A decision whose backlog, in the subject, takes 19 characters: ' (backlog 10000000)'. */
    private static final ScaleDecision LONG_BACKLOG = Fixtures.decider().decide(Fixtures.fleet(3),
            Fixtures.queue(10_000_000, 0), Fixtures.manual(), Fixtures.policy().build());

    @Property(tries = 300)
    void a_drains_subject_keeps_the_change_and_its_counts_whole_for_every_kind_of_target_id(
            @ForAll("targets") Target target,
            @ForAll @IntRange(min = 1, max = ScalingPolicy.CAPACITY_LIMIT) int from,
            @ForAll @IntRange(max = ScalingPolicy.CAPACITY_LIMIT) int drained,
            @ForAll @IntRange(max = ScalingPolicy.CAPACITY_LIMIT) int timedOut,
            @ForAll @IntRange(max = ScalingPolicy.CAPACITY_LIMIT) int unannounced,
            @ForAll @LongRange(max = ScalingPolicy.DRAIN_TIMEOUT_LIMIT) long elapsed) {
        int to = Math.max(0, from - drained - timedOut - unannounced);
        DrainReport d = new DrainReport(target, DrainOutcome.FINISHED, Optional.of(Instant.EPOCH), from, to,
                java.util.List.of(), drained + timedOut + unannounced, drained, 0, timedOut, 0, 0, elapsed, "Drained.",
                0, unannounced);
        NotifyRequest r = new NotifyRequest(target.id(), Outcome.SCALED, Optional.of(LONG_BACKLOG), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), target.kind(), Optional.of(d));

        String subject = ChangeNotifier.compose(r).subject();

        assertTrue(subject.length() < 100, subject.length() + ": " + subject);
        assertFalse(subject.endsWith("..."), "cut mid-phrase: " + subject);
        assertTrue(subject.startsWith(target.id() + " scaled in " + from + " -> " + to + ", ")
                || subject.startsWith(target.id() + " scaled in " + from + "->" + to + ", "), subject);
        assertTrue(subject.matches(".* (drained " + drained + " instances?|" + drained + " (instances? )?drained)\\b.*"),
                "how many drained: " + subject);
        assertEquals(timedOut > 0, subject.contains(", " + timedOut + " timed out")
                || subject.contains(" and " + timedOut + " timed out"), "how many timed out: " + subject);
    }

    @Provide
    Arbitrary<Target> targets() {
        Arbitrary<String> uuid = Combinators.combine(hex(8), hex(4), hex(4), hex(4), hex(12))
                .as((a, b, c, d, e) -> a + "-" + b + "-" + c + "-" + d + "-" + e);
        // A group's name may be 255 characters; one of up to 42 leaves room for the shortest form, as a fleet's id does.
        Arbitrary<String> groupName = Arbitraries.strings().withCharRange('a', 'z').withChars("-_0123456789")
                .ofMinLength(1).ofMaxLength(42);
        return Arbitraries.oneOf(
                Arbitraries.oneOf(uuid, hex(17)).map(s -> Target.spotFleet("sfr-" + s)),
                uuid.map(s -> new Target(TargetKind.EC2_FLEET, "fleet-" + s)),
                groupName.map(n -> new Target(TargetKind.AUTO_SCALING_GROUP, n)));
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
