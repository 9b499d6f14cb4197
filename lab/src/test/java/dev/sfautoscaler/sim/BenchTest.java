package dev.sfautoscaler.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfautoscaler.lab.LabRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lab bench}: its options reach the benchmark. */
class BenchTest {

    @TempDir
    Path dir;
    private Path scenarios;
    private Path policies;

    @BeforeEach
    void twoTinyScenariosAndTwoPolicies() throws Exception {
        scenarios = Files.createDirectories(dir.resolve("scenarios"));
        for (String name : new String[] {"steady", "step-surge"}) {
            Files.writeString(scenarios.resolve(name + ".json"), """
                    {"title": "Tiny %s", "sloWaitSeconds": 60, "durationSeconds": 1200,
                     "arrivals": {"segments": [{"seconds": 600, "rate": 3}, {"seconds": 600, "rate": 0.5}]},
                     "plant": {"processingSeconds": 2, "initialCapacity": 2},
                     "policy": {"minCapacity": 1, "maxCapacity": 12}}
                    """.formatted(name));
        }
        policies = dir.resolve("policies.json");
        Files.writeString(policies, """
                [{"name": "keda", "kind": "keda"}, {"name": "ours-default", "kind": "ours"}]
                """);
    }

    private LabRun bench(String... options) {
        String[] args = new String[options.length + 5];
        args[0] = "bench";
        args[1] = "--scenarios";
        args[2] = scenarios.toString();
        args[3] = "--policies";
        args[4] = policies.toString();
        System.arraycopy(options, 0, args, 5, options.length);
        return LabRun.of(args);
    }

    @Test
    void writesTheReportOfTheChosenScenariosWhereAsked() {
        Path out = dir.resolve("report");
        LabRun run = bench("--out", out.toString(), "--only", "step-surge");
        assertEquals(0, run.status(), run.err());
        assertEquals("bench: wrote " + out.resolve("README.md") + ", results.json and 1 charts\n", run.out());
        assertTrue(Files.exists(out.resolve("charts/step-surge.svg")));
        assertFalse(Files.exists(out.resolve("charts/steady.svg")), "--only leaves the others out");
    }

    @Test
    void aTablePerSeedInsteadOfTheReport() {
        LabRun table = bench("--table", "--out", dir.resolve("none").toString());
        assertEquals(0, table.status(), table.err());
        assertTrue(table.out().contains("== steady (SLO 60 s") && table.out().contains("== step-surge (SLO 60 s"),
                table.out());
        assertTrue(table.out().contains("\nours-default "), table.out());
        assertFalse(Files.exists(dir.resolve("none")), "a table writes no report");

        LabRun seeds = bench("--seeds", "1,2", "--only", "steady");
        assertEquals(0, seeds.status(), seeds.err());
        assertEquals(2, seeds.out().split("== steady ", -1).length - 1, seeds.out());
    }

    @Test
    void aMissingDirectoryOrAnUnknownScenarioIsOneSentence() {
        LabRun noDir = LabRun.of("bench", "--scenarios", dir.resolve("nope").toString(), "--table");
        assertEquals(2, noDir.status());
        assertEquals("bench: no directory " + dir.resolve("nope") + " (the scenarios: one .json file each)\n",
                noDir.err());
        LabRun noMatch = bench("--only", "stedy", "--table");
        assertEquals(2, noMatch.status());
        assertEquals("bench: no scenario in " + scenarios + " matches [stedy]\n", noMatch.err());
    }
}
