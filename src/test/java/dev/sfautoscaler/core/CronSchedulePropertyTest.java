package dev.sfautoscaler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfautoscaler.core.error.InvalidInput;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/**
 * The cron matcher of scheduled windows and the windows' time in their zone, daylight-saving
 * changes included. Each property was checked to fail on a deliberately broken matcher (steps counted
 * from 0 instead of the range's start, a window counted in wall-clock rather than elapsed minutes).
 */
class CronSchedulePropertyTest {

    private static final List<String> ZONES = List.of("UTC", "Europe/Paris", "America/New_York",
            "Australia/Sydney", "Asia/Kolkata", "America/Santiago", "Pacific/Chatham");

    @Provide
    Arbitrary<LocalDateTime> times() {
        return Arbitraries.longs().between(0, 366L * 24 * 60 * 3)
                .map(m -> LocalDateTime.of(2025, 1, 1, 0, 0).plusMinutes(m));
    }

    @Provide
    Arbitrary<String> zones() {
        return Arbitraries.of(ZONES);
    }

    @Property
    void aSingleMinuteAndHourMatchExactlyThoseOnAnyDay(@ForAll("times") LocalDateTime t,
            @ForAll @IntRange(max = 59) int minute, @ForAll @IntRange(max = 23) int hour) {
        CronSchedule cron = CronSchedule.parse("cron", minute + " " + hour + " * * *");

        assertEquals(t.getMinute() == minute && t.getHour() == hour, cron.matches(t));
    }

    @Property
    void aRangeWithAStepMatchesFromItsStartEveryStepUpToItsEnd(@ForAll("times") LocalDateTime t,
            @ForAll @IntRange(max = 59) int a, @ForAll @IntRange(max = 59) int b, @ForAll @IntRange(min = 1, max = 60) int n) {
        Assume.that(a <= b);
        CronSchedule cron = CronSchedule.parse("cron", a + "-" + b + "/" + n + " * * * *");

        int x = t.getMinute();
        assertEquals(x >= a && x <= b && (x - a) % n == 0, cron.matches(t));
    }

    @Property
    void aListMatchesWhatAnyOfItsItemsMatches(@ForAll("times") LocalDateTime t, @ForAll @IntRange(max = 23) int h1,
            @ForAll @IntRange(max = 23) int h2, @ForAll @IntRange(min = 1, max = 12) int month) {
        CronSchedule list = CronSchedule.parse("cron", "* " + h1 + "," + h2 + " * " + month + " *");
        CronSchedule first = CronSchedule.parse("cron", "* " + h1 + " * " + month + " *");
        CronSchedule second = CronSchedule.parse("cron", "* " + h2 + " * " + month + " *");

        assertEquals(first.matches(t) || second.matches(t), list.matches(t));
    }

    @Property
    void namesMeanTheirNumbersAndSundayIsZeroAndSeven(@ForAll("times") LocalDateTime t) {
        assertEquals(CronSchedule.parse("c", "0 9 * * 1-5").matches(t), CronSchedule.parse("c", "0 9 * * MON-FRI").matches(t));
        assertEquals(CronSchedule.parse("c", "0 9 * * 0").matches(t), CronSchedule.parse("c", "0 9 * * 7").matches(t));
        assertEquals(CronSchedule.parse("c", "0 9 * * 0").matches(t), CronSchedule.parse("c", "0 9 * * sun").matches(t));
        assertEquals(CronSchedule.parse("c", "* * * 3,10 *").matches(t), CronSchedule.parse("c", "* * * MAR,OCT *").matches(t));
        boolean weekday = t.getDayOfWeek().getValue() <= 5;
        assertEquals(weekday && t.getHour() == 9 && t.getMinute() == 0,
                CronSchedule.parse("c", "0 9 * * MON-FRI").matches(t));
    }

    /** crontab(5): with both day fields restricted, a day matching either counts. */
    @Property
    void twoRestrictedDayFieldsMatchEither(@ForAll("times") LocalDateTime t) {
        boolean either = t.getDayOfMonth() == 13 || t.getDayOfWeek().getValue() == 5;
        assertEquals(either && t.getHour() == 0 && t.getMinute() == 0, CronSchedule.parse("c", "0 0 13 * FRI").matches(t));
    }

    /**
     * A window lasts its duration in elapsed time from each occurrence, whatever daylight-saving does in
     * between: open at the occurrence and a minute before its end, closed at its end.
     */
    @Property
    void aDailyWindowIsOpenForItsDurationOfRealTimeFromEachOccurrence(@ForAll("zones") String zone,
            @ForAll @IntRange(min = 0, max = 364) int day, @ForAll @IntRange(max = 23) int hour,
            @ForAll @IntRange(max = 59) int minute, @ForAll @IntRange(min = 1, max = 600) int duration) {
        ZoneId z = ZoneId.of(zone);
        LocalDateTime local = LocalDate.of(2026, 1, 1).plusDays(day).atTime(hour, minute);
        Assume.that(z.getRules().getValidOffsets(local).size() == 1); // repeated times: the next property
        Instant occurrence = ZonedDateTime.of(local, z).toInstant();
        ScheduleWindow w = ScheduleWindow.of("w", minute + " " + hour + " * * *", zone, duration, 5, null);

        assertEquals(Optional.of(occurrence), w.openedAt(occurrence));
        assertEquals(Optional.of(occurrence), w.openedAt(occurrence.plus(Duration.ofMinutes(duration)).minusSeconds(1)));
        Instant end = occurrence.plus(Duration.ofMinutes(duration));
        Optional<Instant> atEnd = w.openedAt(end);
        // At the end it is closed, unless the next day's occurrence opened it again (only when the duration
        // reaches that far, as across a daylight-saving change a day is 23 or 25 hours).
        assertTrue(atEnd.isEmpty() || atEnd.get().isAfter(occurrence), "closed at " + end);
    }

