package dev.sfautoscaler.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfautoscaler.core.GuardBounds;
import dev.sfautoscaler.core.GuardBounds.Range;
import dev.sfautoscaler.core.Validation;
import dev.sfautoscaler.core.error.InvalidInput;
import dev.sfautoscaler.core.port.GuardBoundsStore;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads {@code AUTOSCALER_GUARD_BOUNDS}: {@code state-table} (Terraform's: each fleet's bounds are
 * the state table's {@code guard#<target id>} item, looked up when the fleet is checked), or the
 * bounds themselves, {@code {"sfr-...": {"min": 1, "max": 20}, ...}} (local runs, small hand-made
 * deployments; Lambda's 4 KB of environment hold about 55 spot fleets). A value that cannot be read
 * does not stop the function from starting: it becomes bounds that refuse every modify and say what
 * is wrong (the deployment, not the caller, must fix it).
 */
final class GuardBoundsVariable {

    private GuardBoundsVariable() {
    }

    /** The JSON form only (no state table). */
    static GuardBounds read(Optional<String> value, ObjectMapper json) {
        return read(value, json, Optional::empty);
    }

    /**
     * @param stateTable the state table ({@code AUTOSCALER_STATE_TABLE}), asked for only when the value
     *                   is {@code state-table}; empty when none is configured
     */
    static GuardBounds read(Optional<String> value, ObjectMapper json, Supplier<Optional<GuardBoundsStore>> stateTable) {
        if (value.isEmpty() || value.get().isBlank()) {
            return GuardBounds.unset();
        }
        if (value.get().trim().equals(GuardBounds.IN_STATE_TABLE)) {
            return stateTable.get().map(GuardBounds::stored).orElseGet(() -> GuardBounds.misconfigured(
                    GuardBounds.VARIABLE + " is '" + GuardBounds.IN_STATE_TABLE + "' but AUTOSCALER_STATE_TABLE is not"
                            + " set: set it to the deployment's state table, which holds the guard items"));
        }
        JsonNode root;
        try {
            root = json.readTree(value.get());
        } catch (JsonProcessingException e) {
            return GuardBounds.misconfigured(GuardBounds.VARIABLE + " is not JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            return GuardBounds.misconfigured(GuardBounds.VARIABLE + " is not a JSON object");
        }
        Map<String, Range> bounds = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> fleet = it.next();
            String problem = problem(fleet.getKey(), fleet.getValue());
            if (problem != null) {
                return GuardBounds.misconfigured(GuardBounds.VARIABLE + ": " + problem);
            }
            bounds.put(fleet.getKey(), new Range(fleet.getValue().get("min").intValue(),
                    fleet.getValue().get("max").intValue()));
        }
        return GuardBounds.of(bounds);
    }

    private static String problem(String fleetId, JsonNode range) {
        try {
            Validation.requireTargetId("fleet", fleetId);
        } catch (InvalidInput e) {
            return "the key '" + fleetId + "' is not a target id (a spot fleet request id, an EC2 Fleet id or an"
                    + " Auto Scaling group name)";
        }
        if (!range.isObject()) {
            return "the bounds of " + fleetId + " are not an object with min and max";
        }
        for (Iterator<String> names = range.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!Set.of("min", "max").contains(name)) {
                return "the bounds of " + fleetId + " have an unknown field '" + name + "' (only min and max)";
            }
        }
        for (String name : new String[] {"min", "max"}) {
            JsonNode v = range.get(name);
            if (v == null || !v.canConvertToInt() || !v.isIntegralNumber() || v.intValue() < 0) {
                return "the " + name + " of " + fleetId + " is " + (v == null ? "missing" : v.toString())
                        + ", not a whole number >= 0";
            }
        }
        if (range.get("min").intValue() > range.get("max").intValue()) {
            return "the min of " + fleetId + " (" + range.get("min") + ") is above its max (" + range.get("max") + ")";
        }
        return null;
    }
}
