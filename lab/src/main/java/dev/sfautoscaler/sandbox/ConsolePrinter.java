package dev.sfautoscaler.sandbox;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What the person sees: lines printed as they come, and events (an alarm's transition, a decision,
 * a change, a notification) held back until the line of the minute they happened in is printed, then
 * printed under it in time order. Everything printed is kept for {@code sandbox-output.txt}.
 *
 * <p>Thread-safe: the invoke server's threads report events while the event loop prints.
 */
final class ConsolePrinter {

    private record Event(double at, String line) {
    }

    private final PrintStream console;
    private final StringBuilder transcript = new StringBuilder();
    private final List<Event> events = new ArrayList<>();

    ConsolePrinter(PrintStream console) {
        this.console = console;
    }

    synchronized void print(String line) {
        console.println(line);
        console.flush();
        transcript.append(line).append('\n');
    }

    /** Something that happened at simulated second {@code at}, printed by a later {@link #flushEvents}. */
    void event(double at, String text) {
        synchronized (events) {
            events.add(new Event(at, String.format(Locale.ROOT, "%5s   %s", TimeScale.clock(at), text)));
        }
    }

    /** Prints, oldest first, what happened before simulated second {@code before}. */
    void flushEvents(double before) {
        List<Event> due = new ArrayList<>();
        synchronized (events) {
            for (var it = events.iterator(); it.hasNext();) {
                Event e = it.next();
                if (e.at() < before) {
                    due.add(e);
                    it.remove();
                }
            }
        }
        due.sort(Comparator.comparingDouble(Event::at));
        due.forEach(e -> print(e.line()));
    }

    /** Prints every event still held back. */
    void flushEvents() {
        flushEvents(Double.POSITIVE_INFINITY);
    }

    /** Writes everything printed so far to {@code file}; a failure is one more printed line. */
    void writeTranscript(Path file) {
        String text;
        synchronized (this) {
            text = transcript.toString();
        }
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            print("(could not write " + file + ": " + e.getMessage() + ")");
        }
    }
}
