package dev.sfautoscaler.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The options of make sandbox, and the one sentence a person gets for each mistake. */
class SandboxMainTest {

    @Test
    void withoutOptionsTheDefaultScenarioRunsAtOneSimulatedMinutePerSecond() {
        Sandbox.Options o = SandboxMain.parse(new String[0]);
        assertEquals(Path.of("scenarios/sandbox/surge.json"), o.scenarioFile());
        assertEquals(60, o.speed());
        assertEquals(0, o.port());
    }

    @Test
    void aScenarioIsFoundByNameAmongTheSandboxsThenTheBenchmarks() {
        assertEquals(Path.of("scenarios/sandbox/short-surge.json"),
                SandboxMain.parse(new String[] {"--scenario", "short-surge"}).scenarioFile());
        assertEquals(Path.of("scenarios/bench/step-surge.json"),
                SandboxMain.parse(new String[] {"--scenario", "step-surge"}).scenarioFile());
    }

    @Test
    void anUnknownScenarioNamesTheKnownOnes() {
        String message = assertThrows(SandboxException.class,
                () -> SandboxMain.parse(new String[] {"--scenario", "nope"})).getMessage();
        assertTrue(message.startsWith("no scenario 'nope': give a file (scenario .json or trace .csv) or one of "),
                message);
        assertTrue(message.contains("surge") && message.contains("steady"), message);
    }

    @Test
    void aTraceRunsWithTheDefaultFleetAndPolicy(@TempDir Path dir) throws IOException {
        Path trace = dir.resolve("burst.csv");
        Files.writeString(trace, "second,arrivals\n0,3\n60,5\n");
        Path scenario = SandboxMain.parse(new String[] {"--scenario", trace.toString()}).scenarioFile();
        var json = new ObjectMapper().readTree(scenario.toFile());
        assertEquals(trace.toAbsolutePath().toString(), json.path("arrivals").path("trace").asText());
        assertEquals(10, json.path("policy").path("backlogPerUnit").asInt());
    }

    @Test
    void badNumbersAreOneSentence() {
        assertEquals("SPEED must be a number from 1 to 600; got 'fast'", assertThrows(SandboxException.class,
                () -> SandboxMain.parse(new String[] {"--speed", "fast"})).getMessage());
        assertEquals("PORT must be from 1024 to 65535; got 80", assertThrows(SandboxException.class,
                () -> SandboxMain.parse(new String[] {"--port", "80"})).getMessage());
    }

    @Test
    void aPortInUseIsOneSentence() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertEquals("port " + port + " is in use by another program: pick another PORT=, or leave PORT out and "
                    + "the sandbox takes a free one",
                    assertThrows(SandboxException.class, () -> Sandbox.requireFreePort(port)).getMessage());
        }
    }
}
