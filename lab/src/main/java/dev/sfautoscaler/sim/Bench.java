package dev.sfautoscaler.sim;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lab bench} ({@code make bench}): every policy on every scenario; writes the report to the
 * output directory (README.md, results.json, charts/). Deterministic: the same code writes the same
 * bytes.
 */
@Command(name = "bench", sortOptions = false,
        description = {"Runs every policy on every scenario of the simulator and writes the report: README.md, "
                + "results.json and one chart per scenario. The same code writes the same bytes."})
public final class Bench implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--scenarios", paramLabel = "<dir>", defaultValue = "scenarios/bench",
            description = "every .json scenario in this directory (default: ${DEFAULT-VALUE})")
    private Path scenariosDir;

    @Option(names = "--policies", paramLabel = "<file.json>", defaultValue = "scenarios/policies.json",
            description = "the policies to compare (default: ${DEFAULT-VALUE})")
    private Path policiesFile;

    @Option(names = "--out", paramLabel = "<dir>", defaultValue = "docs/benchmarks",
            description = "where the report goes (default: ${DEFAULT-VALUE})")
    private Path out;

    @Option(names = "--only", paramLabel = "<name>", split = ",",
            description = "only these scenarios, by name (steady,step-surge); the report then covers only them")
    private List<String> only;

    @Option(names = "--table", description = "print the metrics as a table instead of writing the report")
    private boolean table;

    @Option(names = "--seeds", paramLabel = "<k>", split = ",",
            description = "print one table per k, each scenario's seed replaced by seed * 1000 + k, instead of "
                    + "writing the report")
    private List<Long> seeds;

    @Option(names = "--target-kind", paramLabel = "<kind>",
            description = "run every scenario on this kind of target: spot-fleet, ec2-fleet or auto-scaling-group "
                    + "(default: each scenario's plant.target)")
    private String targetKind;

    @Override
    public Integer call() throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        try {
            List<Scenario> scenarios = scenarios(scenariosDir, only == null ? List.of() : only);
            if (targetKind != null) {
                var kind = Policies.targetKind(spec, targetKind);
                scenarios = scenarios.stream().map(s -> s.withTarget(kind)).toList();
            }
            List<Policies.Spec> policies = Policies.load(policiesFile);
            if (seeds != null) {
                for (long seed : seeds) {
                    List<Scenario> reseeded = scenarios.stream().map(s -> s.withSeed(s.seed() * 1000 + seed)).toList();
                    console.print(table(reseeded, runAll(reseeded, policies)));
                }
            } else if (table) {
                console.print(table(scenarios, runAll(scenarios, policies)));
            } else {
                List<List<RunResult>> results = runAll(scenarios, policies);
                List<Long> reportSeeds = List.of(1L, 2L, 3L, 4L, 5L);
                List<List<List<RunResult>>> seeded = new ArrayList<>();
                for (long k : reportSeeds) {
                    seeded.add(runAll(scenarios.stream().map(s -> s.withSeed(s.seed() * 1000 + k)).toList(), policies));
                }
                BenchReport.write(out, scenarios, policies, results, reportSeeds, seeded);
                console.println("bench: wrote " + out.resolve("README.md") + ", results.json and "
                        + scenarios.size() + " charts");
            }
            console.flush();
            return 0;
        } catch (ScenarioException e) {
            spec.commandLine().getErr().println("bench: " + e.getMessage());
            return 2;
        }
    }

    static List<Scenario> scenarios(Path dir, List<String> wanted) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new ScenarioException("no directory " + dir + " (the scenarios: one .json file each)");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted(Comparator.comparing(Path::toString)).toList();
        }
        List<Scenario> out = new ArrayList<>();
        for (Path f : files) {
            Scenario s = ScenarioLoader.load(f);
            if (wanted.isEmpty() || wanted.contains(s.name())) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparingInt(s -> BenchReport.scenarioOrder(s.name())));
        if (out.isEmpty()) {
            throw new ScenarioException("no scenario in " + dir + (wanted.isEmpty() ? "" : " matches " + wanted));
        }
        return out;
    }

    static List<List<RunResult>> runAll(List<Scenario> scenarios, List<Policies.Spec> policies) {
        List<List<RunResult>> all = new ArrayList<>();
        for (Scenario s : scenarios) {
            List<RunResult> row = new ArrayList<>();
            for (Policies.Spec p : policies) {
                row.add(Simulation.run(s, p.create(s)));
            }
            all.add(row);
        }
        return all;
    }

    static String table(List<Scenario> scenarios, List<List<RunResult>> results) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario s = scenarios.get(i);
            b.append(String.format(Locale.ROOT, "%n== %s (SLO %d s, bpu %d, limit %.1f unit-h)%n", s.name(),
                    s.sloWaitSeconds(), s.policy().backlogPerUnit(), results.get(i).get(0).physicalLimitUnitHours()));
            b.append(String.format(Locale.ROOT, "%-24s %7s %7s %7s %7s %8s %8s %6s %5s %6s %6s %7s%n", "policy", "p50",
                    "p95", "max", "sloSec", "msgsOver", "unit-h", "ratio", "chg", "exec", "trans", "endBkl"));
            for (RunResult r : results.get(i)) {
                b.append(String.format(Locale.ROOT, "%-24s %7.1f %7.1f %7.1f %7d %8d %8.2f %6.3f %5d %6d %6d %7d%n",
                        r.policy(), r.waitP50Seconds(), r.waitP95Seconds(), r.waitMaxSeconds(), r.secondsOverSlo(),
                        r.messagesOverSlo(), r.capacityUnitHours(), r.costRatio(), r.capacityChanges(), r.executions(),
                        r.stateTransitions(), r.backlogAtEnd()));
            }
        }
        return b.toString();
    }
}
