package dev.sfautoscaler.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What happened in a minute is printed under that minute's line, oldest first, whatever order it was reported in. */
class ConsolePrinterTest {

    @TempDir
    Path dir;

    @Test
    void eventsWaitForTheirMinutesLineAndPrintInTimeOrder() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsolePrinter console = new ConsolePrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        console.event(75, "modify   second");
        console.event(64, "decide   first");
        console.event(30, "alarm    in the first minute");
        console.flushEvents(60);
        console.print(" 1:00  minute line");
        console.flushEvents(120);
        console.print(" 2:00  minute line");
        console.flushEvents();
        console.writeTranscript(dir.resolve("out.txt"));

        List<String> expected = List.of(
                " 0:30   alarm    in the first minute",
                " 1:00  minute line",
                " 1:04   decide   first",
                " 1:15   modify   second",
                " 2:00  minute line");
        assertEquals(expected, bytes.toString(StandardCharsets.UTF_8).lines().toList());
        assertEquals(expected, Files.readAllLines(dir.resolve("out.txt"), StandardCharsets.UTF_8));
    }
}
