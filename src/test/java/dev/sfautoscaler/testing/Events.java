package dev.sfautoscaler.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads the shared event and input JSON from {@code src/test/resources/events/}. */
public final class Events {

    private Events() {
    }

    /** The text of {@code events/<name>}. */
    public static String load(String name) {
        try (InputStream in = Events.class.getClassLoader().getResourceAsStream("events/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test event events/" + name + " on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
