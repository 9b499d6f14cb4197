package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.InvalidInput;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * A scheduled capacity window, the equivalent of a scheduled action: from each occurrence of
 * {@code cron} on the wall clock of {@code timeZone}, for {@code durationMinutes}, the fleet's bounds
 * are at least {@code minCapacity} and at most {@code maxCapacity} (each optional, at least one given).
 *
 * <p>An occurrence is a wall-clock minute that the cron expression matches. Across a daylight-saving
 * change, a wall-clock time the clocks skip does not occur that day (a window at 02:30 in a zone that
 * jumps from 02:00 to 03:00 does not open), and one they repeat occurs twice (each opens the window).
 * The errors name the fields as {@code cron}, {@code timeZone}, ...; the policy qualifies them
 * ({@code policy.schedules[0].cron}).
 *
 * @param name            what the decision's sentence calls the window
 * @param cron            when it opens
 * @param timeZone        whose wall clock the cron expression reads (IANA, e.g. {@code Europe/Paris})
 * @param durationMinutes how long it stays open after each occurrence
 * @param minCapacity     the fleet's minimum while open
 * @param maxCapacity     the fleet's maximum while open
 */
public record ScheduleWindow(String name, CronSchedule cron, ZoneId timeZone, int durationMinutes,
        Optional<Integer> minCapacity, Optional<Integer> maxCapacity) {

    /** The longest window: 31 days. */
    public static final int MAX_DURATION_MINUTES = 31 * 24 * 60;

    public ScheduleWindow {
        Validation.requireText("name", name);
        if (cron == null) {
            throw new InvalidInput("cron", "is required: a cron expression of 5 fields");
        }
        if (timeZone == null) {
            throw new InvalidInput("timeZone", "is required: an IANA time zone such as Europe/Paris or UTC");
        }
        if (durationMinutes <= 0 || durationMinutes > MAX_DURATION_MINUTES) {
            throw new InvalidInput("durationMinutes", "must be from 1 to " + MAX_DURATION_MINUTES + " (31 days); got "
                    + durationMinutes);
        }
        minCapacity = minCapacity == null ? Optional.empty() : minCapacity;
        maxCapacity = maxCapacity == null ? Optional.empty() : maxCapacity;
        if (minCapacity.isEmpty() && maxCapacity.isEmpty()) {
            throw new InvalidInput("minCapacity", "or maxCapacity is required: a window sets the fleet's minimum,"
                    + " its maximum, or both while it is open");
        }
        minCapacity.ifPresent(v -> Validation.requireNonNegative("minCapacity", v));
        maxCapacity.ifPresent(v -> Validation.requireNonNegative("maxCapacity", v));
        if (minCapacity.isPresent() && maxCapacity.isPresent() && minCapacity.get() > maxCapacity.get()) {
            throw new InvalidInput("minCapacity", "must not exceed maxCapacity (" + minCapacity.get() + " > "
                    + maxCapacity.get() + ")");
        }
    }

    /** A window from its texts: the cron expression and zone are parsed here, errors naming their fields. */
    public static ScheduleWindow of(String name, String cron, String timeZone, int durationMinutes, Integer minCapacity,
            Integer maxCapacity) {
        return new ScheduleWindow(name, CronSchedule.parse("cron", cron), zone(timeZone), durationMinutes,
                Optional.ofNullable(minCapacity), Optional.ofNullable(maxCapacity));
    }

    /** An IANA zone id; an unknown one is an {@link InvalidInput} naming {@code timeZone}. */
    public static ZoneId zone(String id) {
        if (id == null || id.isBlank()) {
            throw new InvalidInput("timeZone", "is required: an IANA time zone such as Europe/Paris or UTC");
        }
        try {
            return ZoneId.of(id.trim());
        } catch (DateTimeException e) {
            throw new InvalidInput("timeZone", "must be an IANA time zone such as Europe/Paris or UTC; got '"
                    + Validation.excerpt(id) + "'");
        }
    }

    /**
     * The occurrence whose window contains {@code now}: the latest instant at or before it, within the
     * last {@code durationMinutes}, whose wall-clock minute the cron expression matches; empty when the
     * window is closed.
     */
    public Optional<Instant> openedAt(Instant now) {
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        for (int back = 0; back < durationMinutes; back++) {
            Instant t = minute.minus(Duration.ofMinutes(back));
            if (cron.matches(LocalDateTime.ofInstant(t, timeZone))) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public boolean isOpen(Instant now) {
        return openedAt(now).isPresent();
    }

    /** "window 'morning' (50 8 * * MON-FRI in Europe/Paris, 120 min)": how a sentence names it. */
    public String describe() {
        return "window '" + name + "' (" + cron.text() + " in " + timeZone.getId() + ", " + durationMinutes + " min)";
    }
}
