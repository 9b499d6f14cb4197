package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.InvalidInput;
import java.time.LocalDateTime;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * A five-field cron expression, {@code minute hour day-of-month month day-of-week}, as crontab(5)
 * reads it: each field {@code *}, a number, a range {@code a-b}, a step {@code * / n} or
 * {@code a-b/n} (without the spaces), or a comma-separated list of these; months also by name
 * ({@code JAN}-{@code DEC}), days of the week by name ({@code SUN}-{@code SAT}, or {@code MON-FRI})
 * or number (0 and 7 are Sunday). When both day fields are restricted a day matching either counts,
 * as in crontab.
 *
 * <p>It matches wall-clock minutes ({@link LocalDateTime}); which zone's wall clock is the caller's
 * business ({@link ScheduleWindow}). Two schedules are equal when their texts are.
 */
public final class CronSchedule {

    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG",
            "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean anyDayOfMonth;
    private final boolean anyDayOfWeek;

    private CronSchedule(String text, BitSet minutes, BitSet hours, BitSet daysOfMonth, BitSet months,
            BitSet daysOfWeek, boolean anyDayOfMonth, boolean anyDayOfWeek) {
        this.text = text;
        this.minutes = minutes;
        this.hours = hours;
        this.daysOfMonth = daysOfMonth;
        this.months = months;
        this.daysOfWeek = daysOfWeek;
        this.anyDayOfMonth = anyDayOfMonth;
        this.anyDayOfWeek = anyDayOfWeek;
    }

    /** The expression as given (trimmed). */
    public String text() {
        return text;
    }

    /**
     * Parses {@code text}; a malformed expression is an {@link InvalidInput} naming {@code field} and
     * what is wrong with it.
     */
    public static CronSchedule parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInput(field, "is required: a cron expression of 5 fields, minute hour day-of-month"
                    + " month day-of-week (e.g. '50 8 * * MON-FRI')");
        }
        String[] parts = text.trim().split("\\s+");
        if (parts.length != 5) {
            throw new InvalidInput(field, "must have 5 fields (minute hour day-of-month month day-of-week); got "
                    + parts.length + " in '" + Validation.excerpt(text) + "'");
        }
        BitSet minute = parseField(field, text, "minute", parts[0], 0, 59, List.of(), 0);
        BitSet hour = parseField(field, text, "hour", parts[1], 0, 23, List.of(), 0);
        BitSet dom = parseField(field, text, "day-of-month", parts[2], 1, 31, List.of(), 0);
        BitSet month = parseField(field, text, "month", parts[3], 1, 12, MONTHS, 1);
        BitSet dow = parseField(field, text, "day-of-week", parts[4], 0, 7, DAYS, 0);
        if (dow.get(7)) {
            dow.set(0);
            dow.clear(7);
        }
        return new CronSchedule(text.trim(), minute, hour, dom, month, dow, parts[2].equals("*"),
                parts[4].equals("*"));
    }

    /** Whether the expression fires at this wall-clock minute (seconds ignored). */
    public boolean matches(LocalDateTime t) {
        if (!minutes.get(t.getMinute()) || !hours.get(t.getHour()) || !months.get(t.getMonthValue())) {
            return false;
        }
        boolean dom = daysOfMonth.get(t.getDayOfMonth());
        boolean dow = daysOfWeek.get(t.getDayOfWeek().getValue() % 7);
        if (anyDayOfMonth || anyDayOfWeek) {
            return dom && dow;
        }
        return dom || dow;
    }

    private static BitSet parseField(String field, String text, String what, String part, int min, int max,
            List<String> names, int firstName) {
        BitSet set = new BitSet(max + 1);
        for (String item : part.split(",", -1)) {
            String range = item;
            int step = 1;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                range = item.substring(0, slash);
                step = number(field, text, what, item.substring(slash + 1), 1, max - min + 1, List.of(), 0);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max == 7 ? 6 : max;
            } else {
                int dash = range.indexOf('-', 1);
                from = number(field, text, what, dash < 0 ? range : range.substring(0, dash), min, max, names,
                        firstName);
                to = dash < 0 ? (slash >= 0 ? (max == 7 ? 6 : max) : from)
                        : number(field, text, what, range.substring(dash + 1), min, max, names, firstName);
                if (to < from) {
                    throw bad(field, text, what, "range '" + range + "' runs backwards");
                }
            }
            for (int v = from; v <= to; v += step) {
                set.set(v);
            }
        }
        return set;
    }

    private static int number(String field, String text, String what, String token, int min, int max,
            List<String> names, int firstName) {
        int named = names.indexOf(token.toUpperCase(Locale.ROOT));
        if (named >= 0) {
            return named + firstName;
        }
        if (token.isEmpty() || token.length() > 4 || !token.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw bad(field, text, what, "'" + Validation.excerpt(token) + "' is not "
                    + (names.isEmpty() ? "a number" : "a number or a name (" + names.get(0) + "-"
                            + names.get(names.size() - 1) + ")"));
        }
        int v = Integer.parseInt(token);
        if (v < min || v > max) {
            throw bad(field, text, what, v + " is outside " + min + "-" + max);
        }
        return v;
    }

    private static InvalidInput bad(String field, String text, String what, String problem) {
        return new InvalidInput(field, "is not a valid cron expression: in the " + what + " field of '"
                + Validation.excerpt(text) + "', " + problem + " (5 fields: minute hour day-of-month month"
                + " day-of-week; *, numbers, a-b ranges, /n steps, comma lists, JAN-DEC, SUN-SAT)");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CronSchedule c && c.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