    @Property
    void aWallClockTimeTheClocksSkipDoesNotOpenTheWindowThatDay(@ForAll("zones") String zone,
            @ForAll @IntRange(min = 0, max = 364) int day) {
        ZoneId z = ZoneId.of(zone);
        LocalDate date = LocalDate.of(2026, 1, 1).plusDays(day);
        var transition = z.getRules().nextTransition(date.atStartOfDay(z).toInstant());
        Assume.that(transition != null && transition.isGap());
        LocalDateTime skipped = transition.getDateTimeBefore().plusMinutes(1); // inside the gap
        ScheduleWindow w = ScheduleWindow.of("gap", skipped.getMinute() + " " + skipped.getHour() + " "
                + skipped.getDayOfMonth() + " " + skipped.getMonthValue() + " *", zone, 1, 5, null);

        Instant from = transition.getInstant().minus(Duration.ofHours(3));
        for (int m = 0; m < 6 * 60; m++) {
            assertFalse(w.isOpen(from.plus(Duration.ofMinutes(m))), "open at " + from.plus(Duration.ofMinutes(m)));
        }
    }

    @Property
    void aWallClockTimeTheClocksRepeatOpensTheWindowTwice(@ForAll("zones") String zone,
            @ForAll @IntRange(min = 0, max = 364) int day) {
        ZoneId z = ZoneId.of(zone);
        LocalDate date = LocalDate.of(2026, 1, 1).plusDays(day);
        var transition = z.getRules().nextTransition(date.atStartOfDay(z).toInstant());
        Assume.that(transition != null && transition.isOverlap());
        LocalDateTime repeated = transition.getDateTimeAfter().plusMinutes(1); // occurs twice
        ScheduleWindow w = ScheduleWindow.of("twice", repeated.getMinute() + " " + repeated.getHour() + " "
                + repeated.getDayOfMonth() + " " + repeated.getMonthValue() + " *", zone, 1, 5, null);

        Instant from = transition.getInstant().minus(Duration.ofHours(3));
        int opened = 0;
        for (int m = 0; m < 6 * 60; m++) {
            opened += w.isOpen(from.plus(Duration.ofMinutes(m))) ? 1 : 0;
        }
        assertEquals(2, opened);
    }

    @Example
    void theNineOClockSurgeWindowFollowsParisSummerTime() {
        ScheduleWindow w = ScheduleWindow.of("morning", "50 8 * * MON-FRI", "Europe/Paris", 70, 12, null);

        // Friday 27 March 2026: 08:50 Paris is 07:50 UTC; Monday 30 March (summer time): 06:50 UTC.
        assertTrue(w.isOpen(Instant.parse("2026-03-27T07:50:00Z")));
        assertFalse(w.isOpen(Instant.parse("2026-03-27T07:49:59Z")));
        assertTrue(w.isOpen(Instant.parse("2026-03-30T06:50:00Z")));
        assertTrue(w.isOpen(Instant.parse("2026-03-30T07:59:59Z")));
        assertFalse(w.isOpen(Instant.parse("2026-03-30T08:00:00Z")));
        assertFalse(w.isOpen(Instant.parse("2026-03-28T07:50:00Z"))); // Saturday
    }

    @Property
    void anyOtherTextIsInvalidInputNamingTheField(@ForAll @StringLength(max = 30) String text) {
        Optional<CronSchedule> parsed;
        try {
            parsed = Optional.of(CronSchedule.parse("policy.schedules[0].cron", text));
        } catch (InvalidInput e) {
            assertEquals("policy.schedules[0].cron", e.field());
            return;
        }
        // What parses has five fields, each a cron field.
        assertEquals(5, text.trim().split("\\s+").length, parsed.get().text());
    }

    @Example
    void badExpressionsSayWhatIsWrong() {
        assertEquals("is not a valid cron expression: in the hour field of '0 24 * * *', 24 is outside 0-23 (5 fields:"
                + " minute hour day-of-month month day-of-week; *, numbers, a-b ranges, /n steps, comma lists, JAN-DEC,"
                + " SUN-SAT)", assertThrows(InvalidInput.class, () -> CronSchedule.parse("cron", "0 24 * * *")).problem());
        assertTrue(assertThrows(InvalidInput.class, () -> CronSchedule.parse("cron", "0 9 * *")).problem()
                .startsWith("must have 5 fields"));
        assertTrue(assertThrows(InvalidInput.class, () -> CronSchedule.parse("cron", "0 9 * * MON-XYZ")).problem()
                .contains("'XYZ' is not a number or a name (SUN-SAT)"));
        assertTrue(assertThrows(InvalidInput.class, () -> CronSchedule.parse("cron", "30-10 * * * *")).problem()
                .contains("runs backwards"));
        assertTrue(assertThrows(InvalidInput.class, () -> CronSchedule.parse("cron", "*/0 * * * *")).problem()
                .contains("0 is outside 1-60"));
    }

    @Example
    void aWindowAtNineOClockLocalAlsoOpensInZonesWithoutSummerTime() {
        ScheduleWindow w = ScheduleWindow.of("w", "0 9 * * *", "Asia/Kolkata", 30, 3, null);
        assertTrue(w.isOpen(ZonedDateTime.of(LocalDate.of(2026, 7, 1), LocalTime.of(9, 29), ZoneId.of("Asia/Kolkata"))
                .toInstant()));
    }
}
