package dev.sfautoscaler.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sfautoscaler.wire.WireObject;

/** A scenario, trace or policy file that cannot be used; the message names the file and field. */
public final class ScenarioException extends RuntimeException {

    ScenarioException(String message) {
        super(message);
    }

    ScenarioException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * An object of a file read with the functions' wire reader, its errors naming the file and the
     * field: {@code scenarios/bench/steady.json: plant.bootSeconds must not be negative; got -1}.
     *
     * @param path the object's path in the file; empty for the top level
     */
    static WireObject object(JsonNode node, String file, String path) {
        return WireObject.of(node, path, (field, problem) -> new ScenarioException(
                field.isEmpty() ? file + ": " + problem : file + ": " + field + " " + problem));
    }
}
