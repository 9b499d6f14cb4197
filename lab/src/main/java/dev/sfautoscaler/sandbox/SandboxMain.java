package dev.sfautoscaler.sandbox;

import dev.sfautoscaler.core.TargetKind;
import dev.sfautoscaler.sim.ScenarioException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lab sandbox} ({@code make sandbox}): the whole loop on the AWS emulator. Problems a person
 * can fix are one sentence on stderr and exit code 2; an interrupted run (Ctrl-C) stops everything it
 * started.
 */
@Command(name = "sandbox", sortOptions = false,
        description = {"Runs the autoscaler end to end on this machine, no AWS account: the real state machine in the "
                + "AWS emulator (moto), the four packaged functions, alarms and the schedule, while a workload fills "
                + "and drains a queue. See docs/sandbox/README.md."})
public final class SandboxMain implements Callable<Integer> {

    static final Path SANDBOX_SCENARIOS = Path.of("scenarios", "sandbox");
    static final Path BENCH_SCENARIOS = Path.of("scenarios", "bench");
    static final String DEFAULT_SCENARIO = "surge";
    /** The exit status of a run stopped by Ctrl-C (128 + SIGINT), as a shell reports it. */
    private static final int INTERRUPTED = 130;

    @Spec
    private CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "<name|file.json|trace.csv>", defaultValue = DEFAULT_SCENARIO,
            description = "a scenario by name (scenarios/sandbox, then scenarios/bench), a scenario file, or a trace "
                    + "(second,arrivals rows) run with the default scenario's fleet and policy "
                    + "(default: ${DEFAULT-VALUE})")
    private String scenario;

    @Option(names = "--target", paramLabel = "<kind>", defaultValue = "spot-fleet",
            description = "what the sandbox creates and scales: spot-fleet, ec2-fleet (a maintain EC2 Fleet) or "
                    + "auto-scaling-group (a group with a mixed instances policy) (default: ${DEFAULT-VALUE})")
    private String target;

    @Option(names = "--speed", paramLabel = "<n>", defaultValue = "60",
            description = "simulated seconds per real second, 1 to 600 (default: ${DEFAULT-VALUE})")
    private double speed;

    @Option(names = "--port", paramLabel = "<n>",
            description = "the emulator's port, 1024 to 65535 (default: a free one)")
    private Integer port;

    @Option(names = "--alarms", paramLabel = "1|0", defaultValue = "1",
            description = "1: the two backlog alarms (Terraform's default); 0: none, as with create_alarms = false "
                    + "(default: ${DEFAULT-VALUE})")
    private int alarms;

    @Option(names = "--schedule", paramLabel = "<seconds>", defaultValue = "60",
            description = "seconds between scheduled executions, 0 to 3600; 0: alarms only "
                    + "(default: ${DEFAULT-VALUE}, Terraform's rate(1 minute))")
    private long scheduleSeconds;

    @Option(names = "--pause-at", paramLabel = "<mm:ss[-mm:ss]>",
            description = "tag the fleet sfautoscaler:paused at this sandbox time (and delete the tag at the end of the"
                    + " range): the minutes in between show PAUSED decisions")
    private String pauseAt;

    @Option(names = "--verbose", paramLabel = "1|0", arity = "0..1", fallbackValue = "1", defaultValue = "0",
            description = "1 (or no value): print every decision and every execution's start and end, not only "
                    + "changes (default: ${DEFAULT-VALUE})")
    private int verbose;

    /** --pause-at, or null; a malformed one is a usage error. */
    PauseWindow pauseWindow() {
        if (pauseAt == null || pauseAt.isBlank()) {
            return null;
        }
        try {
            return PauseWindow.parse(pauseAt);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The sandbox's settings from the command line; a value out of range is a usage error. */
    Sandbox.Options options() {
        inRange("--speed", speed, 1, 600);
        if (port != null) {
            inRange("--port", port, 1024, 65535);
        }
        inRange("--schedule", scheduleSeconds, 0, 3600);
        if (alarms != 0 && alarms != 1) {
            throw new ParameterException(spec.commandLine(), "--alarms must be 1 (the two backlog alarms, Terraform's "
                    + "default) or 0 (none, as with create_alarms = false); got " + alarms);
        }
        if (verbose != 0 && verbose != 1) {
            throw new ParameterException(spec.commandLine(),
                    "--verbose must be 1 (every decision and execution) or 0; got " + verbose);
        }
        if (alarms == 0 && scheduleSeconds == 0) {
            throw new ParameterException(spec.commandLine(),
                    "with --alarms 0 and --schedule 0 nothing would start the workflow: keep one");
        }
        TargetKind kind = TargetKind.fromWireOrNull(target.trim());
        if (kind == null) {
            throw new ParameterException(spec.commandLine(), "--target must be spot-fleet, ec2-fleet or "
                    + "auto-scaling-group; got '" + target + "'");
        }
        Sandbox.Options options = Sandbox.Options.defaults(scenarioFile(scenario.trim())).withTarget(kind)
                .withSpeed(speed)
                .withAlarms(alarms == 1).withScheduleSeconds(scheduleSeconds).withVerbose(verbose == 1);
        return port == null ? options : options.withPort(port);
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Path outDir = Path.of("target", "sandbox");
        Sandbox sandbox;
        try {
            Sandbox.Options options = options();
            PauseWindow pause = pauseWindow();
            outDir = options.outDir();
            sandbox = new Sandbox(options, System.out);
            if (pause != null) {
                sandbox.pauseAt(pause);
            }
        } catch (SandboxException | ScenarioException e) {
            err.println("sandbox: " + e.getMessage());
            return 2;
        }
        Thread main = Thread.currentThread();
        Sandbox running = sandbox;
        Thread onInterrupt = new Thread(() -> {
            running.interrupt();
            System.out.println();
            System.out.println("Interrupted: stopping the emulator and the functions ...");
            try {
                main.join(15_000);
            } catch (InterruptedException ignored) {
                // the JVM is going down anyway
            }
        }, "sandbox-interrupt");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        int status;
        try {
            SandboxRun run = sandbox.run();
            status = run == null ? INTERRUPTED : 0;
        } catch (RuntimeException e) {
            // Ctrl-C reaches moto and the functions too: they may die before this JVM starts shutting down.
            if (shuttingDownWithin(1000)) {
                return INTERRUPTED;
            }
            if (e instanceof SandboxException || e instanceof ScenarioException) {
                err.println("sandbox: " + e.getMessage());
                status = 2;
            } else {
                status = 1;
                err.println("sandbox: " + e.getMessage() + " (details: " + writeDetails(outDir, e) + ")");
            }
        }
        if (status == INTERRUPTED) {
            // The JVM is shutting down (Ctrl-C): the hooks stop what is left; the caller must not exit.
            return status;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(onInterrupt);
        } catch (IllegalStateException shuttingDown) {
            return INTERRUPTED;
        }
        return status;
    }

    /** Whether the JVM is shutting down (a signal), waiting up to {@code millis} for it to start. */
    private static boolean shuttingDownWithin(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        do {
            try {
                Thread probe = new Thread(() -> { });
                Runtime.getRuntime().addShutdownHook(probe);
                Runtime.getRuntime().removeShutdownHook(probe);
            } catch (IllegalStateException shuttingDown) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        } while (System.nanoTime() < deadline);
        return false;
    }

    private void inRange(String option, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new ParameterException(spec.commandLine(), option + " must be from " + QueueAlarm.number(min)
                    + " to " + QueueAlarm.number(max) + "; got " + QueueAlarm.number(value));
        }
    }

    /**
     * A scenario by name (the sandbox's own, then the benchmark's) or by path; a trace file
     * ({@code second,arrivals}) runs with the default scenario's fleet and policy.
     */
    static Path scenarioFile(String given) {
        Path path = Path.of(given);
        if (Files.isRegularFile(path)) {
            return given.toLowerCase(Locale.ROOT).endsWith(".csv") ? traceScenario(path) : path;
        }
        for (Path dir : List.of(SANDBOX_SCENARIOS, BENCH_SCENARIOS)) {
            Path named = dir.resolve(given + ".json");
            if (Files.isRegularFile(named)) {
                return named;
            }
        }
        throw new SandboxException("no scenario '" + given + "': give a file (scenario .json or trace .csv) or one of "
                + String.join(", ", names()));
    }

    static List<String> names() {
        List<String> names = new ArrayList<>();
        for (Path dir : List.of(SANDBOX_SCENARIOS, BENCH_SCENARIOS)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".json")).sorted()
                        .map(f -> f.substring(0, f.length() - 5)).forEach(names::add);
            } catch (IOException e) {
                // a directory that is not there has no scenarios
            }
        }
        return names;
    }

    /** A scenario file around a trace: the default scenario with the trace's arrivals. */
    private static Path traceScenario(Path trace) {
        try {
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            var scenario = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(
                    Files.readString(SANDBOX_SCENARIOS.resolve(DEFAULT_SCENARIO + ".json")));
            String stem = trace.getFileName().toString().replaceFirst("(?i)\\.csv$", "");
            scenario.put("title", "Trace " + trace.getFileName());
            scenario.put("description", "Arrivals from " + trace + "; fleet and policy of the default scenario.");
            scenario.remove("durationSeconds");
            scenario.putObject("arrivals").put("trace", trace.toAbsolutePath().toString());
            Path dir = Path.of("target", "sandbox");
            Files.createDirectories(dir);
            Path file = dir.resolve(stem + ".json");
            Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(scenario));
            return file;
        } catch (IOException e) {
            throw new SandboxException("cannot use the trace " + trace + ": " + e.getMessage(), e);
        }
    }

    private static Path writeDetails(Path outDir, Throwable e) {
        Path file = outDir.resolve("sandbox-error.txt").toAbsolutePath();
        StringWriter text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        try {
            Files.createDirectories(outDir);
            Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
        } catch (IOException io) {
            return Path.of("(could not write " + file + ")");
        }
        return file;
    }
}
