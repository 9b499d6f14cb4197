package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.InvalidInput;
import java.util.regex.Pattern;

/** Field checks shared by the core records; each failure names the field. */
public final class Validation {

    private static final Pattern FLEET_ID = Pattern.compile("sfr-[0-9a-fA-F-]{1,64}");

    private Validation() {
    }

    public static String requireFleetId(String field, String fleetId) {
        if (fleetId == null || fleetId.isBlank()) {
            throw new InvalidInput(field, "is required (a spot fleet request id such as sfr-0123abcd)");
        }
        if (!FLEET_ID.matcher(fleetId).matches()) {
            throw new InvalidInput(field, "must be a spot fleet request id such as sfr-0123abcd; got '" + fleetId + "'");
        }
        return fleetId;
    }

    public static void requireNonNegative(String field, long value) {
        if (value < 0) {
            throw new InvalidInput(field, "must not be negative; got " + value);
        }
    }

    public static void requireNonNegative(String field, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new InvalidInput(field, "must be a non-negative number; got " + value);
        }
    }

    public static void requirePositive(String field, long value) {
        if (value <= 0) {
            throw new InvalidInput(field, "must be greater than 0; got " + value);
        }
    }

    public static String requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInput(field, "is required");
        }
        return value;
    }
}
