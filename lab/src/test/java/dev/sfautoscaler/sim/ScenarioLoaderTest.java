package dev.sfautoscaler.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioLoaderTest {

    private static final String MINIMAL = """
            {"sloWaitSeconds": 300, "durationSeconds": 60,
             "arrivals": {"segments": [{"seconds": 60, "rate": 1}]},
             "plant": {"processingSeconds": 2}%s}
            """;

    @Test
    void aMisspeltFieldIsAnErrorNamingFileAndField() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> TestScenarios.parse("""
                {"sloWaitSeconds": 300, "durationSeconds": 60,
                 "arrivals": {"segments": [{"seconds": 60, "rate": 1}]},
                 "plant": {"processingSeconds": 2, "bootSecond": 30}}
                """));
        assertTrue(e.getMessage().startsWith("test.json: plant.bootSecond is not a known field here; known fields are "
                + "bootSeconds, "), e.getMessage());
    }

    @Test
    void theSloIsRequired() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> TestScenarios.parse("""
                {"durationSeconds": 60, "arrivals": {"segments": [{"seconds": 60, "rate": 1}]},
                 "plant": {"processingSeconds": 2}}
                """));
        assertTrue(e.getMessage().contains("sloWaitSeconds is required"), e.getMessage());
    }

    @Test
    void policyFieldsAreTheExecutionInputsAndAreValidatedByTheCore() {
        Scenario s = TestScenarios.parse(MINIMAL.formatted(
                ", \"policy\": {\"minCapacity\": 2, \"maxCapacity\": 9, \"inFlightPerUnit\": 4}"));
        assertEquals(2, s.policy().minCapacity());
        assertEquals(4, s.policy().inFlightPerUnit());
        assertEquals(75, s.policy().backlogPerUnit(), "derived: 300 s x 0.5 / 2 s");
        ScenarioException e = assertThrows(ScenarioException.class, () -> TestScenarios.parse(MINIMAL.formatted(
                ", \"policy\": {\"minCapacity\": 5, \"maxCapacity\": 2}")));
        assertEquals("test.json: policy.minCapacity must not exceed policy.maxCapacity (5 > 2)", e.getMessage());
        e = assertThrows(ScenarioException.class, () -> TestScenarios.parse(MINIMAL.formatted(
                ", \"policy\": {\"mode\": \"aggressive\"}")));
        assertEquals("test.json: policy.mode must be one of target-tracking, step; got 'aggressive'", e.getMessage());
    }

    @Test
    void arrivalsBeyondTheDurationAreRefused() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> TestScenarios.parse("""
                {"sloWaitSeconds": 300, "durationSeconds": 30,
                 "arrivals": {"segments": [{"seconds": 60, "rate": 1}]}, "plant": {"processingSeconds": 2}}
                """));
        assertTrue(e.getMessage().contains("arrivals continue until second"), e.getMessage());
    }

    @Test
    void exactCountsAddUpToTheRate() {
        Scenario s = TestScenarios.parse("""
                {"sloWaitSeconds": 300, "arrivals": {"poisson": false, "segments": [{"seconds": 100, "rate": 0.25},
                 {"seconds": 100, "from": 0, "to": 2}]}, "plant": {"processingSeconds": 2}}
                """);
        assertEquals(25 + 100, s.arrivals().total());
        assertEquals(200 + ScenarioLoader.TRACE_TAIL_SECONDS, s.durationSeconds(), "no duration: arrivals + tail");
    }

    @Test
    void aTraceIsReadWithOrWithoutHeaderAndBadRowsNameTheLine(@TempDir Path dir) throws IOException {
        Path ok = dir.resolve("ok.csv");
        Files.writeString(ok, "# comment\nsecond,arrivals\n0,3\n5,2\n\n9,0\n");
        Arrivals a = Arrivals.trace(ok);
        assertEquals(10, a.seconds());
        assertEquals(5, a.total());
        assertEquals(2, a.at(5));
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "0,3\n5,2\n4,1\n");
        ScenarioException e = assertThrows(ScenarioException.class, () -> Arrivals.trace(bad));
        assertTrue(e.getMessage().endsWith("bad.csv:3: seconds must increase; 4 comes after 5"), e.getMessage());
        Path text = dir.resolve("text.csv");
        Files.writeString(text, "0,three\n");
        e = assertThrows(ScenarioException.class, () -> Arrivals.trace(text));
        assertTrue(e.getMessage().contains("text.csv:1: second and arrivals must be whole numbers"), e.getMessage());
    }

    @Test
    void aTraceNamedInAScenarioIsResolvedNextToIt(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("t.csv"), "0,4\n1,4\n");
        Path scenario = dir.resolve("mine.json");
        Files.writeString(scenario, """
                {"sloWaitSeconds": 60, "arrivals": {"trace": "t.csv"}, "plant": {"processingSeconds": 1}}
                """);
        Scenario s = ScenarioLoader.load(scenario);
        assertEquals("mine", s.name());
        assertEquals(8, s.arrivals().total());
    }

    @Test
    void everyShippedScenarioAndPolicyLoads() throws IOException {
        List<Path> files;
        try (Stream<Path> f = Files.list(Path.of("scenarios", "bench"))) {
            files = f.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertEquals(14, files.size(), files.toString());
        List<Policies.Spec> policies = Policies.load(Path.of("scenarios", "policies.json"));
        for (Path f : files) {
            Scenario s = ScenarioLoader.load(f);
            assertTrue(BenchReport.ORDER.contains(s.name()), s.name());
            for (Policies.Spec p : policies) {
                p.create(s);
            }
        }
    }
}
