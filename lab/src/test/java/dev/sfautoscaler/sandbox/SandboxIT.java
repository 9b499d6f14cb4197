package dev.sfautoscaler.sandbox;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.sfautoscaler.sandbox.SandboxRun.Change;
import dev.sfautoscaler.sandbox.SandboxRun.ExecutionRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * A short sandbox run, as {@code make sandbox} runs it (the packaged functions in their own
 * processes, moto, the real state machine), on a workload of a few simulated minutes: a quiet
 * minute, a five-minute surge, quiet again. What a newcomer should see must happen: the fleet
 * scales out during the surge and back in after it, every execution succeeds, and a notification
 * arrives for each change.
 *
 * <p>Runs in the integration-test phase, after {@code target/function.zip} is built and AWS's
 * Lambda runtime client copied.
 */
class SandboxIT {

    private static final Path SCENARIO = Path.of("scenarios", "sandbox", "short-surge.json");
    private static final double SURGE_START = 60;
    private static final double SURGE_END = 360;

    @Test
    void theFleetScalesOutDuringTheSurgeAndBackInAfterItAndEveryChangeIsNotified() throws IOException {
        assumeFalse(nativeZip(), "target/function.zip holds a native binary; the sandbox runs the JVM build");
        Sandbox.Options options = Sandbox.Options.defaults(SCENARIO).withOutDir(Path.of("target", "sandbox-it"));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        SandboxRun run;
        try (PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8)) {
            run = new Sandbox(options, out).run();
        }
        String transcript = console.toString(StandardCharsets.UTF_8);

        assertThat(transcript, run.problems(SURGE_START, SURGE_END), is(empty()));
        Change first = run.changes().get(0);
        assertThat(transcript, first.action(), is("scale-out"));
        assertThat(transcript, run.peakTarget(), greaterThan(2));
        Change last = run.changes().get(run.changes().size() - 1);
        assertThat(transcript, last.action(), is("scale-in"));
        assertThat(transcript, last.to(), is(1));
        assertThat(transcript, run.samples().get(run.samples().size() - 1).target(), is(1));
        assertThat(transcript, run.executions().stream().map(ExecutionRecord::status).toList(),
                everyItem(is("SUCCEEDED")));
        assertThat(transcript, run.notifications().size(), is(run.changes().size()));
        assertThat(transcript, Files.readString(Path.of(run.chartFile())), org.hamcrest.Matchers.startsWith("<svg"));
    }

    private static boolean nativeZip() throws IOException {
        try (ZipFile zip = new ZipFile("target/function.zip")) {
            return zip.getEntry("bootstrap") != null && zip.stream().noneMatch(e -> e.getName().startsWith("lib/"));
        }
    }
}
