package dev.sfautoscaler.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class BenchReportTest {

    private static Scenario tiny(String name) {
        return ScenarioLoader.parse(TestScenarios.json("""
                {"name": "%s", "title": "Tiny %s", "sloWaitSeconds": 60, "durationSeconds": 1200,
                 "arrivals": {"segments": [{"seconds": 600, "rate": 3}, {"seconds": 600, "rate": 0.5}]},
                 "plant": {"processingSeconds": 2, "initialCapacity": 2},
                 "policy": {"minCapacity": 1, "maxCapacity": 12}}
                """.formatted(name, name)), name, name + ".json", Path.of("."));
    }

    private static final List<Policies.Spec> POLICIES = List.of(
            TestScenarios.spec("{\"name\": \"keda\", \"kind\": \"keda\", \"description\": \"KEDA-style.\"}"),
            TestScenarios.spec("{\"name\": \"original\", \"kind\": \"original\"}"),
            TestScenarios.spec("{\"name\": \"ours-default\", \"kind\": \"ours\"}"),
            TestScenarios.spec("{\"name\": \"ours-terminate\", \"kind\": \"ours\", \"policy\": {\"scaleIn\": \"terminate\"}}"));

    private static void write(Path out) {
        List<Scenario> scenarios = List.of(tiny("steady"), tiny("step-surge"));
        List<Long> seeds = List.of(1L, 2L);
        List<List<List<RunResult>>> seeded = seeds.stream().map(k -> Bench.runAll(
                scenarios.stream().map(s -> s.withSeed(s.seed() * 1000 + k)).toList(), POLICIES)).toList();
        BenchReport.write(out, scenarios, POLICIES, Bench.runAll(scenarios, POLICIES), seeds, seeded);
    }

    @Test
    void writesReadmeResultsAndOneChartPerScenarioByteForByteTheSameTwice(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        write(a);
        write(b);
        for (String f : List.of("README.md", "results.json", "charts/steady.svg", "charts/step-surge.svg")) {
            assertTrue(Files.exists(a.resolve(f)), f);
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f + " differs");
        }
        String readme = Files.readString(a.resolve("README.md"));
        assertTrue(readme.contains("## The targets, checked"), readme);
        assertTrue(readme.contains("| keda | "), "a verdict row per alternative");
        assertTrue(readme.contains("## Tiny steady (`steady`)"));
        assertTrue(readme.contains("![steady: backlog and capacity of every policy](charts/steady.svg)"));
        assertTrue(readme.contains("| **ours-default** |"), "ours is marked in the scenario tables");
        assertTrue(readme.contains("| *physical limit* |"));

        JsonNode results = new ObjectMapper().readTree(a.resolve("results.json").toFile());
        assertEquals(2, results.get("scenarios").size());
        JsonNode runs = results.get("scenarios").get(0).get("runs");
        assertEquals(4, runs.size());
        assertEquals("ours-default", runs.get(2).get("policy").asText());
        assertTrue(runs.get(2).get("capacityUnitHours").asDouble() > 0);
        assertEquals(2, results.get("scenarios").get(0).get("otherSeeds").size());
        JsonNode seedRun = results.get("scenarios").get(0).get("otherSeeds").get(0).get("runs").get(2);
        assertTrue(seedRun.has("lostMessages") && seedRun.has("reprocessedUnitHours"), "lost work on every seed: " + seedRun);

        // Drain against terminate (issue 13): a section and the fourth target, from the same runs.
        assertTrue(readme.contains("4. **Drain against terminate: long-processing met with zero lost work;"), readme);
        assertTrue(readme.contains("(a) long-processing: not run."), "long-processing is not among these scenarios");
        assertTrue(readme.indexOf("## Drain against terminate\n") > readme.indexOf("## The targets, checked"), readme);
        assertTrue(readme.indexOf("## Drain against terminate\n") < readme.indexOf("## All policies at a glance"), readme);
        assertTrue(readme.contains("| steady | "), readme);

        // The control loop's bill: a column in every scenario table, ours priced, the others not.
        assertTrue(readme.contains("| backlog at end | work left, unit-h | control loop USD per fleet-month |"), readme);
        String oursRow = readme.lines().filter(l -> l.startsWith("| **ours-default** |")).findFirst().orElseThrow();
        double oursUsd = runs.get(2).get("controlLoopUsdPerFleetMonth").asDouble();
        assertTrue(oursUsd > 0, "ours has a bill");
        assertTrue(oursRow.endsWith(" | " + BenchReport.f2(oursUsd) + " |"), oursRow);
        String kedaRow = readme.lines().filter(l -> l.startsWith("| keda | ")).skip(1).findFirst().orElseThrow();
        assertTrue(kedaRow.endsWith(" | – |"), kedaRow);
        assertTrue(runs.get(0).get("controlLoopUsdPerFleetMonth") == null, "no bill for a baseline");
        assertTrue(readme.contains("## The control loop's bill"));
        assertTrue(readme.contains("| **at rest** (no change for a month) | **0.28** | **0.28** | 7.72 |"),
                "ours-default and ours-terminate at rest");
        assertTrue(readme.contains("**Target: under 0.50 USD per fleet-month at rest: met** (0.28 USD; 7.72 before check)"),
                readme);

        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document svg = f.newDocumentBuilder().parse(a.resolve("charts/steady.svg").toFile());
        assertEquals("svg", svg.getDocumentElement().getLocalName());
        // Two lines (backlog, capacity) per policy plus the work-arriving reference line.
        assertEquals(2 * POLICIES.size() + 1, svg.getElementsByTagName("polyline").getLength());
        assertEquals(0, svg.getElementsByTagName("script").getLength());
    }
}
