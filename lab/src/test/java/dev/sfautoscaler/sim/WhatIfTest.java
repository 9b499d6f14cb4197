package dev.sfautoscaler.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WhatIfTest {

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
        String out = WhatIf.run(new String[] {"--scenario", scenario.toString(), "--trace", trace.toString(),
            "--policy", policy.toString(), "--decisions"});
        JsonNode json = new ObjectMapper().readTree(out);
        assertEquals("mine", json.get("policy").asText());
        assertEquals(300 * 6 + 300, json.get("metrics").get("arrived").asLong());
        assertEquals(600 + ScenarioLoader.TRACE_TAIL_SECONDS, json.get("durationSeconds").asLong());
        assertEquals(20, json.get("settings").get("policy").get("backlogPerUnit").asLong());
        assertTrue(json.get("metrics").get("capacityChanges").asInt() > 0);
        assertTrue(json.get("decisions").size() > 0);
    }

    @Test
    void badArgumentsSayHowToCallIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WhatIf.run(new String[] {"--scenaro", "x.json"}));
        assertTrue(e.getMessage().contains("unknown option --scenaro; usage: --scenario"), e.getMessage());
        ScenarioException missing = assertThrows(ScenarioException.class,
                () -> WhatIf.run(new String[] {"--scenario", "scenarios/bench/steady.json", "--policy", "nope"}));
        assertTrue(missing.getMessage().contains("no policy named 'nope'"), missing.getMessage());
    }
}
