package dev.sfautoscaler.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads the event JSON shared by the Java tests and the state machine tests (in the manner of
 * powertools' {@code EventLoader}): real EventBridge events from {@code testkit/src/main/resources/events/}
 * ("CloudWatch Alarm State Change" as {@code cloudwatch-alarm-*.json}, the schedule rule's
 * "Scheduled Event" as {@code scheduled-event.json}), and the manual execution inputs a person
 * copies from {@code statemachine/examples/}. It is the only loader of these files.
 *
 * <pre>{@code
 * ObjectNode event = EventFixtures.object("cloudwatch-alarm-scale-out-alarm.json");
 * ObjectNode input = EventFixtures.example("scale-now.json");
 * }</pre>
 */
public final class EventFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventFixtures() {
    }

    /** The text of {@code events/<name>} on the class path (the test kit jar). */
    public static String text(String name) {
        String resource = "events/" + name;
        try (InputStream in = EventFixtures.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test event " + resource + " on the class path (testkit/src/main/resources/events/)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** {@code events/<name>} as a fresh JSON object that a test may change. */
    public static ObjectNode object(String name) {
        return parse(text(name), name);
    }

    /** {@code statemachine/examples/<name>}: a ready-to-use manual execution input. */
    public static ObjectNode example(String name) {
        Path file = Path.of("statemachine", "examples", name);
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
    }

    private static ObjectNode parse(String json, String source) {
        try {
            JsonNode node = JSON.readTree(json);
            if (!(node instanceof ObjectNode object)) {
                throw new IllegalArgumentException(source + " is not a JSON object");
            }
            return object;
        } catch (IOException e) {
            throw new UncheckedIOException(source + " is not valid JSON", e);
        }
    }
}
