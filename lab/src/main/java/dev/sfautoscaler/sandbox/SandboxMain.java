package dev.sfautoscaler.sandbox;

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
import java.util.stream.Stream;

/**
 * {@code make sandbox}: {@code SandboxMain [--scenario name|file.json|trace.csv] [--speed n] [--port n]
 * [--alarms 1|0] [--schedule seconds] [--verbose 1]}. Problems a person can fix are one sentence on stderr and exit code 2; an
 * interrupted run (Ctrl-C) stops everything it started.
 */
public final class SandboxMain {

    static final Path SANDBOX_SCENARIOS = Path.of("scenarios", "sandbox");
    static final Path BENCH_SCENARIOS = Path.of("scenarios", "bench");
    static final String DEFAULT_SCENARIO = "surge";

    private SandboxMain() {
    }

    public static void main(String[] args) {
        Path outDir = Path.of("target", "sandbox");
        Sandbox sandbox;
        try {
            Sandbox.Options options = parse(args);
            outDir = options.outDir();
            sandbox = new Sandbox(options, System.out);
        } catch (SandboxException | ScenarioException e) {
            System.err.println("sandbox: " + e.getMessage());
            System.exit(2);
            return;
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
            status = run == null ? 130 : 0;
        } catch (RuntimeException e) {
            // Ctrl-C reaches moto and the functions too: they may die before this JVM starts shutting down.
            if (shuttingDownWithin(1000)) {
                return;
            }
            if (e instanceof SandboxException || e instanceof ScenarioException) {
                System.err.println("sandbox: " + e.getMessage());
                status = 2;
            } else {
                status = 1;
                System.err.println("sandbox: " + e.getMessage() + " (details: " + writeDetails(outDir, e) + ")");
            }
        }
        if (status == 130) {
            // The JVM is shutting down (Ctrl-C): the hooks stop what is left; exiting again would block.
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(onInterrupt);
        } catch (IllegalStateException shuttingDown) {
            return;
        }
        System.exit(status);
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

    static Sandbox.Options parse(String[] args) {
        String scenario = "";
        String speed = "";
        String port = "";
        String schedule = "";
        String alarms = "";
        String verbose = "";
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new SandboxException("option " + option + " needs a value; usage: " + usage());
            }
            String value = args[++i].trim();
            switch (option) {
                case "--scenario" -> scenario = value;
                case "--speed" -> speed = value;
                case "--port" -> port = value;
                case "--schedule" -> schedule = value;
                case "--alarms" -> alarms = value;
                case "--verbose" -> verbose = value;
                default -> throw new SandboxException("unknown option " + option + "; usage: " + usage());
            }
        }
        Sandbox.Options options = Sandbox.Options.defaults(scenarioFile(scenario));
        if (!speed.isEmpty()) {
            options = options.withSpeed(number("SPEED", speed, 1, 600));
        }
        if (!port.isEmpty()) {
            options = options.withPort((int) number("PORT", port, 1024, 65535));
        }
        if (!schedule.isEmpty()) {
            options = options.withScheduleSeconds((long) number("SCHEDULE", schedule, 0, 3600));
        }
        if (!alarms.isEmpty()) {
            if (!alarms.equals("0") && !alarms.equals("1")) {
                throw new SandboxException("ALARMS must be 1 (the two backlog alarms, Terraform's default) or 0 "
                        + "(none, as with create_alarms = false); got '" + alarms + "'");
            }
            options = options.withAlarms(alarms.equals("1"));
        }
        if (!verbose.isEmpty()) {
            if (!verbose.equals("0") && !verbose.equals("1")) {
                throw new SandboxException("VERBOSE must be 1 (every decision and execution) or 0; got '" + verbose + "'");
            }
            options = options.withVerbose(verbose.equals("1"));
        }
        if (!options.alarms() && options.scheduleSeconds() == 0) {
            throw new SandboxException("with ALARMS=0 and SCHEDULE=0 nothing would start the workflow: keep one");
        }
        return options;
    }

    private static String usage() {
        return "make sandbox [SCENARIO=name|file.json|trace.csv] [SPEED=simulated seconds per real second] [PORT=n] "
                + "[ALARMS=1|0] [SCHEDULE=seconds|0] [VERBOSE=1]";
    }

    private static double number(String name, String value, double min, double max) {
        double v;
        try {
            v = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new SandboxException(name + " must be a number from " + QueueAlarm.number(min) + " to "
                    + QueueAlarm.number(max) + "; got '" + value + "'");
        }
        if (!(v >= min && v <= max)) {
            throw new SandboxException(name + " must be from " + QueueAlarm.number(min) + " to "
                    + QueueAlarm.number(max) + "; got " + value);
        }
        return v;
    }

    /**
     * A scenario by name (the sandbox's own, then the benchmark's) or by path; a trace file
     * ({@code second,arrivals}) runs with the default scenario's fleet and policy.
     */
    static Path scenarioFile(String given) {
        if (given.isEmpty()) {
            return SANDBOX_SCENARIOS.resolve(DEFAULT_SCENARIO + ".json");
        }
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
