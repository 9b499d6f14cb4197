package dev.sfautoscaler.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfautoscaler.lab.LabRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lab whatif}: its options reach the run, and what it prints. */
class WhatIfTest {

    private static final String STEADY = "scenarios/bench/steady.json";

    private static JsonNode whatif(String... options) throws Exception {
        String[] args = new String[options.length + 1];
        args[0] = "whatif";
        System.arraycopy(options, 0, args, 1, options.length);
        LabRun run = LabRun.of(args);
        assertEquals(0, run.status(), run.err());
        assertEquals("", run.err());
        return new ObjectMapper().readTree(run.out());
    }

    @Test
    void replaysATraceAgainstAPolicyFileAndPrintsTheMetrics(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("plant.json");
        Files.writeString(scenario, """
                {"sloWaitSeconds": 120, "arrivals": {"segments": [{"seconds": 60, "rate": 1}]},
                 "plant": {"processingSeconds": 2, "initialCapacity": 1}, "policy": {"maxCapacity": 20}}
                """);
        Path trace = dir.resolve("traffic.csv");
        StringBuilder csv = new StringBuilder("second,arrivals\n");
        for (int s = 0; s < 600; s++) {
            csv.append(s).append(',').append(s < 300 ? 6 : 1).append('\n');
        }
        Files.writeString(trace, csv);
        Path policy = dir.resolve("mine.json");
        Files.writeString(policy, """
                {"name": "mine", "kind": "ours", "policy": {"backlogPerUnit": 20, "scaleInCooldownSeconds": 60}}
                """);
        JsonNode json = whatif("--scenario", scenario.toString(), "--trace", trace.toString(),
                "--policy", policy.toString(), "--decisions");
        assertEquals("mine", json.get("policy").asText());
        assertEquals(300 * 6 + 300, json.get("metrics").get("arrived").asLong());
        assertEquals(600 + ScenarioLoader.TRACE_TAIL_SECONDS, json.get("durationSeconds").asLong());
        assertEquals(20, json.get("settings").get("policy").get("backlogPerUnit").asLong());
        assertTrue(json.get("metrics").get("capacityChanges").asInt() > 0);
        assertTrue(json.get("decisions").size() > 0);
        assertFalse(json.has("series"), "the samples only with --series");
    }

    @Test
    void seedDurationPolicyAndSeriesChangeTheRun() throws Exception {
        JsonNode hour = whatif("--scenario", STEADY, "--duration", "3600");
        assertEquals(3600, hour.get("durationSeconds").asLong());
        assertEquals("ours-default", hour.get("policy").asText());
        assertFalse(hour.has("decisions") || hour.has("series"));

        JsonNode again = whatif("--scenario", STEADY, "--duration", "3600");
        assertEquals(hour, again, "the same options, the same run");
        JsonNode reseeded = whatif("--scenario", STEADY, "--duration", "3600", "--seed", "7");
        assertNotEquals(hour.get("metrics"), reseeded.get("metrics"), "another seed, other arrivals");

        JsonNode keda = whatif("--scenario", STEADY, "--duration", "3600", "--policy", "keda", "--series");
        assertEquals("keda", keda.get("policy").asText());
        assertTrue(keda.get("series").size() > 0);
    }

    @Test
    void badArgumentsSayHowToCallIt() {
        LabRun misspelt = LabRun.of("whatif", "--scenaro", "x.json");
        assertEquals(2, misspelt.status());
        assertTrue(misspelt.err().startsWith("whatif: Unknown option: '--scenaro'\nDid you mean --scenario?\n"),
                misspelt.err());
        LabRun unknownPolicy = LabRun.of("whatif", "--scenario", STEADY, "--policy", "nope");
        assertEquals(2, unknownPolicy.status());
        assertTrue(unknownPolicy.err().startsWith(
                "whatif: no policy named 'nope' in scenarios/policies.json; known: ["), unknownPolicy.err());
        LabRun noTime = LabRun.of("whatif", "--scenario", STEADY, "--duration", "0");
        assertEquals(2, noTime.status());
        assertTrue(noTime.err().startsWith("whatif: --duration must be at least 1 second; got 0\n"), noTime.err());
        assertEquals("", noTime.out());
    }
}
