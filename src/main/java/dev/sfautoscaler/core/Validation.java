package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.InvalidInput;
import java.util.regex.Pattern;

/** Field checks shared by the core records; each failure names the field. */
public final class Validation {

    /**
     * A spot fleet request id: {@code sfr-} and a lowercase UUID, as EC2 issues them, or 17 lowercase
     * hex digits, the form of EC2's other resource ids that the emulator (moto) issues. Keep in step
     * with {@code wire.WireType.FLEET_ID_PATTERN}, the JSON Schemas' copy.
     */
    private static final Pattern FLEET_ID = Pattern.compile(
            "sfr-(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{17})");

    /** The most characters of a value an error message repeats; a longer value is cut ({@link #excerpt}). */
    public static final int ECHO_LIMIT = 200;

    private Validation() {
    }

    public static String requireFleetId(String field, String fleetId) {
        if (fleetId == null || fleetId.isBlank()) {
            throw new InvalidInput(field, "is required (a spot fleet request id such as " + EXAMPLE_FLEET_ID + ")");
        }
        if (!FLEET_ID.matcher(fleetId).matches()) {
            throw new InvalidInput(field, "must be a spot fleet request id such as " + EXAMPLE_FLEET_ID
                    + " (sfr- and a lowercase UUID); got '" + excerpt(fleetId) + "'");
        }
        return fleetId;
    }

    /**
     * The id of a target of any kind ({@link TargetKind}): where the kind is not known, as in a
     * notification or the deployment's guard bounds, which key targets by id alone.
     */
    public static String requireTargetId(String field, String id) {
        if (id == null || id.isBlank()) {
            throw new InvalidInput(field, "is required (a spot fleet request id, an EC2 Fleet id or an Auto Scaling"
                    + " group name)");
        }
        for (TargetKind kind : TargetKind.values()) {
            if (id.matches(kind.idPattern())) {
                return id;
            }
        }
        return TargetKind.AUTO_SCALING_GROUP.requireId(field, id);
    }

    static final String EXAMPLE_FLEET_ID = "sfr-0123abcd-4567-89ef-0123-456789abcdef";

    /**
     * A value as an error message may repeat it: whole up to {@link #ECHO_LIMIT} characters, else its
     * start, an ellipsis and its length. A message must not grow with its input (a 1 MB field must not
     * make a 1 MB error).
     */
    public static String excerpt(String value) {
        if (value == null || value.length() <= ECHO_LIMIT) {
            return value;
        }
        return value.substring(0, ECHO_LIMIT) + "... (" + value.length() + " characters)";
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
