package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.InvalidInput;
import java.util.regex.Pattern;

/**
 * What the autoscaler scales: a Spot Fleet request, an EC2 Fleet or an EC2 Auto Scaling group. Each
 * kind has its own id grammar and its own API ({@code port.FleetGateway} adapters, chosen by kind).
 */
public enum TargetKind {
    /** A {@code maintain} spot fleet request: {@code sfr-} and a lowercase UUID. */
    SPOT_FLEET("spot-fleet", "a spot fleet request id such as sfr-0123abcd-4567-89ef-0123-456789abcdef"
            + " (sfr- and a lowercase UUID)",
            Pattern.compile("sfr-(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{17})")),
    /** A {@code maintain} EC2 Fleet: {@code fleet-} and a lowercase UUID. */
    EC2_FLEET("ec2-fleet", "an EC2 Fleet id such as fleet-0123abcd-4567-89ef-0123-456789abcdef"
            + " (fleet- and a lowercase UUID)",
            Pattern.compile("fleet-(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{17})")),
    /** An EC2 Auto Scaling group, by its name: 1 to 255 characters, no control characters but tab and newline. */
    AUTO_SCALING_GROUP("auto-scaling-group", "an Auto Scaling group name (1 to 255 characters)",
            Pattern.compile("[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]{1,255}"));

    private final String wireName;
    private final String what;
    private final Pattern id;

    TargetKind(String wireName, String what, Pattern id) {
        this.wireName = wireName;
        this.what = what;
        this.id = id;
    }

    public String wireName() {
        return wireName;
    }

    /**
     * What people call this kind in a sentence: {@code Spot Fleet}, {@code EC2 Fleet},
     * {@code Auto Scaling group} (notifications, summaries: "Auto Scaling group workers scaled out 2 -> 5.").
     */
    public String word() {
        return switch (this) {
            case SPOT_FLEET -> "Spot Fleet";
            case EC2_FLEET -> "EC2 Fleet";
            case AUTO_SCALING_GROUP -> "Auto Scaling group";
        };
    }

    /** The id pattern, matched against the whole id; the JSON Schemas publish it anchored. */
    public String idPattern() {
        return id.pattern();
    }

    /** The id, or an {@link InvalidInput} naming {@code field} that says what this kind's id looks like. */
    public String requireId(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInput(field, "is required (" + what + ")");
        }
        if (!id.matcher(value).matches()) {
            throw new InvalidInput(field, "must be " + what + " for a " + wireName + " target; got '"
                    + Validation.excerpt(value) + "'");
        }
        return value;
    }

    /** The kind with this wire name, or {@code null}. */
    public static TargetKind fromWireOrNull(String name) {
        for (TargetKind k : values()) {
            if (k.wireName.equals(name)) {
                return k;
            }
        }
        return null;
    }
}
