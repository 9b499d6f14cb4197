package dev.sfautoscaler.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfautoscaler.lab.Lab;
import dev.sfautoscaler.core.TargetKind;
import dev.sfautoscaler.lab.LabRun;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The options of {@code lab sandbox} (make sandbox), and the one sentence a person gets for each mistake. */
class SandboxMainTest {

    private static final Path SURGE = Path.of("scenarios/sandbox/surge.json");

    /** The sandbox's settings from a command line, without running it. */
    private static Sandbox.Options options(String... options) {
        CommandLine lab = Lab.commandLine();
        String[] args = new String[options.length + 1];
        args[0] = "sandbox";
        System.arraycopy(options, 0, args, 1, options.length);
        lab.parseArgs(args);
        SandboxMain sandbox = lab.getSubcommands().get("sandbox").getCommand();
        return sandbox.options();
    }

    /** A command line the sandbox refuses before it starts anything. */
    private static String refused(String... options) {
        String[] args = new String[options.length + 1];
        args[0] = "sandbox";
        System.arraycopy(options, 0, args, 1, options.length);
        LabRun run = LabRun.of(args);
        assertEquals(2, run.status(), run.out() + run.err());
        assertEquals("", run.out());
        return run.err().lines().findFirst().orElseThrow();
    }

    @Test
    void withoutOptionsTheDefaultScenarioRunsAsTerraformDeploysIt() {
        Sandbox.Options o = options();
        assertEquals(Sandbox.Options.defaults(SURGE), o);
        assertEquals(60, o.speed());
        assertEquals(0, o.port());
    }

    @Test
    void everyOptionReachesTheSandbox() {
        assertEquals(Sandbox.Options.defaults(Path.of("scenarios/sandbox/short-surge.json")).withSpeed(15)
                .withPort(20_000).withAlarms(false).withScheduleSeconds(120).withVerbose(true),
                options("--scenario", "short-surge", "--speed", "15", "--port", "20000", "--alarms", "0",
                        "--schedule", "120", "--verbose", "1"));
        assertEquals(Sandbox.Options.defaults(SURGE).withVerbose(true), options("--verbose"));
        assertEquals(Sandbox.Options.defaults(SURGE).withScheduleSeconds(0), options("--schedule=0"));
        assertEquals(Sandbox.Options.defaults(SURGE).withTarget(TargetKind.AUTO_SCALING_GROUP),
                options("--target", "auto-scaling-group"));
        assertEquals(TargetKind.EC2_FLEET, options("--target=ec2-fleet").target());
        assertEquals(TargetKind.SPOT_FLEET, options().target());
    }

    @Test
    void aScenarioIsFoundByNameAmongTheSandboxsThenTheBenchmarks() {
        assertEquals(Path.of("scenarios/sandbox/short-surge.json"),
                options("--scenario", "short-surge").scenarioFile());
        assertEquals(Path.of("scenarios/bench/step-surge.json"), options("--scenario", "step-surge").scenarioFile());
    }

    @Test
    void anUnknownScenarioNamesTheKnownOnes() {
        String message = assertThrows(SandboxException.class, () -> options("--scenario", "nope")).getMessage();
        assertTrue(message.startsWith("no scenario 'nope': give a file (scenario .json or trace .csv) or one of "),
                message);
        assertTrue(message.contains("surge") && message.contains("steady"), message);
        assertTrue(refused("--scenario", "nope").startsWith("sandbox: no scenario 'nope': give a file"));
    }

    @Test
    void aTraceRunsWithTheDefaultFleetAndPolicy(@TempDir Path dir) throws IOException {
        Path trace = dir.resolve("burst.csv");
        Files.writeString(trace, "second,arrivals\n0,3\n60,5\n");
        Path scenario = options("--scenario", trace.toString()).scenarioFile();
        var json = new ObjectMapper().readTree(scenario.toFile());
        assertEquals(trace.toAbsolutePath().toString(), json.path("arrivals").path("trace").asText());
        assertEquals(10, json.path("policy").path("backlogPerUnit").asInt());
    }

    @Test
    void badValuesAreOneSentence() {
        assertEquals("sandbox: Invalid value for option '--speed': 'fast' is not a number", refused("--speed", "fast"));
        assertEquals("sandbox: --speed must be from 1 to 600; got 601", refused("--speed", "601"));
        assertEquals("sandbox: --port must be from 1024 to 65535; got 80", refused("--port", "80"));
        assertEquals("sandbox: --schedule must be from 0 to 3600; got -1", refused("--schedule", "-1"));
        assertEquals("sandbox: --alarms must be 1 (the two backlog alarms, Terraform's default) or 0 (none, as with "
                + "create_alarms = false); got 2", refused("--alarms", "2"));
        assertEquals("sandbox: --verbose must be 1 (every decision and execution) or 0; got 2",
                refused("--verbose", "2"));
        assertEquals("sandbox: --target must be spot-fleet, ec2-fleet or auto-scaling-group; got 'asg'",
                refused("--target", "asg"));
        assertEquals("sandbox: with --alarms 0 and --schedule 0 nothing would start the workflow: keep one",
                refused("--alarms", "0", "--schedule", "0"));
    }

    @Test
    void aPortInUseIsOneSentence() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertEquals("port " + port + " is in use by another program: pick another (PORT= for make sandbox, "
                    + "--port for lab sandbox), or leave it out and the sandbox takes a free one",
                    assertThrows(SandboxException.class, () -> Sandbox.requireFreePort(port)).getMessage());
        }
    }

    @Test
    void pauseAtIsARangeOfSandboxTime() {
        assertEquals(new PauseWindow(1200, java.util.OptionalLong.empty()), PauseWindow.parse("20:00"));
        assertEquals(new PauseWindow(1230, java.util.OptionalLong.of(1800)), PauseWindow.parse("20:30-30:00"));
        assertEquals("sandbox: --pause-at must be mm:ss or mm:ss-mm:ss of sandbox time (e.g. 20:00 or 20:00-30:00);"
                + " got '20'", refused("--pause-at", "20"));
        assertEquals("sandbox: --pause-at must end after it starts; got '30:00-20:00'",
                refused("--pause-at", "30:00-20:00"));
    }
}
